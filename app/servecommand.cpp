#include "servecommand.h"

#include "signalwatcher.h"
#include "stdincontrol.h"
#include "scenario/duration.h"
#include "server/server.h"
#include "server/tlsidentity.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

using namespace std::chrono_literals;

namespace {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

bool parseListen(const QString &text, ServerConfig &config, QString &error)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0) {
        error = QStringLiteral("--listen expects ADDRESS:PORT such as 127.0.0.1:8080, got '%1'").arg(text);
        return false;
    }
    QString host = text.first(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = text.sliced(colon + 1).toUInt(&ok);
    QHostAddress address;
    if (host == u"localhost")
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        ok = false;
    if (!ok || port > 65535) {
        error = QStringLiteral("--listen expects ADDRESS:PORT such as 127.0.0.1:8080, got '%1'").arg(text);
        return false;
    }
    config.address = address;
    config.port = quint16(port);
    return true;
}

} // namespace

int ServeCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("serve",
        "Run the embedded WebSocket / SSE / long-poll server until SIGINT or SIGTERM."));
    parser.addHelpOption();
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address and port (default 127.0.0.1:8080; port 0 picks a free one)."), QStringLiteral("ADDR:PORT"), QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption token(QStringLiteral("token"), QStringLiteral("Require this token (?token= or Authorization: Bearer)."), QStringLiteral("T"));
    const QCommandLineOption origin(QStringLiteral("allow-origin"), QStringLiteral("Allow browser requests from this origin (repeatable; default: any)."), QStringLiteral("O"));
    const QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("Worker threads (default: one per core)."), QStringLiteral("N"));
    const QCommandLineOption replay(QStringLiteral("replay"), QStringLiteral("Messages kept per channel for resume (default 1000)."), QStringLiteral("N"));
    const QCommandLineOption maxMessage(QStringLiteral("max-message-bytes"), QStringLiteral("Largest WS message / HTTP body (default 65536)."), QStringLiteral("BYTES"));
    const QCommandLineOption perAddress(QStringLiteral("max-connections-per-address"), QStringLiteral("Connection cap per client address (default: 256 remote, unlimited loopback)."), QStringLiteral("N"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Messages per second per connection (default 100; 0 = unlimited)."), QStringLiteral("N"));
    const QCommandLineOption burst(QStringLiteral("burst"), QStringLiteral("Rate limit burst (default 200)."), QStringLiteral("N"));
    const QCommandLineOption slow(QStringLiteral("slow-consumer-bytes"), QStringLiteral("Unsent bytes before a subscriber is closed (default 1048576)."), QStringLiteral("BYTES"));
    const QCommandLineOption ping(QStringLiteral("ping-interval"), QStringLiteral("WebSocket ping interval (default 30s)."), QStringLiteral("DURATION"));
    const QCommandLineOption heartbeat(QStringLiteral("sse-heartbeat"), QStringLiteral("SSE heartbeat comment interval (default 15s)."), QStringLiteral("DURATION"));
    const QCommandLineOption retry(QStringLiteral("sse-retry"), QStringLiteral("SSE retry: sent to clients (default 2s)."), QStringLiteral("DURATION"));
    const QCommandLineOption headTimeout(QStringLiteral("head-timeout"), QStringLiteral("Time allowed to send a request head (default 10s)."), QStringLiteral("DURATION"));
    const QCommandLineOption protocols(QStringLiteral("protocols"), QStringLiteral("Enabled protocols, comma-separated (default ws,sse,poll)."), QStringLiteral("LIST"));
    const QCommandLineOption eventLoop(QStringLiteral("event-loop"), QStringLiteral("Worker event loop: epoll (default) or qt (Qt's stock dispatcher, to compare)."), QStringLiteral("epoll|qt"), QStringLiteral("epoll"));
    const QCommandLineOption latency(QStringLiteral("fault-latency"), QStringLiteral("Fault: added latency on deliveries, e.g. 50ms or 50ms:20ms (latency:jitter)."), QStringLiteral("DURATION[:JITTER]"));
    const QCommandLineOption dropMessages(QStringLiteral("fault-drop-messages"), QStringLiteral("Fault: drop this percentage of live deliveries."), QStringLiteral("PERCENT"));
    const QCommandLineOption ignorePings(QStringLiteral("fault-ignore-pings"), QStringLiteral("Fault: do not answer WebSocket pings."));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"), QStringLiteral("Serve https:// and wss:// with this PEM certificate (chain); needs --tls-key."), QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("The PEM private key of --tls-cert."), QStringLiteral("FILE"));
    const QCommandLineOption tlsPassphrase(QStringLiteral("tls-key-passphrase-file"), QStringLiteral("Read the passphrase of an encrypted --tls-key from the first line of this file."), QStringLiteral("FILE"));
    const QCommandLineOption tlsSelfSigned(QStringLiteral("tls-self-signed"), QStringLiteral("Serve https:// and wss:// with a self-signed certificate generated at start (kept in memory; for local use)."));
    const QCommandLineOption tlsWriteCert(QStringLiteral("tls-write-cert"), QStringLiteral("With --tls-self-signed: also write the generated certificate (not its key) to this file, for clients to trust."), QStringLiteral("FILE"));
    const QCommandLineOption restartEvery(QStringLiteral("fault-restart-every"), QStringLiteral("Fault: restart (close all with 1001, 1s down) at this interval."), QStringLiteral("DURATION"));
    const QCommandLineOption broker(QStringLiteral("broker"), QStringLiteral("Join other instances through this broker: redis://HOST:PORT[/DB] or nats://HOST:PORT."), QStringLiteral("URL"));
    const QCommandLineOption controlStdin(QStringLiteral("control-stdin"), QStringLiteral("Take fault commands from standard input, one per line (partition DURATION, heal); stop at its end."));
    parser.addOptions({broker, controlStdin});
    const QCommandLineOption perUser(QStringLiteral("max-connections-per-user"), QStringLiteral("WebSocket connections per user (?user=), on every instance joined by a Redis broker (default 5; 0: unlimited)."), QStringLiteral("N"));
    parser.addOptions({perUser});
    const QCommandLineOption maxChannels(QStringLiteral("max-channels"), QStringLiteral("Channels at once; a new one beyond it is refused (WS close 1008, HTTP 503) until an idle one is evicted (default 10000)."), QStringLiteral("N"));
    const QCommandLineOption channelIdle(QStringLiteral("channel-idle-timeout"), QStringLiteral("Evict a channel with no subscriber and nothing published for this long, with its replay (default 60s; 0: never)."), QStringLiteral("DURATION"));
    parser.addOptions({maxChannels, channelIdle});
    const QCommandLineOption ephemeral(QStringLiteral("ephemeral-types"), QStringLiteral("Message types relayed to the channel unnumbered and never kept or replayed, comma-separated (default chat.typing; \"\": none)."), QStringLiteral("TYPES"));
    parser.addOption(ephemeral);
    const QCommandLineOption jwtAlgorithm(QStringLiteral("jwt-algorithm"), QStringLiteral("Accept JSON Web Tokens signed with this algorithm instead of --token: HS256, HS384, HS512 (with --jwt-secret-file) or RS256 ... ES512 (with --jwt-public-key); the user is the token's sub."), QStringLiteral("ALG"));
    const QCommandLineOption jwtSecretFile(QStringLiteral("jwt-secret-file"), QStringLiteral("Read the HS* shared secret from the first line of this file (not on the command line, where ps shows it)."), QStringLiteral("FILE"));
    const QCommandLineOption jwtPublicKey(QStringLiteral("jwt-public-key"), QStringLiteral("The PEM public key that verifies RS* or ES* tokens."), QStringLiteral("FILE"));
    parser.addOptions({jwtAlgorithm, jwtSecretFile, jwtPublicKey});
    parser.addOptions({listen, token, origin, workers, replay, maxMessage, perAddress, rate, burst, slow, ping,
                       heartbeat, retry, headTimeout, protocols, eventLoop, latency, dropMessages, ignorePings, restartEvery,
                       tlsCert, tlsKey, tlsPassphrase, tlsSelfSigned, tlsWriteCert});

    QStringList args = arguments;
    args.prepend(QStringLiteral("socketscope serve"));
    if (!parser.parse(args)) {
        err() << "socketscope serve: " << parser.errorText() << "\n" << Qt::flush;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err() << "socketscope serve: unexpected argument '" << parser.positionalArguments().first() << "'\n" << Qt::flush;
        return 2;
    }

    ServerConfig config;
    QString error;
    const auto fail = [&](const QString &message) {
        err() << "socketscope serve: " << message << "\n" << Qt::flush;
        return 2;
    };
    const auto integer = [&](const QCommandLineOption &option, auto &target, qint64 min, qint64 max) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const qint64 value = parser.value(option).toLongLong(&ok);
        if (!ok || value < min || value > max) {
            error = QStringLiteral("--%1 expects a whole number from %2 to %3, got '%4'")
                        .arg(option.names().first()).arg(min).arg(max).arg(parser.value(option));
            return false;
        }
        target = std::remove_reference_t<decltype(target)>(value);
        return true;
    };
    const auto duration = [&](const QCommandLineOption &option, std::chrono::milliseconds &target) {
        if (!parser.isSet(option))
            return true;
        const auto value = Duration::parseMs(parser.value(option));
        if (!value) {
            error = QStringLiteral("--%1 expects %2, got '%3'").arg(option.names().first(), Duration::expectedForm(), parser.value(option));
            return false;
        }
        target = *value;
        return true;
    };
    if (!parseListen(parser.value(listen), config, error))
        return fail(error);
    config.token = parser.value(token);
    config.jwtAlgorithm = parser.value(jwtAlgorithm);
    config.jwtPublicKeyFile = parser.value(jwtPublicKey);
    if (parser.isSet(jwtSecretFile)) {
        QFile file(parser.value(jwtSecretFile));
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("--jwt-secret-file: cannot read '%1': %2").arg(file.fileName(), file.errorString()));
        config.jwtSecret = file.readLine().trimmed();
        if (config.jwtSecret.isEmpty())
            return fail(QStringLiteral("--jwt-secret-file: '%1' starts with an empty line").arg(file.fileName()));
    }
    if (parser.isSet(ephemeral))
        config.ephemeralTypes = parser.value(ephemeral).split(QLatin1Char(','), Qt::SkipEmptyParts);
    config.allowedOrigins = parser.values(origin);
    double rateValue = config.messagesPerSecond;
    double burstValue = config.messageBurst;
    if (!integer(workers, config.workers, 0, 256) || !integer(replay, config.replaySize, 0, 10'000'000)
        || !integer(maxMessage, config.maxMessageBytes, 64, 64 * 1024 * 1024)
        || !integer(perAddress, config.maxConnectionsPerAddress, 0, 10'000'000)
        || !integer(perUser, config.maxConnectionsPerUser, 0, 10'000'000)
        || !integer(maxChannels, config.maxChannels, 1, 10'000'000) || !duration(channelIdle, config.channelIdleTimeout)
        || !integer(rate, rateValue, 0, 100'000'000) || !integer(burst, burstValue, 1, 100'000'000)
        || !integer(slow, config.slowConsumerBytes, 1024, qint64(1) << 40)
        || !duration(ping, config.pingInterval) || !duration(heartbeat, config.sseHeartbeat)
        || !duration(retry, config.sseRetry) || !duration(headTimeout, config.headTimeout))
        return fail(error);
    config.messagesPerSecond = rateValue;
    config.messageBurst = burstValue;
    if (parser.isSet(protocols)) {
        config.webSocketEnabled = config.sseEnabled = config.pollEnabled = false;
        for (const QString &name : parser.value(protocols).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString trimmed = name.trimmed();
            if (trimmed == u"ws")
                config.webSocketEnabled = true;
            else if (trimmed == u"sse")
                config.sseEnabled = true;
            else if (trimmed == u"poll")
                config.pollEnabled = true;
            else
                return fail(QStringLiteral("--protocols: unknown protocol '%1' (expected ws, sse, poll)").arg(trimmed));
        }
    }
    config.tlsCertificateFile = parser.value(tlsCert);
    config.tlsKeyFile = parser.value(tlsKey);
    config.tlsSelfSigned = parser.isSet(tlsSelfSigned);
    config.tlsCertificateOut = parser.value(tlsWriteCert);
    if (parser.isSet(tlsPassphrase)) {
        QFile file(parser.value(tlsPassphrase));
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("--tls-key-passphrase-file: cannot read '%1': %2").arg(file.fileName(), file.errorString()));
        // The first line, without its line end (the way `openssl -passin file:` reads it).
        QByteArray line = file.readLine(4096);
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            return fail(QStringLiteral("--tls-key-passphrase-file: '%1' has an empty first line").arg(file.fileName()));
        config.tlsKeyPassphrase = line;
    }
    config.broker = parser.value(broker);
    if (const auto loop = ServerConfig::parseEventLoop(parser.value(eventLoop)))
        config.eventLoop = *loop;
    else
        return fail(QStringLiteral("--event-loop expects epoll or qt, got '%1'").arg(parser.value(eventLoop)));
    if (const QString problem = config.validate(); !problem.isEmpty())
        return fail(problem);
    // A bad certificate or key is bad input (exit 2), not a runtime failure: check before starting.
    if (!config.tlsCertificateFile.isEmpty()) {
        QString problem;
        if (TlsIdentity::fromPemFiles(config.tlsCertificateFile, config.tlsKeyFile, config.tlsKeyPassphrase, &problem).isNull())
            return fail(problem);
    }

    std::chrono::milliseconds latencyValue{0}, jitterValue{0}, restartInterval{0};
    if (parser.isSet(latency)) {
        const QStringList parts = parser.value(latency).split(QLatin1Char(':'));
        const auto first = Duration::parseMs(parts.value(0));
        const auto second = parts.size() > 1 ? Duration::parseMs(parts.value(1)) : std::optional(std::chrono::milliseconds(0));
        if (!first || !second || parts.size() > 2)
            return fail(QStringLiteral("--fault-latency expects DURATION[:JITTER] such as 50ms:20ms, got '%1'").arg(parser.value(latency)));
        latencyValue = *first;
        jitterValue = *second;
    }
    double dropPercent = 0;
    if (parser.isSet(dropMessages)) {
        bool ok = false;
        dropPercent = parser.value(dropMessages).toDouble(&ok);
        if (!ok || dropPercent < 0 || dropPercent > 100)
            return fail(QStringLiteral("--fault-drop-messages expects a percentage from 0 to 100, got '%1'").arg(parser.value(dropMessages)));
    }
    if (!duration(restartEvery, restartInterval))
        return fail(error);

    // Handlers first: a SIGTERM that arrives right after the "listening" line (a script that
    // waits for it and stops the server at once) must shut down gracefully, not kill us.
    SignalWatcher signalWatcher;
    Server server(config);
    if (!server.start()) {
        err() << "socketscope serve: " << server.errorString() << "\n" << Qt::flush;
        return 1;
    }
    server.setAddedLatency(latencyValue, jitterValue);
    server.setMessageDropRate(dropPercent / 100.0);
    server.setPingsIgnored(parser.isSet(ignorePings));

    const QString host = config.address.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + config.address.toString() + QLatin1Char(']') : config.address.toString();
    const char *http = server.usesTls() ? "https://" : "http://";
    const char *ws = server.usesTls() ? "wss://" : "ws://";
    QTextStream out(stdout);
    out << "SocketScope " << SOCKETSCOPE_VERSION << " listening on " << host << ':' << server.port()
        << " with " << server.workerCount() << " workers ("
        << (config.eventLoop == ServerConfig::EventLoop::Epoll ? "epoll" : "qt") << " event loop"
        << (server.usesTls() ? ", TLS" : "") << ")\n"
        << "  page      " << http << host << ':' << server.port() << "/\n"
        << "  websocket " << ws << host << ':' << server.port() << "/ws?channel=general\n"
        << "  events    " << http << host << ':' << server.port() << "/events?channel=general\n"
        << "  metrics   " << http << host << ':' << server.port() << "/metrics\n";
    if (server.usesTls()) {
        const QSslCertificate certificate = server.certificate();
        out << "  tls       " << (config.tlsSelfSigned ? "self-signed certificate generated at start" : "certificate " + config.tlsCertificateFile)
            << ", SHA-256 " << certificate.digest(QCryptographicHash::Sha256).toHex(':')
            << ", valid until " << certificate.expiryDate().toString(Qt::ISODate) << "\n";
        if (!config.tlsCertificateOut.isEmpty())
            out << "  tls       certificate written to " << config.tlsCertificateOut << "\n";
    }
    if (!config.broker.isEmpty()) {
        const BrokerStats *stats = server.brokerStats();
        out << "  broker    " << config.broker
            << (stats && stats->isUp() ? " (connected)" : " (not reachable yet; retrying)") << "\n";
    }
    out << Qt::flush;
    if (!config.address.isLoopback() && config.token.isEmpty())
        err() << "warning: listening on a non-loopback address without --token: anyone who can reach it can connect\n" << Qt::flush;

    QTimer restartTimer;
    if (restartInterval.count() > 0) {
        // One line per restart on stderr, so a soak driver (bench/soak) can count them and
        // line them up with what its clients saw.
        QObject::connect(&restartTimer, &QTimer::timeout, &server, [&server] {
            err() << "socketscope serve: fault: restart (down 1s), closing connections with 1001\n" << Qt::flush;
            server.restart(1s);
        });
        QObject::connect(&server, &Server::restarted, &server, [] {
            err() << "socketscope serve: listening again after the restart\n" << Qt::flush;
        });
        restartTimer.start(restartInterval);
    }
    int exitCode = 0;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &server, [&](int signalNumber) {
        err() << "socketscope serve: signal " << signalNumber << ", closing connections\n" << Qt::flush;
        restartTimer.stop();
        server.stop();
    });
    QObject::connect(&server, &Server::stopped, qApp, [&] { QCoreApplication::exit(exitCode); });
    QObject::connect(&server, &Server::errorOccurred, &server, [](const QString &message) {
        err() << "socketscope serve: " << message << "\n" << Qt::flush;
    });
    QObject::connect(&server, &Server::brokerAvailabilityChanged, &server, [](bool available) {
        if (available)
            err() << "socketscope serve: broker available\n" << Qt::flush;
    });

    QTimer healTimer;
    healTimer.setSingleShot(true);
    const auto heal = [&server] {
        err() << "socketscope serve: fault: partition healed\n" << Qt::flush;
        server.setCutOffFromBroker(false);
    };
    QObject::connect(&healTimer, &QTimer::timeout, &server, heal);
    StdinControl *control = parser.isSet(controlStdin) ? new StdinControl(&server) : nullptr;
    if (control) {
        QObject::connect(control, &StdinControl::commandReceived, &server, [&](const QString &line) {
            const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            const std::optional<std::chrono::milliseconds> length = Duration::parseMs(words.value(1));
            if (words.value(0) == u"partition" && words.size() == 2 && length) {
                err() << "socketscope serve: fault: partitioned from the broker for " << words.value(1) << "\n" << Qt::flush;
                server.setCutOffFromBroker(true);
                healTimer.start(*length);
            } else if (words.value(0) == u"heal" && words.size() == 1) {
                healTimer.stop();
                heal();
            } else {
                err() << "socketscope serve: unknown control command '" << line
                      << "' (expected: partition DURATION, heal)\n" << Qt::flush;
            }
        });
        // The parent that steers us is gone: stop like on SIGTERM.
        QObject::connect(control, &StdinControl::inputClosed, &server, [&] {
            err() << "socketscope serve: control input closed, closing connections\n" << Qt::flush;
            restartTimer.stop();
            server.stop();
        });
    }
    return QCoreApplication::exec();
}
