// The testee of the RFC 6455 client conformance suite: SocketScope's own WebSocket client
// (WsClientConnection, as the simulator and the manual client use it) driven the way the
// Autobahn TestSuite drives its testee clients. Not a test by itself: the raw-frame server of
// tests/external/conformance/ws_client_conformance.test.mjs (or Autobahn's fuzzingserver) plays
// the cases and judges what arrives on the wire; this program only connects, echoes and reports.
//
//   wsclientprobe ws://HOST:PORT [--agent NAME] [--timeout-ms N]
//
// Like an Autobahn testee: GET /getCaseCount (a text message with the number of cases), then
// /runCase?case=N&agent=NAME for N = 1..count, one after the other, then
// /updateReports?agent=NAME. Every text and binary message is echoed back unchanged. One JSON
// line per event on stdout: {"case":N,"event":"opened"|"text"|"binary"|"ping"|"pong"|
// "closeFrame"|"closed"|"failed"|"timeout",...}; case 0 is getCaseCount/updateReports.
// Exit code 0 when every connection ended (closed or failed), 2 on bad arguments, 1 when the
// case count could not be read.
#include "sim/wsclientconnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

namespace {

QElapsedTimer g_clock; // "t": milliseconds since the probe started, to line events up with the server's

void print(int caseNumber, const char *event, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("case"), caseNumber);
    fields.insert(QStringLiteral("t"), double(g_clock.nsecsElapsed() / 1000) / 1000.0);
    fields.insert(QStringLiteral("event"), QLatin1String(event));
    const QByteArray line = QJsonDocument(fields).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout); // the runner judges as lines arrive
}

QString hexPrefix(const QByteArray &bytes)
{
    // Enough to tell payloads apart in a report without flooding it.
    return QString::fromLatin1(bytes.left(32).toHex());
}

class Probe : public QObject
{
public:
    Probe(QUrl base, QString agent, std::chrono::milliseconds timeout)
        : m_base(std::move(base)), m_agent(std::move(agent)), m_timeout(timeout)
    {
        m_watchdog.setSingleShot(true);
        connect(&m_watchdog, &QTimer::timeout, this, [this] {
            // The server neither finished the case nor closed: report it and move on, so one
            // hung case cannot stall the rest.
            print(m_case, "timeout", {{QStringLiteral("ms"), qint64(m_timeout.count())}});
            if (m_connection)
                m_connection->abort();
            ended();
        });
    }

    void start()
    {
        WsClientConnection::Options defaults;
        print(0, "probe", {{QStringLiteral("maxMessageBytes"), defaults.maxMessageBytes},
                           {QStringLiteral("closeGraceMs"), qint64(defaults.closeGrace.count())}});
        m_phase = Phase::Count;
        connectTo(QStringLiteral("/getCaseCount"), {});
    }

private:
    enum class Phase { Count, Cases, Reports };

    void connectTo(const QString &path, const QUrlQuery &query)
    {
        QUrl url = m_base;
        url.setPath(path);
        url.setQuery(query);
        auto *connection = new WsClientConnection(this);
        m_connection = connection;
        const int caseNumber = m_case;
        connect(connection, &WsClientConnection::opened, this, [caseNumber] { print(caseNumber, "opened"); });
        connect(connection, &WsClientConnection::textMessageReceived, this, [this, connection, caseNumber](const QByteArray &utf8) {
            print(caseNumber, "text", {{QStringLiteral("length"), qint64(utf8.size())}});
            if (m_phase == Phase::Count)
                m_count = utf8.trimmed().toInt();
            else
                connection->sendText(utf8); // the echo the server judges
        });
        connect(connection, &WsClientConnection::binaryMessageReceived, this, [connection, caseNumber](const QByteArray &bytes) {
            print(caseNumber, "binary", {{QStringLiteral("length"), qint64(bytes.size())}});
            connection->sendBinary(bytes);
        });
        connect(connection, &WsClientConnection::pingReceived, this, [caseNumber](const QByteArray &payload) {
            print(caseNumber, "ping", {{QStringLiteral("length"), qint64(payload.size())}, {QStringLiteral("hex"), hexPrefix(payload)}});
        });
        connect(connection, &WsClientConnection::pongReceived, this, [caseNumber](const QByteArray &payload) {
            print(caseNumber, "pong", {{QStringLiteral("length"), qint64(payload.size())}, {QStringLiteral("hex"), hexPrefix(payload)}});
        });
        connect(connection, &WsClientConnection::closeFrameReceived, this, [caseNumber](quint16 code, const QString &reason) {
            print(caseNumber, "closeFrame", {{QStringLiteral("code"), code}, {QStringLiteral("reason"), reason}});
        });
        connect(connection, &WsClientConnection::closed, this, [this, caseNumber](quint16 code, const QString &reason) {
            print(caseNumber, "closed", {{QStringLiteral("code"), code}, {QStringLiteral("reason"), reason}});
            ended();
        });
        connect(connection, &WsClientConnection::failed, this, [this, caseNumber](const QString &error) {
            print(caseNumber, "failed", {{QStringLiteral("error"), error}});
            ended();
        });
        m_watchdog.start(m_timeout);
        connection->open(url);
    }

