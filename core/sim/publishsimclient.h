#pragma once

#include "sim/httpsimclient.h"

// A simulated publisher (the backend of a ticker or a dashboard): POST /publish on one keep-alive
// connection at the group's rate (open model: requests are pipelined, never held back for the
// previous answer). Each message carries its send time, so subscribers in this process measure
// one-way latency from the publisher's clock.
//
// With a `url`, `method` and `body` template it is a general HTTP sender for a user's server
// (POST /notify {"message": ...}): the rendered body on every send, each response's status
// counted by value (docs/scenarios.md, "publish").
class PublishSimClient : public HttpSimClient
{
    Q_OBJECT
public:
    using HttpSimClient::HttpSimClient;

protected:
    void onConnected() override;
    void onResponseComplete(const QByteArray &body) override;
    bool sendPayload(const QByteArray &payloadJson) override;
    bool sendRendered(const QByteArray &bytes, MessageTemplate::Kind kind) override;

private:
    QByteArray m_bodyPrefix;
};
