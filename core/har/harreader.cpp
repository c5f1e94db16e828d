#include "harreader.h"

#include "message/jsonpath.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace {

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble());
    case QJsonValue::String: {
        const QString text = value.toString();
        return text.size() > 40 ? QStringLiteral("\"%1...\"").arg(text.left(40)) : QStringLiteral("\"%1\"").arg(text);
    }
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// HAR 1.2 "startedDateTime": ISO 8601 with milliseconds ("2024-03-01T10:00:00.123Z",
// "2024-03-01T11:00:00.123+01:00"). Some writers give microseconds, which Qt does not read: the
// fraction is cut to milliseconds first.
double epochSeconds(const QString &text)
{
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        static const QRegularExpression longFraction(QStringLiteral("(\\.\\d{3})\\d+"));
        QString cut = text;
        cut.replace(longFraction, QStringLiteral("\\1"));
        parsed = QDateTime::fromString(cut, Qt::ISODateWithMs);
    }
    if (!parsed.isValid())
        return std::numeric_limits<double>::quiet_NaN();
    return double(parsed.toMSecsSinceEpoch()) / 1000.0;
}

bool isWebSocketUrl(const QString &url)
{
    return url.startsWith(u"ws://", Qt::CaseInsensitive) || url.startsWith(u"wss://", Qt::CaseInsensitive);
}

// Engine.IO's long-polling requests: their bodies tell how a Socket.IO connection began.
bool isEngineIoPolling(const QString &url)
{
    return url.contains(u"transport=polling");
}

class Reader
{
public:
    explicit Reader(QList<HarError> *errors) : m_errors(errors) {}

