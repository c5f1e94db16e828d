#include "sseeventparser.h"

#include <cstring>

SseEventParser::SseEventParser(Handler handler)
    : m_handler(std::move(handler))
{
}

void SseEventParser::feed(std::string_view bytes)
{
    size_t start = 0;
    if (m_skipLf && !bytes.empty()) {
        if (bytes[0] == '\n')
            start = 1;
        m_skipLf = false;
    }
    // WHATWG 9.2.5: lines end with CRLF, a lone LF, or a lone CR.
    for (size_t i = start; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\n' && c != '\r')
            continue;
        if (m_partialLine.empty()) {
            processLine(bytes.substr(start, i - start));
        } else {
            m_partialLine.append(bytes.substr(start, i - start));
            processLine(m_partialLine);
            m_partialLine.clear();
        }
        if (c == '\r') {
            if (i + 1 < bytes.size()) {
                if (bytes[i + 1] == '\n')
                    ++i;
            } else {
                m_skipLf = true;
            }
        }
        start = i + 1;
    }
    if (start < bytes.size())
        m_partialLine.append(bytes.substr(start));
}

void SseEventParser::processLine(std::string_view line)
{
    // 9.2.6: an empty line dispatches the event.
    if (line.empty()) {
        dispatch();
        return;
    }
    // A line starting with a colon is a comment (the server's heartbeats).
    if (line[0] == ':')
        return;
    std::string_view field = line;
    std::string_view value;
    if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        // One space after the colon is not part of the value.
        if (!value.empty() && value[0] == ' ')
            value.remove_prefix(1);
    }
    // A line with no colon is a field name with an empty value.
    if (field == "data") {
        m_data.append(value);
        m_data.push_back('\n');
    } else if (field == "event") {
        m_type.assign(value);
    } else if (field == "id") {
        // An id containing NUL is ignored.
        if (value.find('\0') == std::string_view::npos)
            m_lastEventId.assign(value);
    }
    // "retry" and unknown fields do not matter to the generator.
}

void SseEventParser::dispatch()
{
    // 9.2.6: with an empty data buffer nothing is dispatched; the type is reset either way.
    if (m_data.empty()) {
        m_type.clear();
        return;
    }
    std::string_view data = m_data;
    data.remove_suffix(1); // the final LF
    Event event;
    event.type = m_type.empty() ? std::string_view("message") : std::string_view(m_type);
    event.data = data;
    event.lastEventId = m_lastEventId;
    m_handler(event);
    m_data.clear();
    m_type.clear();
}
