#pragma once

#include <QStringList>

// `socketscope validate SCENARIO.json...`: loads each file as `run` would and says whether it is
// usable. Prints "FILE: ok (N groups, M faults, K thresholds)" on stdout and exits 0, or every
// error (FILE:LINE:COL: $.path: expected ..., got ...) on stderr and exits 2.
class ValidateCommand
{
public:
    static int run(const QStringList &arguments);
};
