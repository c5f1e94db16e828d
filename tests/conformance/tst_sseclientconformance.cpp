// WHATWG HTML 9.2 "Server-sent events", client side: SocketScope's SSE clients against a test
// server that sends each edge case of the event stream format (HTML 9.2.5, 9.2.6) and of the
// EventSource processing model (HTML 9.2.3) as exact bytes, split over separate writes so that
// read boundaries fall where the spec says they must not matter.
//
// Two real clients are driven, because they are two code paths over the same SseParser and
// HttpClientConnection: the simulator's SseSimClient (inside a ClientPool, as a run uses it; its
// events are read from the inspector's FrameTap and its counters) and the manual client's
// ManualConnection (every event as a ManualFrame with type, id and data). The low-level pair
// (HttpClientConnection + SseParser) is also driven directly once, to prove that a CR and its LF
// really arrived in different reads.
#include "inspect/frametap.h"
#include "manual/manualconnection.h"
#include "metrics/monotonicclock.h"
#include "protocol/sseparser.h"
#include "scenario/scenario.h"
#include "sim/clientpool.h"
#include "sim/httpclientconnection.h"
#include "sim/simtarget.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

using namespace std::chrono_literals;

namespace {

const QByteArray okHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";

// A response as the test server writes it: pieces written one at a time with a pause between
// them (each its own TCP segment, read separately by the client), then close or stay open.
struct Script
{
    QList<QByteArray> pieces;
    bool closeAtEnd = true;
    int gapMs = 25;   // long enough for a piece to be read on its own, short for the suite
};

// The test server: 127.0.0.1 port 0; a request's path (before '?') chooses the case; the
// case's function gets the attempt number (0 for the first request on that path) and returns
// the script. Records every request head with the time it arrived.
class ScriptServer : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray path;
        QByteArray head;
        qint64 atMs = 0;
        QByteArray header(QByteArrayView name) const
        {
            for (const QByteArray &line : head.split('\n')) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0 && QByteArrayView(line).first(colon).compare(name, Qt::CaseInsensitive) == 0)
                    return line.mid(colon + 1).trimmed();
            }
            return {};
        }
        bool hasHeader(QByteArrayView name) const
        {
            for (const QByteArray &line : head.split('\n')) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0 && QByteArrayView(line).first(colon).compare(name, Qt::CaseInsensitive) == 0)
                    return true;
            }
            return false;
        }
    };
    using Case = std::function<Script(int attempt)>;

    ScriptServer()
    {
        m_clock.start();
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    void setCase(const QByteArray &path, Case c) { m_cases[path] = std::move(c); }
    QList<Request> requests(const QByteArray &path) const
    {
        QList<Request> out;
        for (const Request &r : m_requests) {
            if (r.path == path)
                out << r;
        }
        return out;
    }
    qint64 nowMs() const { return m_clock.elapsed(); }

private:
    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0 || m_started.contains(socket))
            return;
        m_started.insert(socket);
        Request request;
        request.head = buffer.first(end);
        request.atMs = m_clock.elapsed();
        const QByteArray target = request.head.split(' ').value(1);
        request.path = target.split('?').value(0);
        const int attempt = int(requests(request.path).size());
        m_requests << request;
        const auto it = m_cases.find(request.path);
        Script script = it != m_cases.end() ? it->second(attempt)
                                            : Script{{"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"}};
        writeNext(QPointer<QTcpSocket>(socket), std::move(script), 0);
    }
    void writeNext(QPointer<QTcpSocket> socket, Script script, int index)
    {
        if (!socket)
            return;
        if (index == script.pieces.size()) {
            if (script.closeAtEnd)
                socket->disconnectFromHost();
            return;
        }
        socket->write(script.pieces[index]);
        socket->flush();
        QTimer::singleShot(script.gapMs, this, [this, socket, script, index] { writeNext(socket, script, index + 1); });
    }

    QTcpServer m_server;
    QElapsedTimer m_clock;
    std::map<QByteArray, Case> m_cases;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QSet<QTcpSocket *> m_started;
};

// The same pieces as a chunked body, one chunk per piece (HTTP/1.1 chunked framing under the
// event stream, as Node's and many servers' SSE responses are sent), ending with the last chunk
// on a connection that is kept alive.
Script chunked(const QList<QByteArray> &pieces)
{
    Script script;
    script.pieces << "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (const QByteArray &p : pieces)
        script.pieces << QByteArray::number(p.size(), 16) + "\r\n" + p + "\r\n";
    script.pieces << "0\r\n\r\n";
    script.closeAtEnd = false;
    return script;
}

