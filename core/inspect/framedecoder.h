#pragma once

#include <QByteArrayView>
#include <QString>

// What a text frame means one protocol up from WebSocket: an Engine.IO packet (and the
// Socket.IO packet inside a message packet), or a graphql-ws message. The inspector and the
// manual client show frames with it ("EVENT \"chat\"", "ACK 3", "ping", "next s1") and set
// control packets (heartbeats, CONNECT, connection_init ...) apart from data.
//
// The tap does not know which protocol a simulated client spoke (FrameRecord::protocol is the
// transport: WebSocket, poll ...), so a frame is recognised from its content, with the
// decoders of core/socketio and core/graphqlws:
//   Engine.IO   a type digit and what that type carries: "0{...}" an open packet whose JSON is a
//               handshake, "4..." a message whose text parses as a Socket.IO packet, "2probe" /
//               "3probe" the upgrade's probe
//   graphql-ws  a JSON object that GraphQlWsMessage::parse() accepts, of a type with a
//               distinctive name (connection_init, connection_ack, subscribe, next, error,
//               complete)
// Frames that other protocols send too ("2", "3", "6" are plain text to an echo server, and
// {"type":"ping"} is also an envelope) are decoded only once the connection is known to speak
// the protocol (`known`, which the caller remembers per connection from earlier frames).
// Pure and stateless.
class FrameDecoder
{
public:
    enum class Protocol : quint8 { None, EngineIo, SocketIo, GraphQlWs };

    struct Result
    {
        Protocol protocol = Protocol::None;
        bool control = false;   // a heartbeat, a connect, an upgrade, an ack of the connection ...
        QString type;           // "EVENT \"chat\"", "ACK 3", "CONNECT /secure", "ping", "next s1"
        QString name;           // the type without ids, for a list of types: "EVENT \"chat\"", "ACK", "next"
        QString payload;        // the part that differs from frame to frame, compact JSON
        bool isDecoded() const { return protocol != Protocol::None; }
        // The protocol family a later ambiguous frame of the same connection may be read as.
        Protocol family() const { return protocol == Protocol::SocketIo ? Protocol::EngineIo : protocol; }
    };

    // Recognises `text` as described above; `known` is what earlier frames of the connection
    // showed (None, EngineIo or GraphQlWs).
    static Result decode(QByteArrayView text, Protocol known = Protocol::None);
    // `text` is an Engine.IO text packet for sure (the manual client's own session): every
    // packet that parses is decoded.
    static Result decodeEngineIo(QByteArrayView text);
    // `text` is a graphql-ws message for sure.
    static Result decodeGraphQlWs(QByteArrayView text);

    // "Engine.IO", "Socket.IO", "graphql-ws"; empty for None.
    static QString protocolName(Protocol protocol);
    static QString kindName(bool control);

private:
    static Result engineIo(QByteArrayView text, bool sure);
    static Result graphQlWs(QByteArrayView text, bool sure);
};
