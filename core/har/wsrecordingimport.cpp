#include "wsrecordingimport.h"

#include "credentialguess.h"
#include "credentialscrubber.h"
#include "harrecording.h"
#include "importnotes.h"
#include "scriptclock.h"
#include "templatetext.h"
#include "urltext.h"
#include "message/jsonpath.h"
#include "message/receivedmessage.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

// A value fit to name a kind of message: short, and not a token (a matcher is a scenario's text too).
bool isStableName(const QString &value)
{
    return !value.isEmpty() && value.size() <= 100 && !CredentialGuess::looksLikeCredential(value);
}

// QJsonValue holds a number as a 64-bit integer or a double: an integer beyond 64 bits outside
// strings (a 64-bit unsigned id written as a number) would not survive a parse, so such a
// message is sent as the text it was.
bool hasLongInteger(QByteArrayView json)
{
    static constexpr QByteArrayView int64Max = "9223372036854775807";
    bool inString = false;
    qsizetype runStart = -1;
    for (qsizetype i = 0; i <= json.size(); ++i) {
        const char c = i < json.size() ? json[i] : ' ';
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c >= '0' && c <= '9') {
            if (runStart < 0)
                runStart = i;
            continue;
        }
        if (runStart >= 0) {
            const QByteArrayView run = json.sliced(runStart, i - runStart);
            if (run.size() > int64Max.size() || (run.size() == int64Max.size() && run.compare(int64Max) > 0))
                return true;
            runStart = -1;
        }
        if (c == '"')
            inString = true;
    }
    return false;
}

} // namespace

WsRecordingImport::WsRecordingImport(const HarConnection &connection, QString groupPath, CredentialScrubber *scrubber,
                                     ImportNotes *notes)
    : m_connection(connection), m_path(std::move(groupPath)), m_scrubber(scrubber), m_notes(notes)
{
}

std::optional<QJsonObject> WsRecordingImport::matchFor(const QByteArray &text)
{
    const std::optional<QJsonValue> json = ReceivedMessage::parseJson(text);
    if (json && json->isObject()) {
        const QJsonObject object = json->toObject();
        // The names real-time protocols give their discriminator: Phoenix and Socket.IO-like
        // "event", Discord "op", Redux-style "type", Pusher "event", "action", "kind".
        static const QStringList discriminators = {
            QStringLiteral("type"), QStringLiteral("event"), QStringLiteral("op"), QStringLiteral("action"), QStringLiteral("kind"),
        };
        for (const QString &key : discriminators) {
            const QJsonValue value = object.value(key);
            if (value.isString() && isStableName(value.toString()))
                return QJsonObject{{QStringLiteral("$") + JsonPath::keyText(key), value}};
        }
        for (const QString &key : discriminators) {
            const QJsonValue value = object.value(key);
            if (value.isDouble() && value.toDouble() == double(value.toInteger()))
                return QJsonObject{{QStringLiteral("$") + JsonPath::keyText(key), value}};
        }
        return std::nullopt;
    }
    if (json && json->isArray()) {
        const QJsonValue first = json->toArray().at(0);
        if (first.isString() && first.toString().size() <= 64 && isStableName(first.toString()))
            return QJsonObject{{QStringLiteral("$[0]"), first}};
        return std::nullopt;
    }
    if (!json) {
        // Plain text: only a fixed word ("pong", "ok") is sure to come again the same.
        const QString plain = QString::fromUtf8(text);
        const bool hasDigit = std::any_of(plain.cbegin(), plain.cend(), [](QChar c) { return c.isDigit(); });
        if (!plain.trimmed().isEmpty() && plain.size() <= 64 && !hasDigit)
            return QJsonObject{{QStringLiteral("$"), plain}};
    }
    return std::nullopt;
}