QString describe(const QString &type, const QString &data, const QString &id)
{
    QString d = data;
    d.replace(u'\n', QLatin1String("\\n"));
    return type + u'|' + d + u'|' + id;
}

// --- the simulator's client, inside a ClientPool as a run uses it ---
class SimHarness
{
public:
    SimHarness(quint16 port, const QByteArray &path, scenario::ReconnectSettings reconnect, bool resume = true)
    {
        auto s = std::make_shared<scenario::Scenario>();
        s->name = QStringLiteral("sse-conformance");
        scenario::Group group;
        group.name = QStringLiteral("sse");
        group.protocol = scenario::Protocol::Sse;
        group.clients = 1;
        group.phases.hold = 60s;
        group.reconnect = reconnect;
        group.resume = resume;
        group.path = QString::fromLatin1(path);
        s->groups.push_back(group);
        QString error;
        SimTarget target = SimTarget::fromUrl(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)), &error);
        target.runTag = "conformance";
        m_pool = std::make_unique<ClientPool>(s, target, 0, 1);
        m_tap = std::make_shared<FrameTap>();
        m_tap->sampleAll();
        m_pool->setFrameTap(m_tap);
        m_pool->start(MonotonicClock::nowNs());
    }
    ~SimHarness() { m_pool->stop(); }
    ClientCounters counters()
    {
        m_pool->recorder().publish();
        std::vector<RecorderInterval> taken;
        m_pool->recorder().take(taken);
        for (const RecorderInterval &interval : taken)
            m_total += interval.counters;
        return m_total;
    }
    // The data of every event the client dispatched, in order.
    QStringList data()
    {
        for (const FrameRecord &frame : m_tap->drain().frames)
            m_data << QString::fromUtf8(frame.payload);
        return m_data;
    }

private:
    std::unique_ptr<ClientPool> m_pool;
    std::shared_ptr<FrameTap> m_tap;
    ClientCounters m_total;
    QStringList m_data;
};

scenario::ReconnectSettings fixedDelay(std::chrono::milliseconds delay)
{
    scenario::ReconnectSettings r;
    r.initialDelay = delay;
    r.multiplier = 1.0;
    r.maxDelay = 60s;
    r.jitter = scenario::ReconnectSettings::Jitter::None;
    return r;
}

// --- the manual client ---
class ManualHarness
{
public:
    explicit ManualHarness(const QUrl &url, bool autoReconnect = true)
    {
        QObject::connect(&connection, &ManualConnection::frameLogged, [this](const ManualFrame &f) {
            if (f.kind == ManualFrame::Kind::Event)
                events << describe(f.eventType, QString::fromUtf8(f.payload), f.eventId);
        });
        QObject::connect(&connection, &ManualConnection::errorOccurred, [this](const QString &e) { errors << e; });
        QObject::connect(&connection, &ManualConnection::closed, [this] { ++closes; });
        connection.setAutoReconnect(autoReconnect);
        connection.open(url);
    }
    ManualConnection connection;
    QStringList events;
    QStringList errors;
    int closes = 0;
};

} // namespace

class tst_SseClientConformance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void eventStream_data();
    void eventStreamManual_data() { eventStream_data(); }
    void eventStreamManual();
    void eventStreamSimulator_data() { eventStream_data(); }
    void eventStreamSimulator();
    void crAndLfInDifferentReads();
    void reconnectSendsLastEventIdAfterRetry_data();
    void reconnectSendsLastEventIdAfterRetry();
    void refusedStreams_data();
    void refusedStreams();
    void contentTypeWithParametersIsAccepted_data();
    void contentTypeWithParametersIsAccepted();

private:
    void printTotals();
    ScriptServer m_server;
};

void tst_SseClientConformance::initTestCase()
{
    QVERIFY(m_server.port() != 0);
}

