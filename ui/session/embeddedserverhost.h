#pragma once

#include "server/serverconfig.h"

#include <QObject>

#include <memory>

class Server;

// Owns the window's embedded server (DESIGN section 3: 127.0.0.1:8080, the next free port when
// taken). The server's settings are fixed for its lifetime, so applying new ones stops it and
// starts a new one on the same port; whoever holds the old pointer hears serverChanged().
// Lives in the GUI thread; the server's workers run on their own threads.
class EmbeddedServerHost : public QObject
{
    Q_OBJECT
public:
    explicit EmbeddedServerHost(QObject *parent = nullptr);
    ~EmbeddedServerHost() override;

    // Starts with `config`; when its port is taken, tries the next ones (`portAttempts` in all).
    // Port 0 takes any free port.
    bool start(const ServerConfig &config, int portAttempts = 20);
    // Stops the running server and starts one with `config` (its port: the current one when
    // config.port is 0 or unchanged). On failure the old settings are started again.
    bool applyConfig(ServerConfig config);
    // Stops the server gracefully (1001 to every WebSocket), waiting at most a few seconds.
    void stop();

    Server *server() const { return m_server.get(); }
    bool isRunning() const;
    // The settings of the running server, or of the last one.
    const ServerConfig &config() const { return m_config; }
    // The settings as asked for: the port before any fallback (8080 stays the wish when 8081
    // was taken), which is what the window saves.
    ServerConfig requestedConfig() const;
    quint16 port() const;
    QString errorString() const { return m_error; }

Q_SIGNALS:
    // The server was started, replaced or stopped (nullptr). Anything holding the old pointer
    // must drop it here.
    void serverChanged(Server *server);
    void errorOccurred(const QString &message);

private:
    bool startOn(ServerConfig config, int portAttempts);

    std::unique_ptr<Server> m_server;
    ServerConfig m_config;
    quint16 m_requestedPort = 0;
    QString m_error;
};
