#pragma once

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>

// The server side of the simulator's wss:// tests: the self-signed pair in tests/sim/data
// (its README says how it was made). The certificate or key is null when its file could not be
// read, which the test checks.
inline QSslConfiguration selfSignedServerTls()
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    QFile certificateFile(QStringLiteral(SIM_TEST_DATA "/selfsigned-test.crt"));
    QFile keyFile(QStringLiteral(SIM_TEST_DATA "/selfsigned-test.key"));
    if (certificateFile.open(QIODevice::ReadOnly))
        tls.setLocalCertificate(QSslCertificate(certificateFile.readAll(), QSsl::Pem));
    if (keyFile.open(QIODevice::ReadOnly))
        tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}
