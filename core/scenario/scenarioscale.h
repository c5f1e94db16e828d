#pragma once

#include "scenario/scenario.h"

namespace scenario {

// A smaller (or larger) copy of a scenario, for trying a big one quickly on a laptop and for the
// shortened runs in CI: client counts (and arrival and churn rates) are multiplied by
// `clientScale` (at least one client per group), every point in time and phase by `timeScale`.
// Reconnect delays, send rates and thresholds are left alone: they describe behaviour, not size.
Scenario scaled(const Scenario &scenario, double clientScale, double timeScale);

} // namespace scenario
