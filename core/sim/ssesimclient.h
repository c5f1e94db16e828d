#pragma once

#include "protocol/sseparser.h"
#include "sim/httpsimclient.h"

// A simulated EventSource: GET /events with `Accept: text/event-stream`, the stream parsed by the
// WHATWG rules (SseParser). Like a browser it honours `retry:` and resumes with `Last-Event-ID`;
// `id:` is the channel sequence number it verifies.
class SseSimClient : public HttpSimClient
{
    Q_OBJECT
public:
    using HttpSimClient::HttpSimClient;

protected:
    void openTransport() override;
    void onConnected() override;
    void onResponseHead(int status) override;
    void onBodyData(const QByteArray &bytes) override;

private:
    SseParser m_parser;
};
