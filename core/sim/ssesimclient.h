#pragma once

#include "protocol/sseparser.h"
#include "sim/httpsimclient.h"

// A simulated EventSource: GET /events with `Accept: text/event-stream`, the stream parsed by the
// WHATWG rules (SseParser). Like a browser it honours `retry:`, resumes with `Last-Event-ID`,
// reconnects when the stream ends, and stops for good on 204 No Content; `id:` is the channel
// sequence number it verifies. Unlike a browser, a refused stream (another status, or a
// Content-Type other than text/event-stream) is counted as an error and retried by the group's
// reconnect policy, the way an application recreates its EventSource after `onerror`
// (docs/conformance.md "Server-sent events").
//
// Against a user's server (docs/scenarios.md) the stream may be opened with a POST and a body
// (an LLM token stream), events go through the group's receive rules, and each stream is
// measured: time to its first event, the gaps between events, its length in events, bytes and time.
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
    void onResponseComplete(const QByteArray &body) override;
    void onTransportEnding() override;

private:
    SseParser m_parser;
    // HTML 9.2.3: the EventSource's last event ID string, kept across reconnects.
    QString m_lastEventId;
    bool m_idSeen = false;   // the stream has set an ID: from then on its ID string decides
    // The stream in progress (docs/scenarios.md, stream.* metrics).
    void endStream();
    qint64 m_requestSentNs = 0;     // 0: no stream in progress
    qint64 m_lastEventNs = 0;
    quint64 m_streamEvents = 0;
    quint64 m_streamBytes = 0;
};
