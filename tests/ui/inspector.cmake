# The message inspector (issue 4): real traffic through the embedded server into the table.
socketscope_ui_test(tst_inspectorpanel)
# The inspector's decoding of Socket.IO and graphql-ws frames (core/inspect/framedecoder), and the
# table showing it.
socketscope_ui_test(tst_framedecoder)
