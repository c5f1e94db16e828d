# core/scenario: scenario model, loader, runner.
target_sources(socketscope_core PRIVATE
    scenario/scenario.cpp scenario/scenario.h
    scenario/threshold.h
)
