# ui/manualclient: two users chatting through the panel against a real embedded server.
socketscope_ui_test(tst_manualclientpanel)
# The Socket.IO and GraphQL modes against the reference servers of tests/external/servers
# (socket.io, graphql-ws), started with the end-to-end tests' NodeServer.
if(TARGET socketscope_e2esupport)
    socketscope_ui_test(tst_manualprotocols)
    target_link_libraries(tst_manualprotocols PRIVATE socketscope_e2esupport)
    target_include_directories(tst_manualprotocols PRIVATE ${PROJECT_SOURCE_DIR}/tests/e2e)
    set_tests_properties(tst_manualprotocols PROPERTIES LABELS "ui;external")
endif()
