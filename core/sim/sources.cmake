# core/sim: simulated clients and the pools that run them.
target_sources(socketscope_core PRIVATE
    sim/httpclientconnection.cpp sim/httpclientconnection.h
    sim/httpresponsereader.cpp sim/httpresponsereader.h
    sim/reconnectpolicy.cpp sim/reconnectpolicy.h
    sim/sequencetracker.cpp sim/sequencetracker.h
    sim/sessionlength.cpp sim/sessionlength.h
)
