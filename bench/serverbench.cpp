// serverbench: how fast the embedded server takes connections, and what an idle connection
// costs it. Prints one JSON object on stdout (progress goes to stderr). It measures and prints;
// it is never a pass/fail test.
//
// 1. In process: a Server on 127.0.0.1 port 0 with its own accept and worker threads; this
//    thread is the client side. N WebSocket handshakes (QWebSocket) and N SSE subscriptions (at
//    most --concurrency in flight), N raw TCP connects (counted once the server's workers have
//    adopted them), and N HTTP requests each on a new connection.
// 2. Memory: `socketscope serve` as a separate process (so that client memory is not counted),
//    N idle WebSocket connections, then a fresh server and N idle SSE streams; the growth of the
//    server's VmRSS divided by N is the cost of one idle connection.
// Loopback only; every loop is bounded in count and in time.

#include "server/server.h"

#include <QAbstractEventDispatcher>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#ifndef SERVERBENCH_BUILD_TYPE
#define SERVERBENCH_BUILD_TYPE "unknown"
#endif

using namespace std::chrono_literals;

namespace {

struct Options
{
    int connections = 1000;
    int concurrency = 100;
    int workers = 0;
    std::chrono::milliseconds phaseTimeout{60s};
    QString serverPath;
    QString eventLoop = QStringLiteral("epoll"); // the server workers' loop: epoll or qt
    bool inProcess = true;
    bool memory = true;
};

QTextStream &progress()
{
    static QTextStream stream(stderr);
    return stream;
}

double rounded(double value, int decimals = 3)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// Runs this thread's event loop until done() holds or the timeout passes; returns done().
bool waitFor(const std::function<bool()> &done, std::chrono::milliseconds timeout)
{
    if (done())
        return true;
    QEventLoop loop;
    QElapsedTimer elapsed;
    elapsed.start();
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1ms);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || std::chrono::milliseconds(elapsed.elapsed()) >= timeout)
            loop.quit();
    });
    poll.start();
    loop.exec();
    return done();
}

void pause(std::chrono::milliseconds duration)
{
    QElapsedTimer elapsed;
    elapsed.start();
    waitFor([&] { return std::chrono::milliseconds(elapsed.elapsed()) >= duration; }, duration + 1s);
}

// Nearest-rank percentiles of durations in milliseconds.
QJsonObject percentiles(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        if (samples.empty())
            return 0.0;
        const auto rank = size_t(std::ceil(q * double(samples.size())));
        return rounded(samples[std::clamp<size_t>(rank, 1, samples.size()) - 1]);
    };
    return {{QStringLiteral("p50"), at(0.50)}, {QStringLiteral("p90"), at(0.90)},
            {QStringLiteral("p99"), at(0.99)}, {QStringLiteral("max"), at(1.0)},
            {QStringLiteral("samples"), qint64(samples.size())}};
}

QJsonObject rate(int succeeded, int failed, qint64 elapsedNs, bool timedOut)
{
    const double seconds = double(elapsedNs) / 1e9;
    return {{QStringLiteral("succeeded"), succeeded}, {QStringLiteral("failed"), failed},
            {QStringLiteral("timed_out"), timedOut}, {QStringLiteral("seconds"), rounded(seconds, 4)},
            {QStringLiteral("per_second"), seconds > 0 ? rounded(succeeded / seconds, 1) : 0.0}};
}

// Opens `count` connections with at most `concurrency` in flight. start(i) begins connection i
// and calls finish(i, ok) when it is established or has failed (later calls are ignored).
// elapsedNs runs from the first start to the last finish; handshakeMs holds start-to-finish
// times of the successful ones.
struct Ramp
{
    int count = 0;
    int concurrency = 1;
    std::function<void(int)> start;

    int succeeded = 0;
    int failed = 0;
    bool timedOut = false;
    qint64 elapsedNs = 0;
    std::vector<double> handshakeMs;

