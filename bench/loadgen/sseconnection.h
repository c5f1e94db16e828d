#pragma once

#include "chunkeddecoder.h"
#include "clientconnection.h"
#include "sseeventparser.h"

#include <memory>
#include <string>

// A minimal Server-Sent Events reader: one HTTP/1.1 GET, a 200 text/event-stream response with
// or without chunked transfer coding, and the data of each event passed on as a message.
class SseConnection : public ClientConnection
{
public:
    SseConnection(EventLoop &loop, ConnectionObserver &observer, int index);

protected:
    void sendRequest() override;
    size_t consume(std::string_view bytes, int64_t nowNs) override;

private:
    size_t consumeHead(std::string_view bytes, int64_t nowNs);
    void consumeBody(std::string_view bytes);

    SseEventParser m_parser;
    std::unique_ptr<ChunkedDecoder> m_chunked; // set when the response is chunked
    std::string m_decoded;                     // reused: one read's decoded chunk data
    int64_t m_receivedNs = 0;                  // of the bytes being parsed
};
