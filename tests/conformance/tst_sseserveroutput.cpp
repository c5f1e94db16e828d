// WHATWG HTML 9.2 "Server-sent events": the embedded server's /events output, byte for byte.
// Every stream read here goes through SseParser in strict mode (HTML 9.2.5 grammar plus what a
// client would ignore or read two ways; each violation reported with line and byte offset) in
// the pieces the socket delivered, and through a block-by-block check of every byte against the
// shapes docs/server.md promises: "retry: N", session.welcome, "event: reset", channel events
// "id: seq / event: type / data: envelope", ": heartbeat". Runs a real Server on 127.0.0.1
// port 0 with a short heartbeat and an unusual retry so that both are visible.
#include "testsupport.h"

#include "protocol/sseparser.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

using namespace TestSupport;
using namespace std::chrono_literals;

namespace {

constexpr auto heartbeat = 150ms;
constexpr auto retry = 1234ms;

// One GET /events on a raw socket: the head, then every body byte exactly as sent, fed to a
// strict SseParser in the pieces the socket delivered.
class RawStream
{
public:
    bool open(quint16 port, const QByteArray &target, const QList<QByteArray> &extraHeaders = {})
    {
        m_parser.setStrict(true);
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        if (!m_socket.waitForConnected(3000))
            return false;
        QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
        for (const QByteArray &h : extraHeaders)
            request += h + "\r\n";
        m_socket.write(request + "\r\n");
        QElapsedTimer timer;
        timer.start();
        while (m_headEnd < 0 && timer.elapsed() < 3000) {
            if (!m_socket.waitForReadyRead(100) && m_socket.state() != QAbstractSocket::ConnectedState)
                break;
            read();
        }
        return m_headEnd >= 0;
    }
    // Reads until `done` holds or the timeout.
    template <typename Done>
    bool readUntil(Done done, int timeoutMs = 3000)
    {
        QElapsedTimer timer;
        timer.start();
        while (!done() && timer.elapsed() < timeoutMs) {
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(50)
                && m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
                break;
            read();
        }
        return done();
    }
    bool readToEnd(int timeoutMs = 3000)
    {
        const bool ended = readUntil([this] { return m_socket.state() == QAbstractSocket::UnconnectedState && m_socket.bytesAvailable() == 0; }, timeoutMs);
        m_parser.finish();
        return ended;
    }
    // The client is done: what was read is the whole stream as far as the test is concerned.
    void finishHere() { m_parser.finish(); }

