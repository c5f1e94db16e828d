# RFC 6455 conformance of SocketScope's own WebSocket client (WsClientConnection), modelled on the
# Autobahn TestSuite's client mode (case groups 1-7, 9, 10): wsclientprobe is the testee (connects,
# echoes, reports events as JSON lines); the Node runner is the raw-frame server that plays each
# case with frames from the `ws` package's Sender.frame() and judges what comes back.
qt_add_executable(wsclientprobe ${CMAKE_CURRENT_SOURCE_DIR}/wsclientprobe.cpp)
target_link_libraries(wsclientprobe PRIVATE socketscope_core socketscope_options)

if(SOCKETSCOPE_NODE AND COMMAND socketscope_external_test)
    socketscope_external_test(conformance_ws_client 120
        ${SOCKETSCOPE_NODE} ${CMAKE_SOURCE_DIR}/tests/external/conformance/ws_client_conformance.test.mjs
        $<TARGET_FILE:wsclientprobe>)
    set_tests_properties(conformance_ws_client PROPERTIES LABELS "external;conformance")
endif()
