# ui/manualclient: the manual client panel (tabs of interactive WebSocket/SSE, Socket.IO and GraphQL sessions).
target_sources(socketscope_ui PRIVATE
    manualclient/graphqlcontrols.cpp manualclient/graphqlcontrols.h
    manualclient/jsonfield.cpp manualclient/jsonfield.h
    manualclient/manualclientpanel.cpp manualclient/manualclientpanel.h
    manualclient/manualclienttab.cpp manualclient/manualclienttab.h
    manualclient/manualframemodel.cpp manualclient/manualframemodel.h
    manualclient/namedwidget.h
    manualclient/savedmessagestore.cpp manualclient/savedmessagestore.h
    manualclient/socketiocontrols.cpp manualclient/socketiocontrols.h
)
