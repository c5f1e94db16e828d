#pragma once

#include "endpoint.h"

#include <optional>
#include <string>

// The generator's command line: `wsloadgen MODE --target HOST:PORT [options]`.
struct LoadOptions
{
    std::string mode;           // idle, echo, fanout-ws, fanout-sse, handshake
    Endpoint target;
    std::optional<Endpoint> publishTarget; // fanout: the publisher's server (another instance); default: target
    int connections = 1000;     // idle, echo, handshake
    int concurrency = 100;      // handshakes in flight while opening
    int samples = 2000;         // idle: sequential echo round trips
    double rate = 0;            // echo: messages/s (required); fanout: publish cap, 0 = window only
    double durationSeconds = 10; // echo, fanout
    int subscribers = 1000;     // fanout
    int window = 8;             // fanout: published messages not yet delivered to every subscriber
    int payloadBytes = 64;      // of the payload string
    std::string channel;        // default: one per run
    double openTimeoutSeconds = 120;
    double settleSeconds = 1;   // quiet time after opening, before measuring
    double holdSeconds = 0;     // handshake: keep the connections open this long after opening
    double sampleTimeoutSeconds = 5;
    double drainTimeoutSeconds = 5;
    double stallTimeoutSeconds = 5; // fanout: a message not delivered to all by then leaves the window
    int sourceAddresses = 0;    // 0: as many as the port range needs
    // idle: hold the connections (answering pings) until these files exist, so that a driver can
    // start the round trips of several generators together and keep every connection open until
    // all of them are done. Empty: no wait.
    std::string measureWhenFile;
    std::string exitWhenFile;
    double gateTimeoutSeconds = 600; // the longest wait for either file
    unsigned seed = 1;

    // Empty and `error` set on bad input; `help` set for --help.
    static std::optional<LoadOptions> parse(int argc, char **argv, std::string &error, bool &help);
    static const char *usage();
};