// Each row: the body in pieces (written separately), the events a conforming client dispatches
// ("type|data|id", data's LF shown as \n), the reconnection time and the Last-Event-ID the
// reconnect must carry ("-" for none). The stream ends with the connection (or with the last
// chunk for the chunked rows).
void tst_SseClientConformance::eventStream_data()
{
    QTest::addColumn<QList<QByteArray>>("pieces");
    QTest::addColumn<bool>("isChunked");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<qint64>("retry");          // -1: none set
    QTest::addColumn<QString>("lastEventId");   // "-": no Last-Event-ID header on reconnect

    using L = QList<QByteArray>;
    // HTML 9.2.6: the stream is decoded with UTF-8 decode, which strips one leading BOM.
    QTest::addRow("9.2.6 leading BOM stripped once (split across reads)")
        << L{"\xEF\xBB", "\xBF" "data: a\n\n", "\xEF\xBB\xBF" "data: b\n\n"} << false
        << QStringList{"message|a|"} << qint64(-1) << "-";
    QTest::addRow("9.2.6 BOM only at stream start, not after a first line")
        << L{"data: a\n\n\xEF\xBB\xBF" "data: b\n\n"} << false << QStringList{"message|a|"} << qint64(-1) << "-";
    // HTML 9.2.5: end-of-line = ( cr lf / cr / lf ).
    QTest::addRow("9.2.5 LF line ends") << L{"data: a\n\n"} << false << QStringList{"message|a|"} << qint64(-1) << "-";
    QTest::addRow("9.2.5 CRLF line ends") << L{"data: a\r\n\r\n"} << false << QStringList{"message|a|"} << qint64(-1) << "-";
    QTest::addRow("9.2.5 CR line ends") << L{"data: a\r\rdata: b\r\r"} << false << QStringList{"message|a|", "message|b|"} << qint64(-1) << "-";
    QTest::addRow("9.2.5 mixed CR, CRLF, LF") << L{"data: a\rdata: b\r\ndata: c\n\r\n"} << false << QStringList{"message|a\\nb\\nc|"} << qint64(-1) << "-";
    QTest::addRow("9.2.5 CR at a read boundary, LF in the next read")
        << L{"data: a\r", "\ndata: b\r", "\n\r", "\n"} << false << QStringList{"message|a\\nb|"} << qint64(-1) << "-";
    QTest::addRow("9.2.5 CR at a chunk boundary, LF in the next chunk")
        << L{"data: a\r", "\ndata: b\r", "\n\r", "\n"} << true << QStringList{"message|a\\nb|"} << qint64(-1) << "-";
    // HTML 9.2.6: "If value starts with a U+0020 SPACE character, remove it from value."
    QTest::addRow("9.2.6 data: with and without the space, only one space stripped")
        << L{"data:a\n\ndata: b\n\ndata:  c\n\n"} << false << QStringList{"message|a|", "message|b|", "message| c|"} << qint64(-1) << "-";
    // HTML 9.2.6 data: append the value and a LF; dispatch removes the last LF.
    QTest::addRow("9.2.6 multi-line data joined with LF")
        << L{"data: a\ndata:\ndata: c\n\n"} << false << QStringList{"message|a\\n\\nc|"} << qint64(-1) << "-";
    QTest::addRow("9.2.6 empty data: line dispatches an event with empty data")
        << L{"data:\n\n"} << false << QStringList{"message||"} << qint64(-1) << "-";
    // HTML 9.2.6: "If the line starts with a U+003A COLON character (:) Ignore the line."
    QTest::addRow("9.2.6 comments ignored")
        << L{": hello\n:\ndata: a\n: between\n\n"} << false << QStringList{"message|a|"} << qint64(-1) << "-";
    // HTML 9.2.6 "Otherwise: The field is ignored." Field names are case-sensitive.
    QTest::addRow("9.2.6 unknown fields ignored (names are case-sensitive)")
        << L{"foo: bar\nData: x\nDATA: y\ndata: a\n\n"} << false << QStringList{"message|a|"} << qint64(-1) << "-";
    // HTML 9.2.6: a line with no colon is a field name with an empty value.
    QTest::addRow("9.2.6 field with no colon")
        << L{"data\ndata\n\nevent\ndata: a\n\n"} << false << QStringList{"message|\\n|", "message|a|"} << qint64(-1) << "-";
    // HTML 9.2.6 id: "If the field value does not contain U+0000 NULL, then set the last event ID
    // buffer to the field value. Otherwise, ignore the field."
    QTest::addRow("9.2.6 id containing NUL ignored, last id kept")
        << L{"id: 1\ndata: a\n\n", QByteArray("id: 2\0x\ndata: b\n\n", 17)} << false
        << QStringList{"message|a|1", "message|b|1"} << qint64(-1) << "1";
    QTest::addRow("9.2.6 empty id: clears the last event ID (no Last-Event-ID)")
        << L{"id: 5\ndata: a\n\nid\ndata: b\n\n"} << false << QStringList{"message|a|5", "message|b|"} << qint64(-1) << "-";
    QTest::addRow("9.2.6 id persists over events without id:")
        << L{"id: x-1\ndata: a\n\ndata: b\n\n"} << false << QStringList{"message|a|x-1", "message|b|x-1"} << qint64(-1) << "x-1";
    // HTML 9.2.6 retry: "If the field value consists of only ASCII digits, then interpret the field
    // value as an integer in base ten, and set the event stream's reconnection time to that
    // integer. Otherwise, ignore the field."
    QTest::addRow("9.2.6 retry with non-digits ignored, valid retry used")
        << L{"retry: 1x\n\nretry: -5\n\nretry: 2.5\n\nretry: 140\n\nretry:  90\n\nretry: 1e3\n\ndata: a\n\n"} << false
        << QStringList{"message|a|"} << qint64(140) << "-";
    // HTML 9.2.6 dispatch step 2: "If the data buffer is an empty string, set the data buffer and
    // the event type buffer to the empty string and return." Step 1 still sets the last event ID.
    QTest::addRow("9.2.6 no data: no event; id: alone still sets the last event ID")
        << L{"event: x\n\nid: 7\n\n"} << false << QStringList{} << qint64(-1) << "7";
    // HTML 9.2.6 dispatch step 7: the event type buffer is reset after dispatch (and step 2 when
    // nothing is dispatched).
    QTest::addRow("9.2.6 event type reset after dispatch")
        << L{"event: x\ndata: a\n\ndata: b\n\nevent: y\n\ndata: c\n\n"} << false
        << QStringList{"x|a|", "message|b|", "message|c|"} << qint64(-1) << "-";
    // HTML 9.2.6: "Once the end of the file is reached, any pending data must be discarded. (If the
    // file ends in the middle of an event, before the final empty line, the incomplete event is
    // not dispatched.)" Its id: never reaches the last event ID string.
    QTest::addRow("9.2.6 unterminated last event dropped at stream end")
        << L{"id: 1\ndata: a\n\n", "id: 9\ndata: b\n"} << false << QStringList{"message|a|1"} << qint64(-1) << "1";
    QTest::addRow("9.2.6 unterminated last line dropped at stream end")
        << L{"data: a\n\n", "data: b"} << false << QStringList{"message|a|"} << qint64(-1) << "-";
    QTest::addRow("9.2.6 unterminated event dropped at the last chunk")
        << L{"data: a\n\n", "data: b\n"} << true << QStringList{"message|a|"} << qint64(-1) << "-";
    // HTML 9.2.6: UTF-8 decode (invalid bytes become U+FFFD), also across reads.
    QTest::addRow("9.2.6 UTF-8 decode, a character split across reads, invalid byte replaced")
        << L{"data: h\xC3", "\xA9llo \xE2\x9C", "\x93 \xFF\n\n"} << false
        << QStringList{QString::fromUtf8("message|h\xC3\xA9llo \xE2\x9C\x93 \xEF\xBF\xBD|")} << qint64(-1) << "-";
}