    void finish(int index, bool ok)
    {
        if (m_done[size_t(index)])
            return;
        m_done[size_t(index)] = true;
        --m_inFlight;
        if (ok) {
            ++succeeded;
            handshakeMs.push_back(double(m_clock.nsecsElapsed() - m_startedNs[size_t(index)]) / 1e6);
        } else {
            ++failed;
        }
        m_lastFinishNs = m_clock.nsecsElapsed();
        // Launch the next ones from the event loop, not from inside a socket's signal.
        if (!m_launchQueued && m_started < count) {
            m_launchQueued = true;
            // m_context: a launch still queued when the ramp is gone is dropped with it.
            QTimer::singleShot(0, &m_context, [this] { m_launchQueued = false; launch(); });
        }
    }

    void run(std::chrono::milliseconds timeout)
    {
        m_done.assign(size_t(count), false);
        m_startedNs.assign(size_t(count), 0);
        handshakeMs.reserve(size_t(count));
        m_clock.start();
        launch();
        timedOut = !waitFor([this] { return succeeded + failed >= count; }, timeout);
        elapsedNs = m_lastFinishNs;
        m_started = count; // nothing more is launched, even if the run timed out
    }

private:
    void launch()
    {
        while (m_inFlight < concurrency && m_started < count) {
            const int index = m_started++;
            ++m_inFlight;
            m_startedNs[size_t(index)] = m_clock.nsecsElapsed();
            start(index);
        }
    }

    QObject m_context;
    QElapsedTimer m_clock;
    std::vector<bool> m_done;
    std::vector<qint64> m_startedNs;
    int m_started = 0;
    int m_inFlight = 0;
    qint64 m_lastFinishNs = 0;
    bool m_launchQueued = false;
};

// --- client connections --------------------------------------------------------------------

std::vector<std::unique_ptr<QWebSocket>> openWebSockets(quint16 port, int count, const Options &options,
                                                        QJsonObject *result)
{
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    sockets.reserve(size_t(count));
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws?channel=bench").arg(port));
    Ramp ramp;
    ramp.count = count;
    ramp.concurrency = options.concurrency;
    ramp.start = [&](int index) {
        sockets.push_back(std::make_unique<QWebSocket>());
        QWebSocket *socket = sockets.back().get();
        QObject::connect(socket, &QWebSocket::connected, socket, [&ramp, index] { ramp.finish(index, true); });
        QObject::connect(socket, &QWebSocket::disconnected, socket, [&ramp, index] { ramp.finish(index, false); });
        QObject::connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), socket,
                         [&ramp, index] { ramp.finish(index, false); });
        socket->open(url);
    };
    ramp.run(options.phaseTimeout);
    // The ramp goes out of scope: nothing may call back into it.
    for (auto &socket : sockets)
        QObject::disconnect(socket.get(), nullptr, socket.get(), nullptr);
    if (result) {
        *result = rate(ramp.succeeded, ramp.failed, ramp.elapsedNs, ramp.timedOut);
        result->insert(QStringLiteral("handshake_ms"), percentiles(ramp.handshakeMs));
        result->insert(QStringLiteral("concurrency"), options.concurrency);
    }
    return sockets;
}

// An SSE subscriber that reads and drops what it is sent once the response head is in.
struct SseStream
{
    QTcpSocket socket;
    QByteArray head;
    bool established = false;
};