    std::optional<HarRecording> read(const QByteArray &bytes)
    {
        if (bytes.size() > HarReader::maxBytes) {
            error({}, QStringLiteral("the file is %1 MiB; a recording is read up to %2 MiB")
                          .arg(bytes.size() / (1024 * 1024)).arg(HarReader::maxBytes / (1024 * 1024)));
            return finish(std::nullopt);
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            error({}, QStringLiteral("not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset));
            return finish(std::nullopt);
        }
        if (!document.isObject()) {
            error(QStringLiteral("$"), QStringLiteral("expected an object (a HAR file: {\"log\": {\"entries\": [...]}}), got %1")
                                           .arg(document.isArray() ? QStringLiteral("an array") : QStringLiteral("a scalar")));
            return finish(std::nullopt);
        }
        const QJsonValue log = document.object().value(u"log");
        if (!log.isObject()) {
            error(QStringLiteral("$.log"), log.isUndefined()
                      ? QStringLiteral("missing: not a HAR file (HAR 1.2 is {\"log\": {\"entries\": [...]}})")
                      : QStringLiteral("expected an object, got %1").arg(describe(log)));
            return finish(std::nullopt);
        }
        const QJsonValue entries = log.toObject().value(u"entries");
        if (!entries.isArray()) {
            error(QStringLiteral("$.log.entries"), entries.isUndefined()
                      ? QStringLiteral("missing: not a HAR file (HAR 1.2 is {\"log\": {\"entries\": [...]}})")
                      : QStringLiteral("expected an array of entries, got %1").arg(describe(entries)));
            return finish(std::nullopt);
        }
        HarRecording recording;
        recording.pageTitle = pageTitle(log.toObject().value(u"pages"));
        const QJsonArray list = entries.toArray();
        for (qsizetype i = 0; i < list.size(); ++i)
            readEntry(list.at(i), i, &recording);
        return finish(std::move(recording));
    }

private:
    void error(const QString &path, const QString &message)
    {
        if (m_count++ < HarReader::maxErrors && m_errors)
            m_errors->append({path, message});
    }

    std::optional<HarRecording> finish(std::optional<HarRecording> recording)
    {
        if (m_count > HarReader::maxErrors && m_errors)
            m_errors->append({QString(), QStringLiteral("... and %1 more problems").arg(m_count - HarReader::maxErrors)});
        return recording;
    }

    static QString pageTitle(const QJsonValue &pages)
    {
        for (const QJsonValue &page : pages.toArray()) {
            const QString title = page.toObject().value(u"title").toString().trimmed();
            if (!title.isEmpty())
                return title;
        }
        return {};
    }

    void readEntry(const QJsonValue &value, qsizetype index, HarRecording *recording)
    {
        const QString path = QStringLiteral("$.log.entries") + JsonPath::indexText(index);
        if (!value.isObject()) {
            error(path, QStringLiteral("expected an object (an entry), got %1").arg(describe(value)));
            return;
        }
        const QJsonObject entry = value.toObject();
        const QJsonValue request = entry.value(u"request");
        if (!request.isObject()) {
            error(path + QStringLiteral(".request"), QStringLiteral("expected an object (the request), got %1").arg(describe(request)));
            return;
        }
        const QJsonValue url = request.toObject().value(u"url");
        if (!url.isString() || url.toString().isEmpty()) {
            error(path + QStringLiteral(".request.url"), QStringLiteral("expected the request's URL, got %1").arg(describe(url)));
            return;
        }
        double startedAt = std::numeric_limits<double>::quiet_NaN();
        const QJsonValue started = entry.value(u"startedDateTime");
        if (started.isString()) {
            startedAt = epochSeconds(started.toString());
            if (!std::isfinite(startedAt))
                error(path + QStringLiteral(".startedDateTime"), QStringLiteral("expected an ISO 8601 date and time, got %1").arg(describe(started)));
        }
        const bool isWebSocket = entry.value(u"_resourceType").toString() == u"websocket"
            || isWebSocketUrl(url.toString())
            || entry.value(u"response").toObject().value(u"status").toInt() == 101;
        if (isWebSocket)
            readConnection(entry, index, path, url.toString(), startedAt, recording);
        else
            readHttpRequest(entry, index, url.toString(), startedAt, recording);
    }

    void readConnection(const QJsonObject &entry, qsizetype index, const QString &path, const QString &url,
                        double startedAt, HarRecording *recording)
    {
        HarConnection connection;
        connection.entryIndex = index;
        connection.path = path;
        connection.url = url;
        connection.startedAt = startedAt;
        connection.responseStatus = entry.value(u"response").toObject().value(u"status").toInt();
        connection.requestHeaders = headers(entry.value(u"request").toObject().value(u"headers"),
                                            path + QStringLiteral(".request.headers"));
        // HAR 1.2 timings: -1 is "does not apply"; ssl is already part of connect.
        if (std::isfinite(startedAt)) {
            double handshakeMs = 0;
            const QJsonObject timings = entry.value(u"timings").toObject();
            for (const char16_t *phase : {u"blocked", u"dns", u"connect", u"send", u"wait"}) {
                const double ms = timings.value(QStringView(phase)).toDouble(-1);
                if (std::isfinite(ms) && ms > 0)
                    handshakeMs += ms;
            }
            connection.openedAt = startedAt + handshakeMs / 1000.0;
        }
        const QJsonValue messages = entry.value(u"_webSocketMessages");
        const QString messagesPath = path + QStringLiteral("._webSocketMessages");
        if (!messages.isUndefined() && !messages.isArray()) {
            error(messagesPath, QStringLiteral("expected an array of messages, got %1").arg(describe(messages)));
        } else if (messages.isArray()) {
            connection.hasMessageList = true;
            const QJsonArray list = messages.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                if (connection.frames.size() >= HarReader::maxFrames) {
                    connection.framesBeyondCap = list.size() - i;
                    break;
                }
                if (std::optional<HarFrame> frame = readFrame(list.at(i), messagesPath + JsonPath::indexText(i)))
                    connection.frames.append(std::move(*frame));
            }
        }
        recording->connections.append(std::move(connection));
    }

    QList<std::pair<QString, QString>> headers(const QJsonValue &value, const QString &path)
    {
        QList<std::pair<QString, QString>> result;
        const QJsonArray list = value.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject header = list.at(i).toObject();
            const QJsonValue name = header.value(u"name");
            const QJsonValue text = header.value(u"value");
            if (!name.isString() || !text.isString()) {
                error(path + JsonPath::indexText(i), QStringLiteral("expected {\"name\": \"...\", \"value\": \"...\"}, got %1")
                                                          .arg(describe(list.at(i))));
                continue;
            }
            result.append({name.toString(), text.toString()});
        }
        return result;
    }

