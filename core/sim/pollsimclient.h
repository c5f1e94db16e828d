#pragma once

#include "sim/httpsimclient.h"

// A simulated long-poll client: GET /poll?channel=C&since=N&timeout=S on one keep-alive
// connection, again as soon as each answer arrives. The first poll (timeout 0) only learns the
// channel's newest number; every later one asks for what follows the last it saw, so resume is
// built in. A session is the keep-alive connection: it opens with the first answer.
class PollSimClient : public HttpSimClient
{
    Q_OBJECT
public:
    using HttpSimClient::HttpSimClient;

protected:
    void openTransport() override;
    void onConnected() override;
    void onResponseComplete(const QByteArray &body) override;

private:
    void sendPoll(std::optional<quint64> since, int timeoutSeconds);
    int timeoutSeconds() const;

    std::optional<quint64> m_since;
};
