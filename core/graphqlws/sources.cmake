# core/graphqlws: the GraphQL over WebSocket Protocol (graphql-transport-ws) - its messages and
# close codes. Pure codecs, no sockets.
target_sources(socketscope_core PRIVATE
    graphqlws/graphqlwsclosecode.cpp graphqlws/graphqlwsclosecode.h
    graphqlws/graphqlwsmessage.cpp graphqlws/graphqlwsmessage.h
)