QJsonObject WsRecordingImport::group()
{
    QJsonObject group;
    group.insert(QStringLiteral("protocol"), QStringLiteral("ws"));
    // Firefox records the handshake with its http(s) URL; a ws group wants ws(s).
    group.insert(QStringLiteral("url"), m_scrubber->url(UrlText::withWebSocketScheme(m_connection.url), m_path + QStringLiteral(".url")));
    // RFC 6455 4.1: Sec-WebSocket-Protocol is a comma-separated list of the offered names.
    QJsonArray subprotocols;
    for (const QString &name : m_connection.header(u"Sec-WebSocket-Protocol").split(u',', Qt::SkipEmptyParts)) {
        if (!name.trimmed().isEmpty())
            subprotocols.append(name.trimmed());
    }
    if (!subprotocols.isEmpty())
        group.insert(QStringLiteral("subprotocols"), subprotocols);

    const ScriptClock clock(m_connection.origin());
    QJsonArray script;
    for (const HarFrame &frame : m_connection.frames) {
        const QString stepPath = m_path + QStringLiteral(".script") + JsonPath::indexText(script.size());
        if (frame.kind == HarFrame::Kind::Control) {
            m_notes->count(QStringLiteral("control frame (close, ping or pong): made by the WebSocket layer, not replayed"),
                           QStringLiteral("control frames (close, ping or pong): made by the WebSocket layer, not replayed"));
            continue;
        }
        if (frame.isSent()) {
            QJsonValue sent;
            if (frame.kind == HarFrame::Kind::Binary) {
                sent = QJsonObject{{QStringLiteral("base64"), QString::fromLatin1(frame.data.toBase64())}};
            } else {
                const QString text = QString::fromUtf8(frame.data);
                const QJsonDocument document = QJsonDocument::fromJson(frame.data);
                // Objects and arrays go in as JSON, so the file reads well and placeholders can be
                // put into them; other text as written (a bare "42" re-encoded could differ).
                const bool isJson = (document.isObject() || document.isArray()) && !hasLongInteger(frame.data);
                const QJsonValue value = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
                if (isJson ? !TemplateText::canWrite(value) : !TemplateText::canWriteText(text)) {
                    m_notes->list(QStringLiteral("sent messages with \"{{\""),
                                  QStringLiteral("message sent at %1 contains \"{{\", which a template reads as a placeholder and cannot "
                                                 "write: not replayed (%2)").arg(clock.seconds(frame.time), frame.path));
                    continue;
                }
                if (isJson) {
                    const QString valuePath = stepPath + QStringLiteral(".send") + (TemplateText::needsWrapping(value) ? QStringLiteral(".json") : QString());
                    sent = TemplateText::forJson(m_scrubber->json(value, valuePath, CredentialScrubber::Scope::Message));
                } else {
                    sent = QJsonObject{{QStringLiteral("text"), m_scrubber->text(text, stepPath + QStringLiteral(".send.text"))}};
                }
            }
            script.append(QJsonObject{{QStringLiteral("at"), clock.at(frame.time)}, {QStringLiteral("send"), sent}});
            continue;
        }
        if (frame.kind == HarFrame::Kind::Binary) {
            m_notes->count(QStringLiteral("binary message received: not expected (a match reads text or JSON)"),
                           QStringLiteral("binary messages received: not expected (a match reads text or JSON)"));
            continue;
        }
        const std::optional<QJsonObject> match = matchFor(frame.data);
        if (!match) {
            m_notes->count(QStringLiteral("message received with no field that names its kind (type, event, op, action, kind): not expected"),
                           QStringLiteral("messages received with no field that names their kind (type, event, op, action, kind): not expected"));
            continue;
        }
        script.append(QJsonObject{{QStringLiteral("at"), clock.at(frame.time)},
                                  {QStringLiteral("expect"), *match},
                                  {QStringLiteral("timeout"), QStringLiteral("5s")}});
    }
    if (!script.isEmpty())
        group.insert(QStringLiteral("script"), script);
    return group;
}
