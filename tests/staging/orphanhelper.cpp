// Stages a small cluster - a private Redis, two `socketscope serve` instances, nginx in front -
// prints the process ids, then waits to be killed. tst_noorphans kills it with SIGKILL and checks
// that everything it started went with it.
//   staging_orphanhelper SOCKETSCOPE_BINARY
// Prints "broker PID", "instance PID" (twice), "nginx PID", then "ready"; or "error: ..." and
// exits 1.
#include "staging/instancefleet.h"
#include "staging/nginxproxy.h"
#include "staging/privatebroker.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace std::chrono_literals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const auto fail = [&out](const QString &message) {
        out << "error: " << message << Qt::endl;
        return 1;
    };
    if (app.arguments().size() != 2)
        return fail(QStringLiteral("usage: staging_orphanhelper SOCKETSCOPE_BINARY"));

    PrivateBroker broker;
    if (!broker.start(PrivateBroker::Kind::Redis) || !broker.waitForReady(90s))
        return fail(broker.errorString());
    out << "broker " << broker.pid() << Qt::endl;

    InstanceFleet fleet;
    fleet.setExecutable(app.arguments().at(1));
    fleet.setExtraArguments({QStringLiteral("--workers"), QStringLiteral("1")});
    if (!fleet.start(2) || !fleet.waitForListening(90s))
        return fail(fleet.errorString());
    for (qint64 pid : fleet.pids())
        out << "instance " << pid << Qt::endl;

    NginxProxy nginx;
    NginxProxy::Settings settings;
    settings.upstreamPorts = fleet.ports();
    if (!nginx.start(settings) || !nginx.waitForReady(90s))
        return fail(nginx.errorString());
    out << "nginx " << nginx.pid() << Qt::endl;
    out << "port " << nginx.port() << Qt::endl;
    out << "ready" << Qt::endl;
    return app.exec();
}
