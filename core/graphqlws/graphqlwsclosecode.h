#pragma once

#include <QLatin1StringView>
#include <QString>

// What the GraphQL over WebSocket Protocol (graphql-ws PROTOCOL.md) says at the WebSocket level:
// the subprotocol a client asks for in its handshake, and the close codes with which the
// server ends a socket ("The close event dispatched by the server is used to describe the
// fatal error to the client"). The simulator names a session's end by them; the window shows
// the meaning next to the code.
struct GraphQlWsCloseCode
{
    // "Communication": "The WebSocket sub-protocol for this specification is:
    // graphql-transport-ws" (not "graphql-ws", the older subscriptions-transport-ws protocol).
    static constexpr QLatin1StringView subprotocol() { return QLatin1StringView("graphql-transport-ws"); }

    // The codes PROTOCOL.md names, with the message type where it names each, and 4500, which
    // only the reference implementation's CloseCode enum (src/common.ts) has.
    enum Code : quint16 {
        BadRequest = 4400,                    // "Invalid message": "4400: <error-message>"
        Unauthorized = 4401,                  // Subscribe before ConnectionAck
        Forbidden = 4403,                     // ConnectionInit rejected (recommended)
        SubprotocolNotAcceptable = 4406,      // no graphql-transport-ws in the handshake
        ConnectionInitialisationTimeout = 4408, // no ConnectionInit within connectionInitWaitTimeout
        SubscriberAlreadyExists = 4409,       // Subscribe with an ID in use: "4409: Subscriber for <id> already exists"
        TooManyInitialisationRequests = 4429, // a second ConnectionInit
        InternalServerError = 4500,           // the server failed (CloseCode.InternalServerError)
    };

    // "Bad request", "Unauthorized", ..., "Internal server error" (translated) for the codes
    // above; empty for any other (the caller shows the code and the close reason alone).
    static QString meaning(quint16 code);
};
