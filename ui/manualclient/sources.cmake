# ui/manualclient: the manual client panel (tabs of interactive WebSocket/SSE connections).
target_sources(socketscope_ui PRIVATE
    manualclient/manualclientpanel.cpp manualclient/manualclientpanel.h
    manualclient/manualclienttab.cpp manualclient/manualclienttab.h
    manualclient/manualframemodel.cpp manualclient/manualframemodel.h
    manualclient/savedmessagestore.cpp manualclient/savedmessagestore.h
)
