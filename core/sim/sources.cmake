# core/sim: simulated clients and the pools that run them.
target_sources(socketscope_core PRIVATE
    sim/reconnectpolicy.cpp sim/reconnectpolicy.h
    sim/sequencetracker.cpp sim/sequencetracker.h
)
