# Runs one libFuzzer target for ctest (cmake -P).
#   -DFUZZER=path -DSEEDS=dir -DWORK=dir -DSECONDS=n   fuzz for n seconds from a copy of SEEDS in WORK
#     [-DDICT=file]                                    with this libFuzzer dictionary, if it exists
#   -DFUZZER=path -DREGRESSIONS=dir                    replay every file in dir once
if(DEFINED REGRESSIONS)
    file(GLOB inputs LIST_DIRECTORIES false "${REGRESSIONS}/*")
    list(FILTER inputs EXCLUDE REGEX "/(README[^/]*|\\.gitkeep)$")
    if(NOT inputs)
        message("no regression inputs in ${REGRESSIONS}")
        return()
    endif()
    list(LENGTH inputs count)
    message("replaying ${count} regression input(s) from ${REGRESSIONS}")
    execute_process(COMMAND "${FUZZER}" -runs=1 ${inputs} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${FUZZER} failed on a regression input (exit ${result})")
    endif()
    return()
endif()

file(MAKE_DIRECTORY "${WORK}/corpus" "${WORK}/artifacts")
file(GLOB seeds LIST_DIRECTORIES false "${SEEDS}/*")
if(seeds)
    file(COPY ${seeds} DESTINATION "${WORK}/corpus")
endif()
set(dict_option)
if(DEFINED DICT AND EXISTS "${DICT}")
    set(dict_option "-dict=${DICT}")
endif()
execute_process(
    COMMAND "${FUZZER}" -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048 ${dict_option}
            -print_final_stats=1 -artifact_prefix=${WORK}/artifacts/ "${WORK}/corpus"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    file(GLOB artifacts "${WORK}/artifacts/*")
    message(FATAL_ERROR "${FUZZER} failed (exit ${result}); crashing input(s): ${artifacts}")
endif()
