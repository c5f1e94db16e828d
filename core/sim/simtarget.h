#pragma once

#include "auth/jwtminter.h"
#include "scenario/scenario.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <memory>

// Where the simulated clients connect, resolved once per run from the scenario's target (or
// `--target`): the WebSocket and HTTP base URLs of one server, with what every request carries.
struct SimTarget
{
    QUrl webSocketBase;            // ws:// or wss://, path "/" unless the target named one
    QUrl httpBase;                 // http:// or https://
    // The target URL's own query ("?tenant=a"), kept as written and sent first on every request.
    QByteArray baseQuery;
    QString token;
    // Per-client JSON Web Tokens (the scenario's "jwt"): signed by the client, sent as ?token=
    // instead of `token`. Shared read-only by every pool thread.
    std::shared_ptr<const JwtMinter> jwtMinter;
    scenario::JwtTokens jwt;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool acceptSelfSignedCertificates = false;
    bool embedded = false;
    // Source-address spreading: with more than one, client number i (counted across all groups,
    // ClientPool::clientNumber()) binds to 127.0.0.(1 + i % count)
    // before connecting, so a loopback target can take more connections than one address has
    // ephemeral ports (the Runner decides; see sourceAddressesNeeded()). 0 or 1: no bind.
    int sourceAddressCount = 0;
    // 1: 127.0.0.1, .2, .3 ...; 256: 127.0.1.1, 127.0.2.1 ... (each in its own /24, as clients
    // from different networks: nginx's ip_hash keys an IPv4 client by its first three octets).
    int sourceAddressStride = 1;
    // Several staged instances without a proxy in front (docs/scenarios.md, "Several
    // instances"): the ports of the instances; a client's n-th connection goes to instance
    // (client + n) % count, so reconnects move on, as behind DNS round robin. Empty: the base URL's.
    QList<quint16> instancePorts;
    // A random tag for this run's messages: latency is computed only from payloads stamped by
    // this process, whose send times come from the same monotonic clock as the receive times.
    QByteArray runTag;

    // False for the empty target fromUrl() returns when the URL is not usable.
    bool isValid() const { return webSocketBase.isValid() || !runTag.isEmpty(); }

    // Resolves `url` (ws, wss, http, https); on failure returns an empty target and sets *error.
    static SimTarget fromUrl(const QUrl &url, QString *error);
    static SimTarget embeddedServer(quint16 port);
    // For a run whose groups all have their own `url`: no base URL, no source-address spreading.
    static SimTarget forGroupUrls();

    // The address client number `clientNumber` binds to before connecting; null when not spreading.
    QHostAddress sourceAddressFor(int clientNumber) const;
    // Whether the target's host is an IPv4 loopback address (127.0.0.0/8), the only case
    // where connections can be spread over source addresses 127.0.0.1 ... 127.0.0.k.
    bool isIpv4Loopback() const;

    // How many source addresses `connections` concurrent connections to one host:port need
    // when each address may use 80% of `ephemeralPorts` local ports (the rest is headroom for
    // TIME_WAIT and other programs): ceil(connections / (0.8 * ephemeralPorts)), at least 1.
    static int sourceAddressesNeeded(qint64 connections, int ephemeralPorts);
    // The size of the kernel's ephemeral port range (/proc/sys/net/ipv4/ip_local_port_range),
    // or the Linux default (32768-60999) when it cannot be read.
    static int ephemeralPortCount();
    // The most source addresses spreading uses: 127.0.0.1 ... 127.0.0.254.
    static constexpr int maxSourceAddresses = 254;

    // The URL a client of `group` connects to, with channel, token and extra query items.
    // `spread` picks the instance (instancePorts).
    QUrl urlFor(const scenario::Group &group, const QString &channel,
                const QList<QPair<QString, QString>> &query = {}, int spread = 0) const;
};