std::vector<std::unique_ptr<SseStream>> openSseStreams(quint16 port, int count, const Options &options,
                                                       QJsonObject *result)
{
    std::vector<std::unique_ptr<SseStream>> streams;
    streams.reserve(size_t(count));
    const QByteArray request = "GET /events?channel=bench HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Accept: text/event-stream\r\n\r\n";
    Ramp ramp;
    ramp.count = count;
    ramp.concurrency = options.concurrency;
    ramp.start = [&](int index) {
        streams.push_back(std::make_unique<SseStream>());
        SseStream *stream = streams.back().get();
        QTcpSocket *socket = &stream->socket;
        QObject::connect(socket, &QTcpSocket::connected, socket, [socket, &request] { socket->write(request); });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [stream, &ramp, index] {
            const QByteArray bytes = stream->socket.readAll();
            if (stream->established)
                return;
            stream->head += bytes;
            const qsizetype end = stream->head.indexOf("\r\n\r\n");
            if (end < 0 && stream->head.size() < 16 * 1024)
                return;
            const QByteArray head = stream->head.first(qMax<qsizetype>(end, 0));
            stream->established = head.startsWith("HTTP/1.1 200") && head.contains("text/event-stream");
            stream->head.clear();
            ramp.finish(index, stream->established);
        });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [&ramp, index] { ramp.finish(index, false); });
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [&ramp, index] { ramp.finish(index, false); });
        socket->connectToHost(QHostAddress::LocalHost, port);
    };
    ramp.run(options.phaseTimeout);
    for (auto &stream : streams) {
        QObject::disconnect(&stream->socket, nullptr, &stream->socket, nullptr);
        // Keep draining heartbeats so that nothing piles up in the kernel on either side.
        QTcpSocket *socket = &stream->socket;
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    }
    if (result) {
        *result = rate(ramp.succeeded, ramp.failed, ramp.elapsedNs, ramp.timedOut);
        result->insert(QStringLiteral("handshake_ms"), percentiles(ramp.handshakeMs));
        result->insert(QStringLiteral("concurrency"), options.concurrency);
    }
    return streams;
}

// N raw TCP connects, all started at once; done when the server's workers have adopted them all
// (its open HTTP gauge), so this is the server's accept + hand-off rate, not the kernel's.
QJsonObject measureTcpAccepts(Server &server, int count, const Options &options)
{
    const qint64 baseline = server.stats().openHttp;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    sockets.reserve(size_t(count));
    int failed = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < count; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        QObject::connect(sockets.back().get(), &QTcpSocket::errorOccurred, sockets.back().get(), [&failed] { ++failed; });
        sockets.back()->connectToHost(QHostAddress::LocalHost, server.port());
    }
    const qint64 startedNs = clock.nsecsElapsed();
    qint64 acceptedNs = 0;
    const bool allAccepted = waitFor([&] {
        if (server.stats().openHttp - baseline < count)
            return failed > 0 && server.stats().openHttp - baseline + failed >= count;
        acceptedNs = clock.nsecsElapsed();
        return true;
    }, options.phaseTimeout);
    const qint64 accepted = server.stats().openHttp - baseline;
    QJsonObject result = rate(int(accepted), failed, allAccepted ? acceptedNs : clock.nsecsElapsed(), !allAccepted);
    result.insert(QStringLiteral("connect_calls_ms"), rounded(double(startedNs) / 1e6));
    for (auto &socket : sockets) {
        QObject::disconnect(socket.get(), nullptr, nullptr, nullptr);
        socket->abort();
    }
    sockets.clear();
    waitFor([&] { return server.stats().openHttp <= baseline; }, 10s);
    return result;
}

// N HTTP requests (GET /healthz), each on a new connection that the server closes after the
// answer ("Connection: close"); at most --concurrency at once.
QJsonObject measureHttpRequests(quint16 port, int count, const Options &options)
{
    struct Request
    {
        QTcpSocket socket;
        QByteArray reply;
    };
    std::vector<std::unique_ptr<Request>> requests;
    requests.reserve(size_t(count));
    const QByteArray text = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    Ramp ramp;
    ramp.count = count;
    ramp.concurrency = options.concurrency;
    ramp.start = [&](int index) {
        requests.push_back(std::make_unique<Request>());
        Request *request = requests.back().get();
        QTcpSocket *socket = &request->socket;
        QObject::connect(socket, &QTcpSocket::connected, socket, [socket, &text] { socket->write(text); });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [request] { request->reply += request->socket.readAll(); });
        // The server closes after the answer: a complete reply ends with the peer's FIN.
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [request, &ramp, index] {
            request->reply += request->socket.readAll();
            ramp.finish(index, request->reply.startsWith("HTTP/1.1 200") && request->reply.endsWith("ok\n"));
        });
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [&ramp, index](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError)
                ramp.finish(index, false);
        });
        socket->connectToHost(QHostAddress::LocalHost, port);
    };
    ramp.run(options.phaseTimeout);
    for (auto &request : requests)
        QObject::disconnect(&request->socket, nullptr, nullptr, nullptr);
    QJsonObject result = rate(ramp.succeeded, ramp.failed, ramp.elapsedNs, ramp.timedOut);
    result.insert(QStringLiteral("latency_ms"), percentiles(ramp.handshakeMs));
    result.insert(QStringLiteral("concurrency"), options.concurrency);
    return result;
}

} // namespace

