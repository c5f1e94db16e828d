#pragma once

#include "jsonobject.h"

#include <string>

// `wsloadgen selftest`: the generator's protocol pieces against known answers (RFC 6455's own
// handshake example, WHATWG line endings, RFC 9112 chunks, histogram ranks), so a broken parser
// shows up as a failed check instead of as odd benchmark numbers. No network.
class SelfTest
{
public:
    // True when every check passed; `result` counts them and names the failures.
    bool run(JsonObject &result, std::string &error);

private:
    void check(bool passed, const char *what);

    int m_checks = 0;
    std::string m_failures;
};
