# core/sim: simulated clients and the pools that run them.
target_sources(socketscope_core PRIVATE
)