namespace {

Script scriptFor(const QList<QByteArray> &pieces, bool isChunked)
{
    if (isChunked)
        return chunked(pieces);
    Script script;
    script.pieces << okHead;
    script.pieces += pieces;
    return script;
}

QByteArray pathFor(const char *client)
{
    QByteArray tag = QTest::currentDataTag();
    for (char &c : tag) {
        if (!std::isalnum(uchar(c)))
            c = '-';
    }
    return "/" + QByteArray(client) + "/" + QByteArray(QTest::currentTestFunction()) + "/" + tag;
}

} // namespace

void tst_SseClientConformance::eventStreamManual()
{
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(bool, isChunked);
    QFETCH(QStringList, expected);
    QFETCH(qint64, retry);
    QFETCH(QString, lastEventId);
    const QByteArray path = pathFor("manual");
    // The second request only answers 204, so the reconnect is seen and nothing more follows.
    m_server.setCase(path, [=](int attempt) {
        return attempt == 0 ? scriptFor(pieces, isChunked) : Script{{"HTTP/1.1 204 No Content\r\n\r\n"}};
    });
    // No automatic reconnect here: reconnect() below is the one, right when the test asks.
    ManualHarness manual(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.port()).arg(QString::fromLatin1(path))), false);
    QTRY_VERIFY_WITH_TIMEOUT(manual.closes >= 1, 5000);
    qInfo().noquote() << "events:" << manual.events.join(QLatin1String(" ; "));
    QCOMPARE(manual.events, expected);
    QCOMPARE(manual.connection.serverRetryMs(), retry < 0 ? std::nullopt : std::optional<qint64>(retry));
    QCOMPARE(manual.connection.lastEventId(), lastEventId == QLatin1String("-") ? QString() : lastEventId);
    // HTML 9.2.3: the reconnect carries the last event ID string, if it is not empty.
    manual.connection.reconnect();
    QTRY_COMPARE(m_server.requests(path).size(), 2);
    const ScriptServer::Request second = m_server.requests(path).at(1);
    if (lastEventId == QLatin1String("-"))
        QVERIFY2(!second.hasHeader("Last-Event-ID"), second.head.constData());
    else
        QCOMPARE(second.header("Last-Event-ID"), lastEventId.toUtf8());
}

