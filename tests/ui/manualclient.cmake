# ui/manualclient: two users chatting through the panel against a real embedded server.
socketscope_ui_test(tst_manualclientpanel)
