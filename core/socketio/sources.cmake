# core/socketio: Socket.IO v4 - the wire format (Engine.IO v4 packets, polling payloads and the
# handshake, Socket.IO v5 packets and the reassembly of binary ones) and EngineIoClient, the
# transport session (long-polling, the upgrade, WebSocket, the heartbeat) SocketIoSimClient runs on.
target_sources(socketscope_core PRIVATE
    socketio/engineioclient.cpp socketio/engineioclient.h
    socketio/engineiohandshake.cpp socketio/engineiohandshake.h
    socketio/engineiopacket.cpp socketio/engineiopacket.h
    socketio/socketiobinaryassembler.cpp socketio/socketiobinaryassembler.h
    socketio/socketiopacket.cpp socketio/socketiopacket.h
)
