# core/inspect: the message inspector's tap (sampled frames from the server and the simulator).
target_sources(socketscope_core PRIVATE
    inspect/framedecoder.cpp inspect/framedecoder.h
    inspect/framerecord.h
    inspect/frametap.cpp inspect/frametap.h
    inspect/frametaplink.cpp inspect/frametaplink.h
)
