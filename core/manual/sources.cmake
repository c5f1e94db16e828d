# core/manual: the window's manual client sessions: WebSocket/SSE, Socket.IO, GraphQL (no widgets).
target_sources(socketscope_core PRIVATE
    manual/manualconnection.cpp manual/manualconnection.h
    manual/manualframe.cpp manual/manualframe.h
    manual/manualsession.cpp manual/manualsession.h
    manual/socketiomanualsession.cpp manual/socketiomanualsession.h
    manual/graphqlmanualsession.cpp manual/graphqlmanualsession.h
)
