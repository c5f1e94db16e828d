#pragma once

#include "httprequesthead.h"

#include <QByteArray>
#include <QByteArrayView>

// Parses an HTTP/1.x request head out of the bytes received so far, strictly (RFC 9112).
// Stateless: the caller peeks at what the socket has buffered and calls parse() again when more
// arrives, so a WebSocket upgrade can still be handed on with the head unread.
class HttpHeadParser
{
public:
    struct Limits
    {
        int maxHeadBytes = 16 * 1024; // request line + header fields + the blank line
        int maxHeaderCount = 100;
    };

    enum class Status { Incomplete, Complete, Error };

    struct Result
    {
        Status status = Status::Incomplete;
        HttpRequestHead head;      // valid when Complete
        int headLength = 0;        // bytes consumed by the head, including the blank line
        int httpStatus = 0;        // when Error: the status to answer (400, 431, 501, 505)
        QByteArray error;          // when Error: what was wrong, for the response body and logs
    };

    static Result parse(QByteArrayView data, const Limits &limits);
    static Result parse(QByteArrayView data) { return parse(data, Limits{}); }
};
