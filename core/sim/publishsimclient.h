#pragma once

#include "sim/httpsimclient.h"

// A simulated publisher (the backend of a ticker or a dashboard): POST /publish on one keep-alive
// connection at the group's rate (open model: requests are pipelined, never held back for the
// previous answer). Each message carries its send time, so subscribers in this process measure
// one-way latency from the publisher's clock.
class PublishSimClient : public HttpSimClient
{
    Q_OBJECT
public:
    using HttpSimClient::HttpSimClient;

protected:
    void onConnected() override;
    void onResponseComplete(const QByteArray &body) override;
    bool sendPayload(const QByteArray &payloadJson) override;

private:
    QByteArray m_bodyPrefix;
};