    int status() const { return m_head.split(' ').value(1).toInt(); }
    QByteArray header(QByteArrayView name) const
    {
        for (const QByteArray &line : m_head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && QByteArrayView(line).first(colon).compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
    const QByteArray &body() const { return m_body; }
    const QList<SseParser::Event> &events() const { return m_events; }
    const SseParser &parser() const { return m_parser; }
    int reads() const { return m_reads; }
    QList<qint64> heartbeatTimes() const { return m_heartbeatMs; }

private:
    void read()
    {
        const QByteArray data = m_socket.readAll();
        if (data.isEmpty())
            return;
        if (m_headEnd < 0) {
            m_raw += data;
            m_headEnd = m_raw.indexOf("\r\n\r\n");
            if (m_headEnd < 0)
                return;
            m_head = m_raw.first(m_headEnd);
            m_clock.start();
            take(m_raw.sliced(m_headEnd + 4));
            return;
        }
        take(data);
    }
    void take(const QByteArray &piece)
    {
        if (piece.isEmpty())
            return;
        ++m_reads;
        m_body += piece;
        const int before = m_parser.commentCount();
        m_events += m_parser.feed(piece);
        for (int i = before; i < m_parser.commentCount(); ++i)
            m_heartbeatMs.append(m_clock.elapsed());
    }

    QTcpSocket m_socket;
    QByteArray m_raw;
    qsizetype m_headEnd = -1;
    QByteArray m_head;
    QByteArray m_body;
    SseParser m_parser;
    QList<SseParser::Event> m_events;
    QElapsedTimer m_clock;
    QList<qint64> m_heartbeatMs;
    int m_reads = 0;
};

// The blocks of a body, each of the shapes docs/server.md allows, classified. Anything else,
// or bytes after the last blank line, is a failure naming the offset.
struct Block
{
    enum Kind { Retry, Welcome, Reset, Message, Heartbeat } kind;
    QByteArray bytes;
    quint64 id = 0;
    QByteArray type;
    QJsonObject data;
};

QString classify(const QByteArray &body, QList<Block> *blocks)
{
    static const QRegularExpression retryRe(QStringLiteral("^retry: (\\d+)\\n\\n$"));
    static const QRegularExpression welcomeRe(QStringLiteral("^event: session\\.welcome\\ndata: (\\{[^\\n\\r]*\\})\\n\\n$"));
    static const QRegularExpression resetRe(QStringLiteral("^event: reset\\ndata: (\\{[^\\n\\r]*\\})\\n\\n$"));
    // id: 1*DIGIT (no leading zero), event: a dot-notation type, data: one line of JSON.
    static const QRegularExpression messageRe(QStringLiteral(
        "^id: ([1-9][0-9]*)\\nevent: ([A-Za-z0-9_:-]+(?:\\.[A-Za-z0-9_:-]+)*)\\ndata: (\\{[^\\n\\r]*\\})\\n\\n$"));
    qsizetype pos = 0;
    while (pos < body.size()) {
        const qsizetype end = body.indexOf("\n\n", pos);
        if (end < 0)
            return QStringLiteral("bytes %1..%2 are not ended by a blank line: %3").arg(pos).arg(body.size()).arg(QString::fromUtf8(body.mid(pos, 80)));
        Block block;
        block.bytes = body.mid(pos, end + 2 - pos);
        const QString text = QString::fromUtf8(block.bytes);
        QRegularExpressionMatch m;
        if ((m = retryRe.match(text)).hasMatch()) {
            block.kind = Block::Retry;
            block.id = m.captured(1).toULongLong();
        } else if (block.bytes == ": heartbeat\n\n") {
            block.kind = Block::Heartbeat;
        } else if ((m = welcomeRe.match(text)).hasMatch()) {
            block.kind = Block::Welcome;
            block.data = QJsonDocument::fromJson(m.captured(1).toUtf8()).object();
        } else if ((m = resetRe.match(text)).hasMatch()) {
            block.kind = Block::Reset;
            block.data = QJsonDocument::fromJson(m.captured(1).toUtf8()).object();
        } else if ((m = messageRe.match(text)).hasMatch()) {
            block.kind = Block::Message;
            block.id = m.captured(1).toULongLong();
            block.type = m.captured(2).toUtf8();
            QJsonParseError error;
            block.data = QJsonDocument::fromJson(m.captured(3).toUtf8(), &error).object();
            if (error.error != QJsonParseError::NoError)
                return QStringLiteral("byte %1: data is not JSON: %2").arg(pos).arg(error.errorString());
        } else {
            return QStringLiteral("byte %1: block of no allowed shape: %2").arg(pos).arg(QString::fromUtf8(block.bytes.left(120)));
        }
        blocks->append(block);
        pos = end + 2;
    }
    return {};
}

QString violationsText(const SseParser &parser)
{
    QStringList lines;
    for (const SseParser::Violation &v : parser.violations())
        lines << v.toString();
    return lines.join(QLatin1Char('\n'));
}

QList<Block> ofKind(const QList<Block> &blocks, Block::Kind kind)
{
    QList<Block> out;
    for (const Block &b : blocks) {
        if (b.kind == kind)
            out << b;
    }
    return out;
}

} // namespace

#define CHECK_STRICT(stream)                                                                        \
    do {                                                                                            \
        qInfo().noquote() << "strict parse:" << (stream).body().size() << "bytes in" << (stream).reads() \
                          << "reads," << (stream).parser().lineNumber() - 1 << "lines,"            \
                          << (stream).events().size() << "events," << (stream).parser().violations().size() << "violations"; \
        QVERIFY2((stream).parser().violations().isEmpty(), qPrintable(violationsText((stream).parser()))); \
    } while (false)

class tst_SseServerOutput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void strictParserCatchesViolations_data();
    void strictParserCatchesViolations();
    void headIsAnEventStream();
    void freshStreamEveryByte();
    void heartbeatComments();
    void resumeWithLastEventIdHeader();
    void resumeWithLastEventIdQuery();
    void headerWinsOverQueryOnReconnect();
    void foreignLastEventIdStartsFresh();
    void invalidQueryIsNotAnEventStream();
    void evictedResumePointGetsReset();
    void stopEndsTheStreamOnAnEventBoundary();

private:
    void startServer(int replaySize = 1000);
    std::unique_ptr<Server> m_server;
};

void tst_SseServerOutput::init()
{
    startServer();
}

void tst_SseServerOutput::startServer(int replaySize)
{
    if (m_server)
        QVERIFY(m_server->stopAndWait());
    ServerConfig config = loopbackConfig();
    config.sseHeartbeat = heartbeat;
    config.sseRetry = retry;
    config.replaySize = replaySize;
    m_server = std::make_unique<Server>(config);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void tst_SseServerOutput::cleanup()
{
    if (m_server)
        QVERIFY(m_server->stopAndWait());
    m_server.reset();
}

// The checker itself must be able to fail: every kind of violation it knows, with its position.
void tst_SseServerOutput::strictParserCatchesViolations_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QString>("expected"); // "line:column:offset:words" of the first violation; "" = none

    QTest::addRow("conforming") << QByteArray("\xEF\xBB\xBFretry: 5\n\nid: 1\r\nevent: x\r\ndata: a\r\ndata:b\r\n\r\n: c\n\n") << QString();
    QTest::addRow("invalid utf-8") << QByteArray("data: ok\ndata: a\xC3(\n\n") << QStringLiteral("2:8:16:invalid UTF-8");
    QTest::addRow("surrogate") << QByteArray("data: \xED\xA0\x80\n\n") << QStringLiteral("1:7:6:invalid UTF-8");
    QTest::addRow("unterminated event") << QByteArray("data: a\n") << QStringLiteral("2:1:8:ends inside an event");
    QTest::addRow("unterminated line") << QByteArray("data: a\n\ndata") << QStringLiteral("3:5:13:ends inside a line");
    QTest::addRow("bare cr") << QByteArray("data: a\rdata: b\n\n") << QStringLiteral("1:8:7:bare CR");
    QTest::addRow("unknown field") << QByteArray("data: a\nfoo: b\n\n") << QStringLiteral("2:1:8:unknown field");
    QTest::addRow("no colon") << QByteArray("data\n\n") << QStringLiteral("1:1:0:without a colon");
    QTest::addRow("id with nul") << (QByteArray("id: 1") + '\0' + "\ndata: a\n\n") << QStringLiteral("1:1:0:NUL");
    QTest::addRow("retry not digits") << QByteArray("retry: 1s\n\n") << QStringLiteral("1:1:0:not ASCII digits");
    QTest::addRow("repeated id") << QByteArray("id: 1\nid: 2\ndata: a\n\n") << QStringLiteral("2:1:6:repeated");
    QTest::addRow("event without data") << QByteArray("data: a\n\nevent: x\n\n") << QStringLiteral("3:1:9:event: without data");
}

void tst_SseServerOutput::strictParserCatchesViolations()
{
    QFETCH(QByteArray, stream);
    QFETCH(QString, expected);
    // Byte by byte: positions must not depend on how the stream was cut.
    SseParser parser;
    parser.setStrict(true);
    for (char c : stream)
        parser.feed(QByteArrayView(&c, 1));
    parser.finish();
    if (expected.isEmpty()) {
        QVERIFY2(parser.violations().isEmpty(), qPrintable(violationsText(parser)));
        return;
    }
    QVERIFY2(!parser.violations().isEmpty(), "no violation reported");
    const SseParser::Violation v = parser.violations().constFirst();
    qInfo().noquote() << QTest::currentDataTag() << "->" << v.toString();
    const QStringList parts = expected.split(u':');
    QCOMPARE(v.line, parts[0].toLongLong());
    QCOMPARE(v.column, parts[1].toLongLong());
    QCOMPARE(v.offset, parts[2].toLongLong());
    QVERIFY2(v.message.contains(parts[3]), qPrintable(v.message));
}

// HTML 9.2.3 (EventSource "announce the connection"): 200 and a Content-Type whose essence is
// text/event-stream, or the client fails the connection.
void tst_SseServerOutput::headIsAnEventStream()
{
    RawStream stream;
    QVERIFY(stream.open(m_server->port(), "/events?channel=head"));
    QCOMPARE(stream.status(), 200);
    const QByteArray type = stream.header("Content-Type");
    QCOMPARE(type.split(';').first().trimmed().toLower(), QByteArray("text/event-stream"));
    // HTML 9.2.5: event streams are always UTF-8; a charset, if given, must say so.
    QVERIFY2(type.toLower().contains("charset=utf-8"), type.constData());
    QCOMPARE(stream.header("Cache-Control"), QByteArray("no-cache"));
    QVERIFY(stream.header("Content-Length").isEmpty());
    QVERIFY(stream.header("Transfer-Encoding").isEmpty());
}

// HTML 9.2.5 grammar, 9.2.6 interpretation: retry first, the welcome, then each published message
// as id/event/data; every byte accounted for.
void tst_SseServerOutput::freshStreamEveryByte()
{
    const quint16 port = m_server->port();
    // Messages before the join are not replayed to a fresh stream.
    QCOMPARE(publish(port, QStringLiteral("every"), QStringLiteral("chat.message"), QJsonObject{{"n", 0}}), quint64(1));
    RawStream stream;
    QVERIFY(stream.open(port, "/events?channel=every"));
    QVERIFY(stream.readUntil([&] { return stream.events().size() >= 1; }));
    // Payloads whose JSON holds what would break a line if written raw: escaped newlines, CR,
    // U+2028, a BOM, NUL, non-BMP characters, a colon-space.
    const QList<QJsonObject> payloads{
        QJsonObject{{"text", "plain"}},
        QJsonObject{{"text", "line one\nline two\r\nline three\rend"}},
        QJsonObject{{"text", QString::fromUtf8("\xE2\x80\xA8 sep \xEF\xBB\xBF bom \xF0\x9F\x98\x80 emoji")}},
        QJsonObject{{"text", QStringLiteral("nul ") + QChar(0) + QStringLiteral(" data: x")}},
    };
    const QStringList types{"chat.message", "roster.join", "a-b_c:d.e", "chat.edit"};
    QList<quint64> seqs;
    for (int i = 0; i < payloads.size(); ++i)
        seqs << publish(port, QStringLiteral("every"), types[i], payloads[i]);
    QCOMPARE(seqs, (QList<quint64>{2, 3, 4, 5}));
    QVERIFY(stream.readUntil([&] { return stream.events().size() >= 1 + payloads.size(); }));
    stream.finishHere();
    CHECK_STRICT(stream);

    QList<Block> blocks;
    const QString error = classify(stream.body(), &blocks);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // docs/server.md: "retry:" first, then the welcome without id:.
    QVERIFY(blocks.size() >= 2 + payloads.size());
    QCOMPARE(blocks[0].kind, Block::Retry);
    QCOMPARE(blocks[0].bytes, QByteArray("retry: 1234\n\n"));
    QCOMPARE(stream.parser().retryMs(), std::optional<qint64>(1234));
    QCOMPARE(blocks[1].kind, Block::Welcome);
    QCOMPARE(blocks[1].data.value("type").toString(), QStringLiteral("session.welcome"));
    QCOMPARE(blocks[1].data.value("channel").toString(), QStringLiteral("every"));
    QCOMPARE(blocks[1].data.value("payload").toObject().value("latest").toInteger(), 1);
    const QList<Block> messages = ofKind(blocks, Block::Message);
    QCOMPARE(messages.size(), payloads.size());
    QCOMPARE(ofKind(blocks, Block::Reset).size(), 0);
    for (int i = 0; i < messages.size(); ++i) {
        qInfo().noquote() << "event" << messages[i].id << messages[i].type << messages[i].bytes.size() << "bytes";
        QCOMPARE(messages[i].id, seqs[i]);
        QCOMPARE(messages[i].type, types[i].toUtf8());
        QCOMPARE(messages[i].data.value("seq").toInteger(), qint64(seqs[i]));
        QCOMPARE(messages[i].data.value("type").toString(), types[i]);
        QCOMPARE(messages[i].data.value("channel").toString(), QStringLiteral("every"));
        QCOMPARE(messages[i].data.value("payload").toObject(), payloads[i]);
    }
    // The parser's view matches the bytes: types, data (the envelope JSON) and ids.
    const QList<SseParser::Event> &events = stream.events();
    QCOMPARE(events[0].type, QStringLiteral("session.welcome"));
    QCOMPARE(events[0].lastEventId, QString()); // no id: before the welcome
    for (int i = 0; i < payloads.size(); ++i) {
        QCOMPARE(events[1 + i].type, types[i]);
        QCOMPARE(events[1 + i].lastEventId, QString::number(seqs[i]));
        QCOMPARE(QJsonDocument::fromJson(events[1 + i].data.toUtf8()).object(), messages[i].data);
    }
    QCOMPARE(stream.parser().lastEventIdString(), QStringLiteral("5"));
    // The server never sends CR (one line-end style, no bare-CR ambiguity) nor a BOM.
    QVERIFY(!stream.body().contains('\r'));
    QVERIFY(!stream.body().startsWith("\xEF\xBB\xBF"));
}

// docs/server.md: ": heartbeat" comments every --sse-heartbeat; HTML 9.2.6: a line starting with a
// colon is ignored, so they reach no EventSource handler.
void tst_SseServerOutput::heartbeatComments()
{
    RawStream stream;
    QVERIFY(stream.open(m_server->port(), "/events?channel=beat"));
    QVERIFY(stream.readUntil([&] { return stream.parser().commentCount() >= 3; }, 3000));
    stream.finishHere();
    CHECK_STRICT(stream);
    QList<Block> blocks;
    const QString error = classify(stream.body(), &blocks);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(ofKind(blocks, Block::Heartbeat).size(), stream.parser().commentCount());
    QCOMPARE(stream.events().size(), 1); // the welcome only: comments dispatch nothing
    const QList<qint64> at = stream.heartbeatTimes();
    qInfo() << "heartbeats at ms after the head:" << at;
    // Not before the interval (a heartbeat is not a flood); the timer wheel may add some.
    QVERIFY2(at[0] >= heartbeat.count() - 20, qPrintable(QString::number(at[0])));
    // The server's timer wheel (100 ms resolution) may fire a deadline up to two ticks late; more
    // than that would be a heartbeat that does not keep proxies from timing the stream out.
    for (int i = 1; i < at.size(); ++i) {
        QVERIFY2(at[i] - at[i - 1] >= heartbeat.count() - 40, qPrintable(QString::number(at[i] - at[i - 1])));
        QVERIFY2(at[i] - at[i - 1] <= heartbeat.count() + 450, qPrintable(QString::number(at[i] - at[i - 1])));
    }
}

// HTML 9.2.3 "reestablish the connection": the EventSource sends Last-Event-ID with its last event
// ID string; the server replays what came after it (docs/server.md).
void tst_SseServerOutput::resumeWithLastEventIdHeader()
{
    const quint16 port = m_server->port();
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(publish(port, QStringLiteral("hdr"), QStringLiteral("chat.message"), QJsonObject{{"n", i}}), quint64(i));
    RawStream stream;
    QVERIFY(stream.open(port, "/events?channel=hdr", {"Last-Event-ID: 2"}));
    QVERIFY(stream.readUntil([&] { return stream.events().size() >= 4; }));
    stream.finishHere();
    CHECK_STRICT(stream);
    QList<Block> blocks;
    const QString error = classify(stream.body(), &blocks);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(blocks[0].kind, Block::Retry);
    QCOMPARE(blocks[1].kind, Block::Welcome);
    QCOMPARE(blocks[1].data.value("payload").toObject().value("latest").toInteger(), 5);
    QList<quint64> ids;
    for (const Block &b : ofKind(blocks, Block::Message))
        ids << b.id;
    QCOMPARE(ids, (QList<quint64>{3, 4, 5}));
    QCOMPARE(stream.parser().lastEventIdString(), QStringLiteral("5"));
}

void tst_SseServerOutput::resumeWithLastEventIdQuery()
{
    const quint16 port = m_server->port();
    for (int i = 1; i <= 4; ++i)
        publish(port, QStringLiteral("qry"), QStringLiteral("chat.message"), QJsonObject{{"n", i}});
    RawStream stream;
    QVERIFY(stream.open(port, "/events?channel=qry&lastEventId=1"));
    QVERIFY(stream.readUntil([&] { return stream.events().size() >= 4; }));
    stream.finishHere();
    CHECK_STRICT(stream);
    QList<Block> blocks;
    QVERIFY(classify(stream.body(), &blocks).isEmpty());
    QList<quint64> ids;
    for (const Block &b : ofKind(blocks, Block::Message))
        ids << b.id;
    QCOMPARE(ids, (QList<quint64>{2, 3, 4}));
}

// An EventSource opened with ?lastEventId=N keeps that URL; on reconnect it adds the header with
// a newer ID, which must win or every reconnect would replay from N again.
void tst_SseServerOutput::headerWinsOverQueryOnReconnect()
{
    const quint16 port = m_server->port();
    for (int i = 1; i <= 6; ++i)
        publish(port, QStringLiteral("both"), QStringLiteral("chat.message"), QJsonObject{{"n", i}});
    RawStream stream;
    QVERIFY(stream.open(port, "/events?channel=both&lastEventId=1", {"Last-Event-ID: 4"}));
    QVERIFY(stream.readUntil([&] { return stream.events().size() >= 3; }));
    stream.finishHere();
    CHECK_STRICT(stream);
    QList<Block> blocks;
    QVERIFY(classify(stream.body(), &blocks).isEmpty());
    QList<quint64> ids;
    for (const Block &b : ofKind(blocks, Block::Message))
        ids << b.id;
    QCOMPARE(ids, (QList<quint64>{5, 6}));
}

// Another server's ID (not a sequence number) in Last-Event-ID: a fresh start, not an error.
void tst_SseServerOutput::foreignLastEventIdStartsFresh()
{
    const quint16 port = m_server->port();
    for (int i = 1; i <= 3; ++i)
        publish(port, QStringLiteral("foreign"), QStringLiteral("chat.message"), QJsonObject{{"n", i}});
    RawStream stream;
    QVERIFY(stream.open(port, "/events?channel=foreign", {"Last-Event-ID: abc-7"}));
    QCOMPARE(stream.status(), 200);
    QVERIFY(stream.readUntil([&] { return stream.events().size() >= 1; }));
    QCOMPARE(publish(port, QStringLiteral("foreign"), QStringLiteral("chat.message"), QJsonObject{{"n", 4}}), quint64(4));
    QVERIFY(stream.readUntil([&] { return stream.events().size() >= 2; }));
    stream.finishHere();
    CHECK_STRICT(stream);
    QList<Block> blocks;
    QVERIFY(classify(stream.body(), &blocks).isEmpty());
    QCOMPARE(blocks[1].data.value("payload").toObject().value("latest").toInteger(), 3);
    QCOMPARE(ofKind(blocks, Block::Message).size(), 1);
    QCOMPARE(ofKind(blocks, Block::Message).constFirst().id, quint64(4));
}

// HTML 9.2.3: a response that is not 200 text/event-stream fails the EventSource (no reconnect);
// the server only answers that way for a request it cannot serve.
void tst_SseServerOutput::invalidQueryIsNotAnEventStream()
{
    const HttpReply reply = get(m_server->port(), "/events?channel=x&lastEventId=abc");
    QCOMPARE(reply.status, 400);
    QVERIFY(!reply.header("Content-Type").startsWith("text/event-stream"));
    QVERIFY(reply.body.contains("lastEventId"));
}

// docs/server.md: an evicted resume point gets "event: reset" (no id:, so the client's last event
// ID stays where it was until the replay's first id:), then what the buffer still holds.
void tst_SseServerOutput::evictedResumePointGetsReset()
{
    startServer(4);
    const quint16 port = m_server->port();
    for (int i = 1; i <= 10; ++i)
        publish(port, QStringLiteral("evict"), QStringLiteral("chat.message"), QJsonObject{{"n", i}});
    RawStream stream;
    QVERIFY(stream.open(port, "/events?channel=evict", {"Last-Event-ID: 2"}));
    QVERIFY(stream.readUntil([&] { return stream.events().size() >= 6; }));
    stream.finishHere();
    CHECK_STRICT(stream);
    QList<Block> blocks;
    const QString error = classify(stream.body(), &blocks);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(blocks[0].kind, Block::Retry);
    QCOMPARE(blocks[1].kind, Block::Welcome);
    QCOMPARE(blocks[2].kind, Block::Reset);
    QCOMPARE(blocks[2].data, (QJsonObject{{"since", 2}, {"oldest", 7}, {"latest", 10}}));
    QList<quint64> ids;
    for (const Block &b : ofKind(blocks, Block::Message))
        ids << b.id;
    QCOMPARE(ids, (QList<quint64>{7, 8, 9, 10}));
    const QList<SseParser::Event> &events = stream.events();
    QCOMPARE(events[1].type, QStringLiteral("reset"));
    QCOMPARE(events[1].lastEventId, QString());
    QCOMPARE(events[2].lastEventId, QStringLiteral("7"));
}

// HTML 9.2.6: an event cut off by the end of the stream is discarded; a stopping server must end
// every stream on a block boundary so nothing it sent is lost that way.
void tst_SseServerOutput::stopEndsTheStreamOnAnEventBoundary()
{
    const quint16 port = m_server->port();
    RawStream stream;
    QVERIFY(stream.open(port, "/events?channel=stop"));
    for (int i = 1; i <= 20; ++i)
        publish(port, QStringLiteral("stop"), QStringLiteral("chat.message"), QJsonObject{{"n", i}, {"pad", QString(500, u'x')}});
    QVERIFY(stream.readUntil([&] { return stream.parser().commentCount() >= 1; }));
    m_server->stop();
    QVERIFY(stream.readToEnd(5000));
    QVERIFY(m_server->stopAndWait());
    m_server.reset();
    CHECK_STRICT(stream);
    QList<Block> blocks;
    const QString error = classify(stream.body(), &blocks);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(ofKind(blocks, Block::Message).size(), 20);
    QVERIFY(!stream.parser().hasPendingData());
}

QTEST_GUILESS_MAIN(tst_SseServerOutput)
#include "tst_sseserveroutput.moc"