namespace {

QByteArray readSmallFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// VmRSS of a process in kB (Linux /proc), or -1.
qint64 residentKb(qint64 pid)
{
    const QByteArray status = readSmallFile(QStringLiteral("/proc/%1/status").arg(pid));
    static const QRegularExpression vmRss(QStringLiteral("VmRSS:\\s+(\\d+) kB"));
    const QRegularExpressionMatch match = vmRss.match(QString::fromLatin1(status));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

// GET /metrics from the server, synchronously (its own socket; bounded by `timeout`).
QByteArray fetchMetrics(quint16 port, std::chrono::milliseconds timeout = 5s)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(int(timeout.count())))
        return {};
    socket.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray reply;
    QElapsedTimer elapsed;
    elapsed.start();
    while (socket.state() == QAbstractSocket::ConnectedState && std::chrono::milliseconds(elapsed.elapsed()) < timeout) {
        socket.waitForReadyRead(100);
        reply += socket.readAll();
    }
    reply += socket.readAll();
    return reply;
}

// socketscope_connections{protocol="..."} from the server's Prometheus text, or -1.
qint64 openConnections(quint16 port, const char *protocol)
{
    const QByteArray metrics = fetchMetrics(port);
    const QRegularExpression sample(QStringLiteral("\nsocketscope_connections\\{protocol=\"%1\"\\} (\\d+)").arg(QLatin1String(protocol)));
    const QRegularExpressionMatch match = sample.match(QString::fromUtf8(metrics));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

// Polls the server's open-connection gauge (a request each time, so not every millisecond).
bool waitForOpen(quint16 port, const char *protocol, const std::function<bool(qint64)> &done,
                 std::chrono::milliseconds timeout)
{
    QElapsedTimer elapsed;
    elapsed.start();
    while (!done(openConnections(port, protocol))) {
        if (std::chrono::milliseconds(elapsed.elapsed()) >= timeout)
            return false;
        pause(100ms);
    }
    return true;
}

// `socketscope serve --listen 127.0.0.1:0` as a child process.
class ServeProcess
{
public:
    explicit ServeProcess(QString eventLoop) : m_eventLoop(std::move(eventLoop)) {}

    bool start(const QString &program, QString *error)
    {
        m_process.setProgram(program);
        m_process.setArguments({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                QStringLiteral("--event-loop"), m_eventLoop});
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            *error = QStringLiteral("cannot start %1: %2").arg(program, m_process.errorString());
            return false;
        }
        static const QRegularExpression listening(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
        QByteArray output;
        const bool ready = waitFor([&] {
            output += m_process.readAllStandardOutput();
            const QRegularExpressionMatch match = listening.match(QString::fromUtf8(output));
            if (match.hasMatch())
                m_port = quint16(match.captured(1).toUInt());
            return m_port != 0 || m_process.state() == QProcess::NotRunning;
        }, 15s);
        if (!ready || m_port == 0) {
            *error = QStringLiteral("%1 serve did not report its port; stdout: %2 stderr: %3")
                         .arg(program, QString::fromUtf8(output), QString::fromUtf8(m_process.readAllStandardError()));
            stop();
            return false;
        }
        return true;
    }

    // SIGTERM (graceful: close frames to every client) while this thread keeps serving its
    // clients; SIGKILL if it has not exited in time. Returns the exit code, or -1.
    int stop(qint64 *elapsedMs = nullptr)
    {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitCode();
        QElapsedTimer elapsed;
        elapsed.start();
        m_process.terminate();
        const bool exited = waitFor([this] { return m_process.state() == QProcess::NotRunning; }, 20s);
        if (elapsedMs)
            *elapsedMs = elapsed.elapsed();
        if (!exited) {
            m_process.kill();
            m_process.waitForFinished(5000);
            return -1;
        }
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    ~ServeProcess() { stop(); }

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }

private:
    QString m_eventLoop;
    QProcess m_process;
    quint16 m_port = 0;
};

// Server RSS growth for `count` idle connections of one kind, on a fresh server process.
template<typename Open>
QJsonObject measureIdleMemory(const char *protocol, Open open, const Options &options)
{
    QJsonObject result;
    ServeProcess server(options.eventLoop);
    QString error;
    if (!server.start(options.serverPath, &error)) {
        result.insert(QStringLiteral("error"), error);
        return result;
    }
    // Warm up first (worker allocations, the WebSocket server's first handshake, malloc arenas),
    // so that one-time costs are not charged to the connections.
    {
        auto warm = open(server.port(), qMin(50, options.connections), options, nullptr);
        for (auto &connection : warm)
            connection->abort();
        warm.clear();
        waitForOpen(server.port(), protocol, [](qint64 open) { return open == 0; }, 10s);
        pause(500ms);
    }
    const qint64 beforeKb = residentKb(server.pid());

    QJsonObject connect;
    auto connections = open(server.port(), options.connections, options, &connect);
    const int established = connect.value(QStringLiteral("succeeded")).toInt();
    waitForOpen(server.port(), protocol, [&](qint64 open) { return open >= established; }, 10s);
    pause(1s); // let the server settle (deferred deletes, first heartbeats)
    const qint64 afterKb = residentKb(server.pid());
    const qint64 serverOpen = openConnections(server.port(), protocol);

    result.insert(QStringLiteral("connect"), connect);
    result.insert(QStringLiteral("established"), established);
    result.insert(QStringLiteral("server_reports_open"), serverOpen);
    result.insert(QStringLiteral("rss_before_kb"), beforeKb);
    result.insert(QStringLiteral("rss_after_kb"), afterKb);
    if (established > 0 && beforeKb > 0 && afterKb > 0)
        result.insert(QStringLiteral("bytes_per_connection"), qint64(std::llround(double(afterKb - beforeKb) * 1024.0 / established)));

    // Graceful shutdown with every client still connected.
    qint64 shutdownMs = 0;
    const int exitCode = server.stop(&shutdownMs);
    result.insert(QStringLiteral("shutdown_ms"), shutdownMs);
    result.insert(QStringLiteral("server_exit_code"), exitCode);
    for (auto &connection : connections)
        connection->abort();
    return result;
}

struct AbortableSse
{
    std::unique_ptr<SseStream> stream;
    void abort() { stream->socket.abort(); }
};

std::vector<std::unique_ptr<QWebSocket>> openWs(quint16 port, int count, const Options &options, QJsonObject *result)
{
    return openWebSockets(port, count, options, result);
}

// SSE streams as objects with abort(), like QWebSocket, for measureIdleMemory().
std::vector<std::unique_ptr<AbortableSse>> openSse(quint16 port, int count, const Options &options, QJsonObject *result)
{
    std::vector<std::unique_ptr<AbortableSse>> out;
    for (auto &stream : openSseStreams(port, count, options, result))
        out.push_back(std::make_unique<AbortableSse>(AbortableSse{std::move(stream)}));
    return out;
}

void raiseDescriptorLimit(QJsonObject &out)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        if (limit.rlim_cur < limit.rlim_max) {
            limit.rlim_cur = limit.rlim_max;
            ::setrlimit(RLIMIT_NOFILE, &limit);
            ::getrlimit(RLIMIT_NOFILE, &limit);
        }
        out.insert(QStringLiteral("nofile_limit"), qint64(limit.rlim_cur));
    }
}

