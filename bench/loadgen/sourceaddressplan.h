#pragma once

#include <netinet/in.h>

#include <string>
#include <vector>

// Which loopback source address each connection binds to before connect(). One address gives
// each destination at most the ephemeral port range (/proc/sys/net/ipv4/ip_local_port_range,
// 28,232 ports by default), minus ports still in TIME_WAIT from earlier runs; beyond half of it
// connections spread round robin over 127.0.0.1, 127.0.0.2, ... (all of 127/8 is local on Linux).
class SourceAddressPlan
{
public:
    // `requested` > 0 forces that many addresses.
    static SourceAddressPlan forConnections(int connections, int requested);

    int addressCount() const { return int(m_addresses.size()); }
    int portsPerAddress() const { return m_portsPerAddress; }
    const sockaddr_in &addressFor(int connectionIndex) const { return m_addresses[size_t(connectionIndex) % m_addresses.size()]; }
    std::string lastAddressText() const;

private:
    std::vector<sockaddr_in> m_addresses;
    int m_portsPerAddress = 0;
};
