#include "serverconfig.h"

#include "auth/jwtkey.h"
#include "broker/brokerurl.h"
#include "protocol/envelope.h"

#include <QThread>

QString ServerConfig::validate() const
{
    if (workers < 0 || workers > 256)
        return QStringLiteral("workers must be between 0 (one per core) and 256, got %1").arg(workers);
    if (!webSocketEnabled && !sseEnabled && !pollEnabled)
        return QStringLiteral("at least one protocol (ws, sse, poll) must be enabled");
    if (maxMessageBytes < 64 || maxMessageBytes > 64 * 1024 * 1024)
        return QStringLiteral("max message size must be between 64 bytes and 64 MiB, got %1").arg(maxMessageBytes);
    if (maxConnectionsPerUser < 0)
        return QStringLiteral("the per-user connection limit must be 0 (unlimited) or more, not %1").arg(maxConnectionsPerUser);
    if (maxConnectionsPerAddress < 0)
        return QStringLiteral("max connections per address must be 0 (default) or positive");
    if (messagesPerSecond < 0 || messageBurst < 0)
        return QStringLiteral("message rate and burst must not be negative");
    if (slowConsumerBytes < 1024)
        return QStringLiteral("slow consumer limit must be at least 1024 bytes, got %1").arg(slowConsumerBytes);
    if (replaySize < 0 || replaySize > 10'000'000)
        return QStringLiteral("replay size must be between 0 and 10000000, got %1").arg(replaySize);
    if (usesJwt()) {
        if (!token.isEmpty())
            return QStringLiteral("use either a token or JWT authentication, not both");
        if (jwtAlgorithm.isEmpty())
            return QStringLiteral("JWT: name the algorithm (%1)").arg(JwtKey::knownAlgorithms());
        if (!JwtKey::isKnownAlgorithm(jwtAlgorithm))
            return QStringLiteral("JWT algorithm '%1' is not one of %2").arg(jwtAlgorithm, JwtKey::knownAlgorithms());
        if (JwtKey::usesSecret(jwtAlgorithm) && (jwtSecret.isEmpty() || !jwtPublicKeyFile.isEmpty()))
            return QStringLiteral("JWT %1 verifies with a secret and no public key file").arg(jwtAlgorithm);
        if (!JwtKey::usesSecret(jwtAlgorithm) && (jwtPublicKeyFile.isEmpty() || !jwtSecret.isEmpty()))
            return QStringLiteral("JWT %1 verifies with a PEM public key file and no secret").arg(jwtAlgorithm);
    }
    for (const QString &type : ephemeralTypes) {
        if (!Envelope::isValidType(type) || Envelope::isReservedType(type) || type == u"echo" || type == u"sync")
            return QStringLiteral("ephemeral type '%1' is not a message type clients may send, such as chat.typing").arg(type);
    }
    if (maxChannels < 1 || maxChannels > 10'000'000)
        return QStringLiteral("the channel limit must be between 1 and 10000000, got %1").arg(maxChannels);
    if (channelIdleTimeout.count() < 0 || (channelIdleTimeout.count() > 0 && channelIdleTimeout.count() < 1000))
        return QStringLiteral("the channel idle timeout must be 0 (never evict) or at least 1 s, got %1 ms").arg(channelIdleTimeout.count());
    if (pingInterval.count() < 100 || sseHeartbeat.count() < 100)
        return QStringLiteral("ping and heartbeat intervals must be at least 100 ms");
    if (headTimeout.count() < 100)
        return QStringLiteral("head timeout must be at least 100 ms");
    for (const QString &origin : allowedOrigins) {
        if (origin.isEmpty() || origin.contains(QLatin1Char(' ')))
            return QStringLiteral("allowed origin '%1' is not an origin such as http://localhost:3000").arg(origin);
    }
    if (tlsSelfSigned && (!tlsCertificateFile.isEmpty() || !tlsKeyFile.isEmpty()))
        return QStringLiteral("TLS: use either a certificate and key file or a generated self-signed certificate, not both");
    if (!tlsCertificateFile.isEmpty() && tlsKeyFile.isEmpty())
        return QStringLiteral("TLS: the certificate file '%1' needs its private key file").arg(tlsCertificateFile);
    if (tlsCertificateFile.isEmpty() && !tlsKeyFile.isEmpty())
        return QStringLiteral("TLS: the private key file '%1' needs its certificate file").arg(tlsKeyFile);
    if (!tlsKeyPassphrase.isEmpty() && tlsKeyFile.isEmpty())
        return QStringLiteral("TLS: a key passphrase was given without a private key file");
    if (!tlsCertificateOut.isEmpty() && !tlsSelfSigned)
        return QStringLiteral("TLS: writing the generated certificate to '%1' needs the self-signed option").arg(tlsCertificateOut);
    if (!broker.isEmpty()) {
        QString error;
        if (!BrokerUrl::parse(broker, &error))
            return error;
    }
    return {};
}

int ServerConfig::effectiveWorkers() const
{
    return workers > 0 ? workers : qMax(1, QThread::idealThreadCount());
}

int ServerConfig::connectionLimitFor(const QHostAddress &peer) const
{
    if (maxConnectionsPerAddress > 0)
        return maxConnectionsPerAddress;
    // Load tests run on loopback by the thousand; a remote peer gets a conservative cap.
    return peer.isLoopback() ? 0 : 256;
}

std::optional<ServerConfig::EventLoop> ServerConfig::parseEventLoop(QStringView name)
{
    if (name == u"epoll")
        return EventLoop::Epoll;
    if (name == u"qt")
        return EventLoop::Qt;
    return std::nullopt;
}
