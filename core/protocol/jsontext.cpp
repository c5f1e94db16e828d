#include "jsontext.h"

QString JsonText::indent(QByteArrayView json)
{
    // RFC 8259 2: whitespace outside strings is insignificant, so it is dropped and put back;
    // inside a string everything is kept, up to the closing quote not escaped by a backslash.
    QByteArray out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&] {
        out += '\n';
        out += QByteArray(qMax(0, depth) * 4, ' ');
    };
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            // An empty object or array stays on its line: {} and [].
            qsizetype next = i + 1;
            while (next < json.size() && isSpace(json.at(next)))
                ++next;
            if (next < json.size() && (json.at(next) == '}' || json.at(next) == ']')) {
                out += c;
                out += json.at(next);
                i = next;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            if (!isSpace(c))
                out += c;
            break;
        }
    }
    return QString::fromUtf8(out);
}
