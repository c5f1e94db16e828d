# RFC 6455 conformance of the embedded server (`socketscope serve`): Autobahn-style case groups
# 1-7, 9 and 10 sent as raw frames built by the npm package `ws` over plain TCP
# (tests/external/conformance/ws_server_conformance.test.mjs; docs/conformance.md).
if(NOT COMMAND socketscope_external_test)
    return() # no socketscope target (tests/external defines the function only with one)
endif()

block(SCOPE_FOR VARIABLES)
    # socketscope_external_test runs its command in ${external_dir}, a variable of tests/external.
    set(external_dir ${CMAKE_CURRENT_SOURCE_DIR}/../external)
    if(SOCKETSCOPE_NODE)
        socketscope_external_test(conformance_ws_server 120
            ${SOCKETSCOPE_NODE} ${external_dir}/conformance/ws_server_conformance.test.mjs $<TARGET_FILE:socketscope>)
    else()
        socketscope_missing_tool(conformance_ws_server node)
    endif()
    set_tests_properties(conformance_ws_server PROPERTIES LABELS "external;conformance")
endblock()
