#pragma once

#include <QStringList>

// `socketscope serve`: runs the embedded server headless until SIGINT/SIGTERM, then shuts down
// gracefully (close 1001 to every client) and exits 0. Exit 2 for bad flags, 1 when it cannot
// listen.
class ServeCommand
{
public:
    static int run(const QStringList &arguments);
};
