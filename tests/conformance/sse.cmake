# WHATWG HTML 9.2 server-sent events, both directions (docs/conformance.md "Server-sent events").
# The embedded server's /events output, every byte through SseParser's strict mode (in-process).
qt_add_executable(tst_sseserveroutput tst_sseserveroutput.cpp)
target_link_libraries(tst_sseserveroutput PRIVATE socketscope_testsupport socketscope_core socketscope_options Qt::Test)
target_include_directories(tst_sseserveroutput PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/../server)
add_test(NAME tst_sseserveroutput COMMAND tst_sseserveroutput)
set_tests_properties(tst_sseserveroutput PROPERTIES LABELS "core;conformance" TIMEOUT 60)

# SocketScope's SSE clients (the simulator's SseSimClient and the manual client's path) against
# a QTcpServer in the test that sends each edge case the spec defines as exact bytes.
qt_add_executable(tst_sseclientconformance tst_sseclientconformance.cpp)
target_link_libraries(tst_sseclientconformance PRIVATE socketscope_core socketscope_options Qt::Test)
add_test(NAME tst_sseclientconformance COMMAND tst_sseclientconformance)
set_tests_properties(tst_sseclientconformance PROPERTIES LABELS "core;conformance" TIMEOUT 60)

# The same server output read by Node's eventsource package and by headless Chromium's
# EventSource, compared with each other and with a strict reading of the raw bytes.
if(COMMAND socketscope_external_test AND SOCKETSCOPE_NODE)
    socketscope_external_test(external_sse_server_output 120
        ${SOCKETSCOPE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/../external/conformance/sse_server_output.test.mjs
        $<TARGET_FILE:socketscope> $<$<BOOL:${SOCKETSCOPE_CHROMIUM}>:${SOCKETSCOPE_CHROMIUM}>)
    set_tests_properties(external_sse_server_output PROPERTIES LABELS "external;conformance")
endif()
