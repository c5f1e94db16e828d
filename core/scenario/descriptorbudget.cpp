#include "scenario/descriptorbudget.h"

#include "scenario/scenario.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <sys/resource.h>

DescriptorBudget DescriptorBudget::forRun(const scenario::Scenario &scenario, bool embeddedServer, int threads)
{
    DescriptorBudget budget;
    budget.m_clients = scenario.peakClients();
    budget.m_server = embeddedServer ? budget.m_clients : 0;
    budget.m_reserve = fixedReserve + reservePerThread * std::max(0, threads);
    return budget;
}

qint64 DescriptorBudget::processLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return -1;
    return qint64(limit.rlim_cur);
}

QString DescriptorBudget::check(qint64 limit) const
{
    if (limit < 0 || needed() <= limit)
        return {};
    const auto tr = [](const char *text) { return QCoreApplication::translate("DescriptorBudget", text); };
    const QString breakdown = m_server > 0
        ? tr("%1 client connections, %2 for the embedded server's side of them, %3 in reserve")
              .arg(m_clients).arg(m_server).arg(m_reserve)
        : tr("%1 client connections, %2 in reserve").arg(m_clients).arg(m_reserve);
    // The client scale that would fit, rounded down to two significant digits.
    const double fits = double(limit - m_reserve) / double(m_clients + m_server);
    QString scaleAdvice;
    if (fits > 0) {
        const double magnitude = std::pow(10.0, std::floor(std::log10(fits)) - 1);
        const double scale = std::floor(fits / magnitude) * magnitude;
        scaleAdvice = tr("run fewer clients (--clients-scale %1), ").arg(scale, 0, 'g', 2);
    } else {
        scaleAdvice = tr("run fewer clients (--clients-scale), ");
    }
    return tr("this scenario needs about %1 file descriptors at its peak (%2), but the process may open only %3 "
              "(RLIMIT_NOFILE). Raise the limit with 'ulimit -n %1' (above the hard limit, 'ulimit -Hn', that "
              "needs root, or LimitNOFILE= for a service), %4or run the server in another process "
              "('socketscope serve', then --target ws://HOST:PORT/).")
        .arg(needed()).arg(breakdown).arg(limit).arg(scaleAdvice);
}