void tst_SseClientConformance::eventStreamSimulator()
{
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(bool, isChunked);
    QFETCH(QStringList, expected);
    QFETCH(qint64, retry);
    QFETCH(QString, lastEventId);
    const QByteArray path = pathFor("sim");
    m_server.setCase(path, [=](int attempt) {
        return attempt == 0 ? scriptFor(pieces, isChunked) : Script{{"HTTP/1.1 204 No Content\r\n\r\n"}};
    });
    // 60 ms backoff; a retry: in the stream replaces it (HTML 9.2.6 retry, ReconnectPolicy).
    SimHarness sim(m_server.port(), path, fixedDelay(60ms));
    // The stream ends, the client reconnects (and then leaves at the 204).
    QTRY_COMPARE_WITH_TIMEOUT(m_server.requests(path).size(), 2, 5000);
    QStringList expectedData;
    for (const QString &e : expected)
        expectedData << e.section(u'|', 1, -2).replace(QLatin1String("\\n"), QLatin1String("\n"));
    QTRY_COMPARE(sim.counters().messagesReceived, quint64(expected.size()));
    qInfo().noquote() << "data:" << sim.data().join(QLatin1String(" ; ")).replace(u'\n', QLatin1String("\\n"));
    QCOMPARE(sim.data(), expectedData);
    const QList<ScriptServer::Request> requests = m_server.requests(path);
    const qint64 waited = requests[1].atMs - requests[0].atMs;
    qInfo() << "reconnected after" << waited << "ms";
    if (retry >= 0)
        QVERIFY2(waited >= retry, qPrintable(QString::number(waited)));
    if (lastEventId == QLatin1String("-"))
        QVERIFY2(!requests[1].hasHeader("Last-Event-ID"), requests[1].head.constData());
    else
        QCOMPARE(requests[1].header("Last-Event-ID"), lastEventId.toUtf8());
    // HTML 9.2.3: 204 ends reconnection for good.
    QTRY_COMPARE(sim.counters().errors, quint64(1));
}

// The low-level pair both clients are built on, to show the boundary really is one: the CR
// ends one read and its LF starts the next, and the line still counts once.
void tst_SseClientConformance::crAndLfInDifferentReads()
{
    const QByteArray path = "/lowlevel/crlf";
    // A longer pause than elsewhere: this case fails, rather than passes vacuously, if the two
    // pieces were read together.
    m_server.setCase(path, [](int) { return Script{{okHead, "data: a\r", "\ndata: b\r", "\n\r", "\n"}, true, 150}; });
    HttpClientConnection connection;
    SseParser parser;
    QList<QByteArray> reads;
    QStringList events;
    connect(&connection, &HttpClientConnection::bodyData, this, [&](const QByteArray &bytes) {
        reads << bytes;
        for (const SseParser::Event &e : parser.feed(bytes))
            events << describe(e.type, e.data, e.lastEventId);
    });
    QSignalSpy ended(&connection, &HttpClientConnection::disconnected);
    connection.connectToHost(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.port())));
    connection.sendRequest("GET", path, {{"Accept", "text/event-stream"}}, {}, HttpClientConnection::Body::Streamed);
    QVERIFY(ended.wait(5000));
    qInfo() << "reads:" << reads;
    QVERIFY2(reads.size() >= 2 && reads[0].endsWith('\r') && reads[1].startsWith('\n'), "the CR and LF came in one read");
    QCOMPARE(events, QStringList{"message|a\\nb|"});
}

