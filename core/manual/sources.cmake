# core/manual: one interactive connection for the window's manual client (no widgets).
target_sources(socketscope_core PRIVATE
    manual/manualconnection.cpp manual/manualconnection.h
    manual/manualframe.cpp manual/manualframe.h
)