QJsonObject runInProcess(const Options &options)
{
    QJsonObject result;
    ServerConfig config;
    config.port = 0;
    config.workers = options.workers;
    config.eventLoop = *ServerConfig::parseEventLoop(options.eventLoop);
    Server server(config);
    if (!server.start()) {
        result.insert(QStringLiteral("error"), server.errorString());
        return result;
    }
    result.insert(QStringLiteral("workers"), server.workerCount());
    const int n = options.connections;

    progress() << "serverbench: in-process server on port " << server.port() << ", warming up\n" << Qt::flush;
    {
        auto warm = openWebSockets(server.port(), qMin(50, n), options, nullptr);
        for (auto &socket : warm)
            socket->abort();
        warm.clear();
        waitFor([&] { return server.stats().openWebSocket == 0; }, 10s);
    }

    progress() << "serverbench: " << n << " WebSocket handshakes\n" << Qt::flush;
    QJsonObject ws;
    {
        auto sockets = openWebSockets(server.port(), n, options, &ws);
        const int established = ws.value(QStringLiteral("succeeded")).toInt();
        waitFor([&] { return server.stats().openWebSocket >= established; }, 10s);
        ws.insert(QStringLiteral("server_reports_open"), server.stats().openWebSocket);
        for (auto &socket : sockets)
            socket->abort();
        sockets.clear();
        waitFor([&] { return server.stats().openWebSocket == 0; }, 10s);
    }
    result.insert(QStringLiteral("websocket_connect"), ws);

    progress() << "serverbench: " << n << " SSE subscriptions\n" << Qt::flush;
    QJsonObject sse;
    {
        auto streams = openSseStreams(server.port(), n, options, &sse);
        const int established = sse.value(QStringLiteral("succeeded")).toInt();
        waitFor([&] { return server.stats().openSse >= established; }, 10s);
        sse.insert(QStringLiteral("server_reports_open"), server.stats().openSse);
        for (auto &stream : streams)
            stream->socket.abort();
        streams.clear();
        waitFor([&] { return server.stats().openSse == 0; }, 10s);
    }
    result.insert(QStringLiteral("sse_connect"), sse);

    progress() << "serverbench: " << n << " raw TCP connects\n" << Qt::flush;
    result.insert(QStringLiteral("tcp_accept"), measureTcpAccepts(server, n, options));

    progress() << "serverbench: " << n << " HTTP requests on new connections\n" << Qt::flush;
    result.insert(QStringLiteral("http_request_new_connection"), measureHttpRequests(server.port(), n, options));

    QElapsedTimer stopping;
    stopping.start();
    const bool stopped = server.stopAndWait(15s);
    result.insert(QStringLiteral("stop_ms"), stopping.elapsed());
    result.insert(QStringLiteral("stopped"), stopped);
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("serverbench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures the embedded server's connection rates and the memory of idle connections; prints JSON."));
    parser.addHelpOption();
    const QCommandLineOption connectionsOption(QStringLiteral("connections"), QStringLiteral("Connections per measurement (default 1000)."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"), QStringLiteral("Handshakes in flight at once (default 100)."), QStringLiteral("K"), QStringLiteral("100"));
    const QCommandLineOption workersOption(QStringLiteral("workers"), QStringLiteral("Worker threads of the in-process server (default 0: one per core)."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption serverOption(QStringLiteral("server"), QStringLiteral("The socketscope binary for the memory measurement (default: the one beside serverbench)."), QStringLiteral("PATH"));
    const QCommandLineOption eventLoopOption(QStringLiteral("event-loop"), QStringLiteral("The server workers' event loop: epoll (default) or qt."), QStringLiteral("epoll|qt"), QStringLiteral("epoll"));
    const QCommandLineOption timeoutOption(QStringLiteral("phase-timeout"), QStringLiteral("Seconds each phase may take at most (default 60)."), QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption skipInProcess(QStringLiteral("skip-in-process"), QStringLiteral("Skip the in-process rate measurements."));
    const QCommandLineOption skipMemory(QStringLiteral("skip-memory"), QStringLiteral("Skip the idle-connection memory measurement."));
    parser.addOptions({connectionsOption, concurrencyOption, workersOption, serverOption, eventLoopOption, timeoutOption, skipInProcess, skipMemory});
    parser.process(app);

    Options options;
    bool ok = true;
    const auto positive = [&](const QCommandLineOption &option, int max) {
        bool valid = false;
        const int value = parser.value(option).toInt(&valid);
        if (!valid || value < 0 || value > max) {
            QTextStream(stderr) << "serverbench: --" << option.names().constFirst() << " expects a number from 0 to " << max << "\n";
            ok = false;
        }
        return value;
    };
    options.connections = positive(connectionsOption, 100000);
    options.concurrency = qMax(1, positive(concurrencyOption, 100000));
    options.workers = positive(workersOption, 256);
    options.phaseTimeout = std::chrono::seconds(qMax(1, positive(timeoutOption, 3600)));
    options.eventLoop = parser.value(eventLoopOption);
    if (!ServerConfig::parseEventLoop(options.eventLoop)) {
        QTextStream(stderr) << "serverbench: --event-loop expects epoll or qt\n";
        ok = false;
    }
    options.inProcess = !parser.isSet(skipInProcess);
    options.memory = !parser.isSet(skipMemory);
    options.serverPath = parser.isSet(serverOption) ? parser.value(serverOption)
                                                    : QCoreApplication::applicationDirPath() + QStringLiteral("/socketscope");
    if (!ok || options.connections < 1)
        return 2;

    QJsonObject out;
    out.insert(QStringLiteral("bench"), QStringLiteral("serverbench"));
    out.insert(QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    out.insert(QStringLiteral("build_type"), QStringLiteral(SERVERBENCH_BUILD_TYPE));
    out.insert(QStringLiteral("qt"), QString::fromLatin1(qVersion()));
    out.insert(QStringLiteral("cores"), QThread::idealThreadCount());
    out.insert(QStringLiteral("kernel"), QSysInfo::kernelVersion());
    out.insert(QStringLiteral("somaxconn"), QString::fromLatin1(readSmallFile(QStringLiteral("/proc/sys/net/core/somaxconn")).trimmed()).toInt());
    out.insert(QStringLiteral("connections"), options.connections);
    out.insert(QStringLiteral("concurrency"), options.concurrency);
    out.insert(QStringLiteral("server_event_loop"), options.eventLoop);
    out.insert(QStringLiteral("client_threads"), 1);
    out.insert(QStringLiteral("client_event_dispatcher"),
               QString::fromLatin1(QAbstractEventDispatcher::instance()->metaObject()->className()));
    raiseDescriptorLimit(out);

    if (options.inProcess)
        out.insert(QStringLiteral("in_process"), runInProcess(options));

    if (options.memory) {
        QJsonObject memory;
        memory.insert(QStringLiteral("server"), QFileInfo(options.serverPath).absoluteFilePath());
        progress() << "serverbench: memory of " << options.connections << " idle WebSocket connections (separate server process)\n" << Qt::flush;
        memory.insert(QStringLiteral("websocket_idle"), measureIdleMemory("ws", openWs, options));
        progress() << "serverbench: memory of " << options.connections << " idle SSE streams (separate server process)\n" << Qt::flush;
        memory.insert(QStringLiteral("sse_idle"), measureIdleMemory("sse", openSse, options));
        out.insert(QStringLiteral("memory"), memory);
    }

    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Indented) << Qt::flush;
    // A phase that could not run at all (no server binary, no port) is a failure of the run.
    const QByteArray text = QJsonDocument(out).toJson(QJsonDocument::Compact);
    return text.contains("\"error\":") ? 1 : 0;
}