// HTML 9.2.3 "reestablish the connection": wait the reconnection time (retry:), then fetch again
// with Last-Event-ID set to the last event ID string. Also when the stream ends by its last
// chunk on a connection that stays open (the response ended; the connection did not).
void tst_SseClientConformance::reconnectSendsLastEventIdAfterRetry_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<bool>("isChunked");
    QTest::addRow("manual, stream ends with the connection") << "manual" << false;
    QTest::addRow("manual, chunked stream ends, connection kept alive") << "manual" << true;
    QTest::addRow("simulator, stream ends with the connection") << "sim" << false;
    QTest::addRow("simulator, chunked stream ends, connection kept alive") << "sim" << true;
}

void tst_SseClientConformance::reconnectSendsLastEventIdAfterRetry()
{
    QFETCH(QString, client);
    QFETCH(bool, isChunked);
    const QByteArray path = pathFor(qPrintable(client));
    const QList<QByteArray> first{"retry: 300\n\nid: 41\ndata: a\n\n", "id: 42\ndata: b\n\n"};
    m_server.setCase(path, [=](int attempt) {
        if (attempt == 0)
            return scriptFor(first, isChunked);
        Script held{{okHead, "id: 43\ndata: c\n\n"}};
        held.closeAtEnd = false;
        return held;
    });
    std::unique_ptr<ManualHarness> manual;
    std::unique_ptr<SimHarness> sim;
    if (client == QLatin1String("manual"))
        manual = std::make_unique<ManualHarness>(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.port()).arg(QString::fromLatin1(path))));
    else
        sim = std::make_unique<SimHarness>(m_server.port(), path, fixedDelay(2000ms));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.requests(path).size(), 2, 5000);
    const QList<ScriptServer::Request> requests = m_server.requests(path);
    QVERIFY(!requests[0].hasHeader("Last-Event-ID"));
    QCOMPARE(requests[1].header("Last-Event-ID"), QByteArray("42"));
    // The stream ended after its last piece (~50 ms after the request) and retry: 300 applies
    // (the simulator's own 2 s backoff base is replaced by it).
    const qint64 waited = requests[1].atMs - requests[0].atMs;
    qInfo() << client << "reconnected" << waited << "ms after the first request";
    QVERIFY2(waited >= 300 && waited < 1500, qPrintable(QString::number(waited)));
    if (manual) {
        QTRY_COMPARE(manual->events, (QStringList{"message|a|41", "message|b|42", "message|c|43"}));
        QVERIFY(manual->errors.isEmpty());
    } else {
        QTRY_COMPARE(sim->data(), (QStringList{"a", "b", "c"}));
        const ClientCounters c = sim->counters();
        QCOMPARE(c.reconnects, quint64(1));
        QCOMPARE(c.errors, quint64(0));
        QCOMPARE(c.lost, quint64(0));
    }
}

