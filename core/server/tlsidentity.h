#pragma once

#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

#include <chrono>

// What the embedded server shows a TLS client: a certificate (chain) and its private key, either
// read from the user's PEM files or generated self-signed for local use. Loading checks what
// Qt's own loaders leave silent (a missing file, a key in the certificate's place, an encrypted
// key without passphrase, a key that belongs to another certificate) and says which file is wrong
// and how. A plain value; Server makes one at start and gives each worker its configuration.
class TlsIdentity
{
public:
    // Reads a PEM certificate (the server's first, then any intermediates) and a PEM private key
    // (RSA, EC or DSA; PKCS#8 or traditional; encrypted ones need `passphrase`). On failure
    // returns a null identity and sets *error to a sentence naming the file.
    static TlsIdentity fromPemFiles(const QString &certificateFile, const QString &keyFile,
                                    const QByteArray &passphrase, QString *error);
    // A fresh EC P-256 key and an X.509 v3 certificate signed with it, valid from an hour ago for
    // `validity`, for DNS:localhost, IP:127.0.0.1, IP:::1 and `extraNames` / `extraAddresses`.
    static TlsIdentity generateSelfSigned(const QStringList &extraNames, const QList<QHostAddress> &extraAddresses,
                                          std::chrono::hours validity, QString *error);
    // The names and addresses a self-signed certificate for a server bound to `address` covers:
    // the bound address itself, and for a wildcard bind this machine's name and addresses.
    static void namesFor(const QHostAddress &address, QStringList *names, QList<QHostAddress> *addresses);

    bool isNull() const { return m_chain.isEmpty() || m_key.isNull(); }
    QSslCertificate certificate() const { return m_chain.value(0); }
    QList<QSslCertificate> chain() const { return m_chain; }
    QSslKey privateKey() const { return m_key; }
    // A server-side QSslConfiguration: this identity, TLS 1.2 or newer, no client certificates.
    QSslConfiguration serverConfiguration() const;
    // Writes the certificate (never the key) as PEM, for clients that should trust it.
    bool writeCertificate(const QString &file, QString *error) const;

private:
    QList<QSslCertificate> m_chain;
    QSslKey m_key;
};
