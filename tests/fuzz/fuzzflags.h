#pragma once

#include <cstring>
#include <vector>

// For LLVMFuzzerInitialize(), which libFuzzer calls before it parses its flags and which may
// change argv: adds `flag` ("-name=value") unless the command line sets -name itself, so a
// target can carry the defaults it needs into ctest, scripts/fuzz and a hand-started run alike.
//
// The socket targets use it for -detect_leaks=0: libFuzzer's leak check after each input runs
// whenever the input saw more mallocs than frees, which, with a server or event loop allocating
// on other threads, is nearly every input; each check scans the whole heap (a 5-10x slowdown).
// LeakSanitizer still checks at exit, and the targets check their own per-input bounds.
inline void addDefaultFuzzerFlag(int *argc, char ***argv, const char *flag)
{
    const char *equals = std::strchr(flag, '=');
    const size_t nameLength = equals ? size_t(equals - flag + 1) : std::strlen(flag);
    for (int i = 1; i < *argc; ++i) {
        if (std::strncmp((*argv)[i], flag, nameLength) == 0)
            return;
    }
    static std::vector<char *> arguments;
    arguments.assign(*argv, *argv + *argc);
    arguments.push_back(const_cast<char *>(flag));
    arguments.push_back(nullptr);
    *argv = arguments.data();
    ++*argc;
}