// HTML 9.2.3 "announce the connection" / "fail the connection": a status other than 200 or a
// Content-Type other than text/event-stream fails the connection, and a 204 in particular
// tells the client not to reconnect. Redirects would be followed by fetch; SocketScope's clients
// do not follow them (decision in docs/conformance.md).
//
// The manual client follows the spec: it reports the refusal and does not reconnect. The
// simulator counts the refusal as an error and a failed connect and tries again by its group's
// reconnect policy (an application recreating its EventSource after onerror), except after 204,
// where the client leaves.
void tst_SseClientConformance::refusedStreams_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("simRetries");
    QTest::addColumn<QString>("manualError");
    const struct {
        const char *name;
        QByteArray head;
        bool simRetries;
        const char *error;
    } cases[] = {
        {"204 No Content", "HTTP/1.1 204 No Content\r\n\r\n", false, "HTTP 204"},
        {"500", "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/event-stream\r\nContent-Length: 0\r\n\r\n", true, "HTTP 500"},
        {"404", "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nnot found", true, "HTTP 404"},
        {"503 with a stream body", "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: a\n\n", true, "HTTP 503"},
        {"wrong Content-Type text/plain", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\ndata: a\n\n", true, "not an event stream"},
        {"no Content-Type", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\ndata: a\n\n", true, "not an event stream"},
        {"Content-Type text/event-streaming", "HTTP/1.1 200 OK\r\nContent-Type: text/event-streaming\r\nConnection: close\r\n\r\ndata: a\n\n", true, "not an event stream"},
        {"307 redirect not followed", "HTTP/1.1 307 Temporary Redirect\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n", true, "HTTP 307"},
    };
    for (const auto &c : cases) {
        QTest::addRow("manual, %s", c.name) << "manual" << c.head << c.simRetries << c.error;
        QTest::addRow("simulator, %s", c.name) << "sim" << c.head << c.simRetries << c.error;
    }
}

void tst_SseClientConformance::refusedStreams()
{
    QFETCH(QString, client);
    QFETCH(QByteArray, head);
    QFETCH(bool, simRetries);
    QFETCH(QString, manualError);
    const QByteArray path = pathFor(qPrintable(client));
    m_server.setCase(path, [=](int) {
        Script script{{head}};
        return script;
    });
    if (client == QLatin1String("manual")) {
        ManualHarness manual(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.port()).arg(QString::fromLatin1(path))));
        QTRY_COMPARE_WITH_TIMEOUT(manual.closes, 1, 5000);
        qInfo().noquote() << "error:" << manual.errors.join(QLatin1String("; "));
        QVERIFY(!manual.errors.isEmpty());
        QVERIFY2(manual.errors.constFirst().contains(manualError), qPrintable(manual.errors.constFirst()));
        QVERIFY(manual.events.isEmpty());
        // HTML 9.2.3: failed, not reestablished.
        QVERIFY(!manual.connection.isReconnectPending());
        QCOMPARE(manual.connection.state(), ManualConnection::State::Unconnected);
        QCOMPARE(m_server.requests(path).size(), 1);
        QVERIFY(m_server.requests("/elsewhere").isEmpty());
        return;
    }
    SimHarness sim(m_server.port(), path, fixedDelay(50ms));
    if (simRetries) {
        // The policy's 50 ms backoff: a second and third attempt, each counted.
        QTRY_VERIFY_WITH_TIMEOUT(m_server.requests(path).size() >= 3, 5000);
        QTRY_VERIFY(sim.counters().errors >= 2);
        const ClientCounters c = sim.counters();
        qInfo() << "attempts" << c.connectAttempts << "failures" << c.connectFailures << "errors" << c.errors;
        QVERIFY(c.connectFailures >= 2);
        QCOMPARE(c.connectsFirst, quint64(0));
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(sim.counters().errors, quint64(1), 5000);
        // Five backoff periods with nothing: the client left.
        QTest::qWait(250);
        QCOMPARE(m_server.requests(path).size(), 1);
        QCOMPARE(sim.counters().connectAttempts, quint64(1));
    }
    QVERIFY(m_server.requests("/elsewhere").isEmpty());
    QCOMPARE(sim.counters().messagesReceived, quint64(0));
    QVERIFY(sim.data().isEmpty());
}

// HTML 9.2.3: the MIME type essence decides; parameters and letter case do not.
void tst_SseClientConformance::contentTypeWithParametersIsAccepted_data()
{
    QTest::addColumn<QString>("client");
    QTest::addRow("manual") << "manual";
    QTest::addRow("simulator") << "sim";
}

void tst_SseClientConformance::contentTypeWithParametersIsAccepted()
{
    QFETCH(QString, client);
    const QByteArray path = pathFor(qPrintable(client));
    m_server.setCase(path, [](int) {
        Script script{{"HTTP/1.1 200 OK\r\nContent-Type: Text/Event-Stream ; charset=UTF-8\r\nConnection: close\r\n\r\n", "data: a\n\n"}};
        script.closeAtEnd = false;
        return script;
    });
    if (client == QLatin1String("manual")) {
        ManualHarness manual(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.port()).arg(QString::fromLatin1(path))));
        QTRY_COMPARE(manual.events, QStringList{"message|a|"});
        QVERIFY(manual.errors.isEmpty());
        return;
    }
    SimHarness sim(m_server.port(), path, fixedDelay(50ms));
    QTRY_COMPARE(sim.data(), QStringList{"a"});
    QCOMPARE(sim.counters().errors, quint64(0));
}

QTEST_GUILESS_MAIN(tst_SseClientConformance)
#include "tst_sseclientconformance.moc"
