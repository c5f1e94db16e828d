#include "serverconfigsettings.h"

#include "server/tlsidentity.h"

#include <QCoreApplication>
#include <QSettings>

#include <chrono>
#include <functional>

using std::chrono::milliseconds;

namespace {

// One stored setting: how to read it back into a config (false: the value was unusable).
struct Field
{
    const char *key;
    std::function<QVariant(const ServerConfig &)> get;
    std::function<bool(ServerConfig &, const QVariant &)> set;
};

template <typename Number>
Field number(const char *key, Number ServerConfig::*member, double minimum)
{
    return {key, [member](const ServerConfig &c) { return QVariant::fromValue(c.*member); },
            [member, minimum](ServerConfig &c, const QVariant &v) {
                bool ok = false;
                const double value = v.toDouble(&ok);
                if (!ok || value < minimum)
                    return false;
                c.*member = Number(value);
                return true;
            }};
}

Field duration(const char *key, milliseconds ServerConfig::*member)
{
    return {key, [member](const ServerConfig &c) { return QVariant::fromValue(qint64((c.*member).count())); },
            [member](ServerConfig &c, const QVariant &v) {
                bool ok = false;
                const qint64 value = v.toLongLong(&ok);
                if (!ok || value < 0)
                    return false;
                c.*member = milliseconds(value);
                return true;
            }};
}

Field flag(const char *key, bool ServerConfig::*member)
{
    return {key, [member](const ServerConfig &c) { return QVariant(c.*member); },
            [member](ServerConfig &c, const QVariant &v) {
                const QString text = v.toString().toLower();
                if (text != u"true" && text != u"false")
                    return false;
                c.*member = text == u"true";
                return true;
            }};
}

const std::vector<Field> &fields()
{
    static const std::vector<Field> all = {
        {"address", [](const ServerConfig &c) { return QVariant(c.address.toString()); },
         [](ServerConfig &c, const QVariant &v) {
             const QHostAddress address(v.toString());
             if (address.isNull())
                 return false;
             c.address = address;
             return true;
         }},
        number("port", &ServerConfig::port, 0),
        number("workers", &ServerConfig::workers, 0),
        flag("webSocket", &ServerConfig::webSocketEnabled),
        flag("sse", &ServerConfig::sseEnabled),
        flag("poll", &ServerConfig::pollEnabled),
        {"token", [](const ServerConfig &c) { return QVariant(c.token); },
         [](ServerConfig &c, const QVariant &v) { c.token = v.toString(); return true; }},
        // JWT: the algorithm and the public key file; never an HS* secret (asked for again).
        {"jwtAlgorithm", [](const ServerConfig &c) { return QVariant(c.jwtAlgorithm); },
         [](ServerConfig &c, const QVariant &v) { c.jwtAlgorithm = v.toString(); return true; }},
        {"jwtPublicKeyFile", [](const ServerConfig &c) { return QVariant(c.jwtPublicKeyFile); },
         [](ServerConfig &c, const QVariant &v) { c.jwtPublicKeyFile = v.toString(); return true; }},
        {"broker", [](const ServerConfig &c) { return QVariant(c.broker); },
         [](ServerConfig &c, const QVariant &v) { c.broker = v.toString(); return true; }},
        {"allowedOrigins", [](const ServerConfig &c) { return QVariant(c.allowedOrigins); },
         [](ServerConfig &c, const QVariant &v) { c.allowedOrigins = v.toStringList(); return true; }},
        number("maxMessageBytes", &ServerConfig::maxMessageBytes, 1),
        number("maxConnectionsPerAddress", &ServerConfig::maxConnectionsPerAddress, 0),
        number("maxConnectionsPerUser", &ServerConfig::maxConnectionsPerUser, 0),
        number("messagesPerSecond", &ServerConfig::messagesPerSecond, 0),
        number("messageBurst", &ServerConfig::messageBurst, 0),
        number("slowConsumerBytes", &ServerConfig::slowConsumerBytes, 1),
        number("replaySize", &ServerConfig::replaySize, 0),
        number("maxChannels", &ServerConfig::maxChannels, 1),
        {"ephemeralTypes", [](const ServerConfig &c) { return QVariant(c.ephemeralTypes); },
         [](ServerConfig &c, const QVariant &v) { c.ephemeralTypes = v.toStringList(); return true; }},
        duration("channelIdleTimeoutMs", &ServerConfig::channelIdleTimeout),
        duration("pingIntervalMs", &ServerConfig::pingInterval),
        duration("sseHeartbeatMs", &ServerConfig::sseHeartbeat),
        duration("sseRetryMs", &ServerConfig::sseRetry),
        duration("headTimeoutMs", &ServerConfig::headTimeout),
        // TLS: the mode and the file names; never the key's passphrase (asked for again).
        flag("tlsSelfSigned", &ServerConfig::tlsSelfSigned),
        {"tlsCertificateFile", [](const ServerConfig &c) { return QVariant(c.tlsCertificateFile); },
         [](ServerConfig &c, const QVariant &v) { c.tlsCertificateFile = v.toString(); return true; }},
        {"tlsKeyFile", [](const ServerConfig &c) { return QVariant(c.tlsKeyFile); },
         [](ServerConfig &c, const QVariant &v) { c.tlsKeyFile = v.toString(); return true; }},
    };
    return all;
}

} // namespace

void ServerConfigSettings::save(QSettings &settings, const ServerConfig &config)
{
    settings.beginGroup(QStringLiteral("server"));
    for (const Field &field : fields())
        settings.setValue(QLatin1String(field.key), field.get(config));
    settings.endGroup();
}

ServerConfig ServerConfigSettings::load(QSettings &settings, QStringList *problems)
{
    ServerConfig config;
    settings.beginGroup(QStringLiteral("server"));
    for (const Field &field : fields()) {
        const QString key = QLatin1String(field.key);
        if (!settings.contains(key))
            continue;
        const QVariant value = settings.value(key);
        if (!field.set(config, value) && problems)
            problems->append(QCoreApplication::translate("ServerConfigSettings", "server/%1: \"%2\" is not usable; the default is kept")
                                 .arg(key, value.toString()));
    }
    settings.endGroup();
    // TLS files that went missing (or a key that now needs its passphrase, which is never saved)
    // would keep the window's server from starting at all: it starts without TLS instead.
    if (!config.tlsCertificateFile.isEmpty() && !config.tlsKeyFile.isEmpty() && !config.tlsSelfSigned) {
        QString error;
        if (TlsIdentity::fromPemFiles(config.tlsCertificateFile, config.tlsKeyFile, {}, &error).isNull()) {
            if (problems)
                problems->append(QCoreApplication::translate("ServerConfigSettings", "server TLS: %1; the server starts without TLS").arg(error));
            config.tlsCertificateFile.clear();
            config.tlsKeyFile.clear();
        }
    }
    // Values that are each fine but do not fit together (validate() names the option).
    if (const QString problem = config.validate(); !problem.isEmpty()) {
        if (problems)
            problems->append(QCoreApplication::translate("ServerConfigSettings", "server settings: %1; the defaults are used").arg(problem));
        config = ServerConfig();
    }
    return config;
}
