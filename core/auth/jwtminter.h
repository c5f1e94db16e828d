#pragma once

#include "jwtkey.h"

#include <QByteArray>
#include <QJsonObject>

#include <chrono>

// Signs JSON Web Tokens for simulated clients (the scenario's "jwt" block, docs/scenarios.md):
// the given claims plus "iat" and, with a lifetime, "exp", so that every client can be a user
// of its own and tokens can run out during a run. Through libjwt. Thread-safe.
class JwtMinter
{
public:
    explicit JwtMinter(JwtKey key);

    // Empty with `error` set when libjwt refuses (a claim it cannot take, a key it cannot use).
    QByteArray mint(const QJsonObject &claims, qint64 nowMs, std::chrono::milliseconds lifetime, QString *error = nullptr) const;

private:
    const JwtKey m_key;
};