    std::optional<HarFrame> readFrame(const QJsonValue &value, const QString &path)
    {
        if (!value.isObject()) {
            error(path, QStringLiteral("expected an object (a WebSocket message), got %1").arg(describe(value)));
            return std::nullopt;
        }
        const QJsonObject message = value.toObject();
        HarFrame frame;
        frame.path = path;
        const QJsonValue type = message.value(u"type");
        if (type == QJsonValue(QStringLiteral("send"))) {
            frame.direction = HarFrame::Direction::Sent;
        } else if (type == QJsonValue(QStringLiteral("receive"))) {
            frame.direction = HarFrame::Direction::Received;
        } else {
            error(path + QStringLiteral(".type"), QStringLiteral("expected \"send\" or \"receive\", got %1").arg(describe(type)));
            return std::nullopt;
        }
        const QJsonValue time = message.value(u"time");
        if (!time.isDouble() || !std::isfinite(time.toDouble())) {
            error(path + QStringLiteral(".time"), QStringLiteral("expected a time in seconds since the epoch, got %1").arg(describe(time)));
            return std::nullopt;
        }
        frame.time = time.toDouble();
        // RFC 6455 5.2: 1 text, 2 binary; 8, 9, 10 close, ping, pong.
        const QJsonValue opcode = message.value(u"opcode");
        const double code = opcode.toDouble(-1);
        if (code == 1) {
            frame.kind = HarFrame::Kind::Text;
        } else if (code == 2) {
            frame.kind = HarFrame::Kind::Binary;
        } else if (code == 8 || code == 9 || code == 10) {
            frame.kind = HarFrame::Kind::Control;
        } else {
            error(path + QStringLiteral(".opcode"), QStringLiteral("expected 1 (text) or 2 (binary), got %1").arg(describe(opcode)));
            return std::nullopt;
        }
        frame.opcode = int(code);
        const QJsonValue data = message.value(u"data");
        if (!data.isString()) {
            if (frame.kind == HarFrame::Kind::Control)
                return frame;
            error(path + QStringLiteral(".data"), QStringLiteral("expected the message's payload as a string, got %1").arg(describe(data)));
            return std::nullopt;
        }
        if (frame.kind == HarFrame::Kind::Binary) {
            const auto decoded = QByteArray::fromBase64Encoding(data.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded) {
                error(path + QStringLiteral(".data"), QStringLiteral("expected base64 (opcode 2 is a binary message), got %1").arg(describe(data)));
                return std::nullopt;
            }
            frame.data = *decoded;
        } else {
            frame.data = data.toString().toUtf8();
        }
        return frame;
    }

    void readHttpRequest(const QJsonObject &entry, qsizetype index, const QString &url, double startedAt, HarRecording *recording)
    {
        HarHttpRequest request;
        request.entryIndex = index;
        request.url = url;
        request.method = entry.value(u"request").toObject().value(u"method").toString();
        request.startedAt = startedAt;
        const double ms = entry.value(u"time").toDouble(-1);
        request.endedAt = std::isfinite(startedAt) && std::isfinite(ms) && ms >= 0 ? startedAt + ms / 1000.0 : startedAt;
        if (isEngineIoPolling(url)) {
            request.requestBody = entry.value(u"request").toObject().value(u"postData").toObject().value(u"text").toString().toUtf8();
            const QJsonObject content = entry.value(u"response").toObject().value(u"content").toObject();
            const QString text = content.value(u"text").toString();
            if (content.value(u"encoding").toString() == u"base64")
                request.responseBody = QByteArray::fromBase64(text.toLatin1());
            else
                request.responseBody = text.toUtf8();
        }
        recording->httpRequests.append(std::move(request));
    }

    QList<HarError> *m_errors;
    qsizetype m_count = 0;
};

} // namespace

std::optional<HarRecording> HarReader::read(const QByteArray &bytes, QList<HarError> *errors)
{
    return Reader(errors).read(bytes);
}
