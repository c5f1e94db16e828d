#include "sourceaddressplan.h"

#include <arpa/inet.h>

#include <algorithm>
#include <fstream>

namespace {

int ephemeralPortCount()
{
    std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
    int low = 0, high = 0;
    if (range >> low >> high && high >= low)
        return high - low + 1;
    return 28232; // the kernel's default range, 32768-60999
}

} // namespace

SourceAddressPlan SourceAddressPlan::forConnections(int connections, int requested)
{
    SourceAddressPlan plan;
    plan.m_portsPerAddress = ephemeralPortCount();
    // Half the range per address leaves room for TIME_WAIT leftovers of the previous run and
    // for every other program's connections.
    const int budget = std::max(1, plan.m_portsPerAddress / 2);
    int count = requested > 0 ? requested : std::max(1, (connections + budget - 1) / budget);
    count = std::min(count, 250); // 127.0.0.1 - 127.0.0.250
    for (int i = 0; i < count; ++i) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = 0;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK + uint32_t(i));
        plan.m_addresses.push_back(address);
    }
    return plan;
}

std::string SourceAddressPlan::lastAddressText() const
{
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &m_addresses.back().sin_addr, text, sizeof text);
    return text;
}