    // The connection of the current step ended; the next step starts from the event loop, so the
    // connection is not deleted inside its own signal.
    void ended()
    {
        m_watchdog.stop();
        if (m_connection) {
            m_connection->disconnect(this);
            m_connection->deleteLater();
            m_connection = nullptr;
        }
        QMetaObject::invokeMethod(this, [this] { next(); }, Qt::QueuedConnection);
    }

    void next()
    {
        switch (m_phase) {
        case Phase::Count:
            if (m_count <= 0) {
                std::fprintf(stderr, "wsclientprobe: no case count from %s/getCaseCount\n", qPrintable(m_base.toString()));
                QCoreApplication::exit(1);
                return;
            }
            m_phase = Phase::Cases;
            m_case = 0;
            [[fallthrough]];
        case Phase::Cases:
            if (++m_case <= m_count) {
                connectTo(QStringLiteral("/runCase"), QUrlQuery{{QStringLiteral("case"), QString::number(m_case)},
                                                                {QStringLiteral("agent"), m_agent}});
                return;
            }
            m_phase = Phase::Reports;
            m_case = 0;
            connectTo(QStringLiteral("/updateReports"), QUrlQuery{{QStringLiteral("agent"), m_agent}});
            return;
        case Phase::Reports:
            QCoreApplication::exit(0);
            return;
        }
    }

    QUrl m_base;
    QString m_agent;
    std::chrono::milliseconds m_timeout;
    QTimer m_watchdog;
    QPointer<WsClientConnection> m_connection;
    Phase m_phase = Phase::Count;
    int m_count = 0;
    int m_case = 0;
};

} // namespace

int main(int argc, char **argv)
{
    g_clock.start();
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    QUrl base;
    QString agent = QStringLiteral("SocketScope");
    qint64 timeoutMs = 20000;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (arg == QLatin1String("--agent") && i + 1 < args.size()) {
            agent = args[++i];
        } else if (arg == QLatin1String("--timeout-ms") && i + 1 < args.size()) {
            bool ok = false;
            timeoutMs = args[++i].toLongLong(&ok);
            if (!ok || timeoutMs <= 0) {
                std::fprintf(stderr, "wsclientprobe: --timeout-ms wants a positive number of milliseconds, got \"%s\"\n", qPrintable(args[i]));
                return 2;
            }
        } else if (!arg.startsWith(QLatin1String("--")) && base.isEmpty()) {
            base = QUrl(arg);
        } else {
            std::fprintf(stderr, "wsclientprobe: unexpected argument \"%s\"\n", qPrintable(arg));
            return 2;
        }
    }
    if (!base.isValid() || (base.scheme() != QLatin1String("ws") && base.scheme() != QLatin1String("wss")) || base.host().isEmpty()) {
        std::fprintf(stderr, "usage: wsclientprobe ws://HOST:PORT [--agent NAME] [--timeout-ms N]\n");
        return 2;
    }
    Probe probe(base, agent, std::chrono::milliseconds(timeoutMs));
    QMetaObject::invokeMethod(&probe, [&probe] { probe.start(); }, Qt::QueuedConnection);
    return app.exec();
}
