# core/scenario: scenario model, loader, runner.
target_sources(socketscope_core PRIVATE
    scenario/descriptorbudget.cpp scenario/descriptorbudget.h
    scenario/jsonsourcemap.cpp scenario/jsonsourcemap.h
    scenario/runner.cpp scenario/runner.h
    scenario/scenario.cpp scenario/scenario.h
    scenario/scenarioscale.cpp scenario/scenarioscale.h
    scenario/scenarioloader.cpp scenario/scenarioloader.h
    scenario/threshold.cpp scenario/threshold.h
)

# The schema the loader validates against, and the built-in scenarios (":/scenarios/NAME.json").
qt_add_resources(socketscope_core "core_scenario_schema"
    PREFIX "/schema"
    BASE "${PROJECT_SOURCE_DIR}/resources"
    FILES "${PROJECT_SOURCE_DIR}/resources/scenario.schema.json")
file(GLOB socketscope_builtin_scenarios CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/resources/scenarios/*.json")
qt_add_resources(socketscope_core "core_scenarios"
    PREFIX "/scenarios"
    BASE "${PROJECT_SOURCE_DIR}/resources/scenarios"
    FILES ${socketscope_builtin_scenarios})
