#include "tlsidentity.h"

#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QSaveFile>
#include <QSslSocket>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace {

template <typename T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

// PEM files are small; anything bigger is not one (and is not read into memory whole).
constexpr qint64 maxPemBytes = 1024 * 1024;

QString opensslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown error");
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

QByteArray bioText(BIO *bio)
{
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return QByteArray(data, length);
}

// The file's bytes, or empty with *error naming `what` ("certificate", "private key") and the file.
QByteArray readPemFile(const QString &path, const QString &what, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = QStringLiteral("%1 file '%2' does not exist").arg(what, path);
        return {};
    }
    if (info.isDir()) {
        *error = QStringLiteral("%1 file '%2' is a directory, not a PEM file").arg(what, path);
        return {};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1 file '%2': %3").arg(what, path, file.errorString());
        return {};
    }
    if (file.size() > maxPemBytes) {
        *error = QStringLiteral("%1 file '%2' is not a PEM file (%3 bytes; PEM files are a few KB)").arg(what, path).arg(file.size());
        return {};
    }
    const QByteArray data = file.readAll();
    if (data.trimmed().isEmpty())
        *error = QStringLiteral("%1 file '%2' is empty").arg(what, path);
    return data;
}

// DER starts with a SEQUENCE tag; PEM is text.
bool looksLikeDer(const QByteArray &data)
{
    return !data.isEmpty() && static_cast<unsigned char>(data.at(0)) == 0x30;
}

struct PassphraseRequest
{
    QByteArray passphrase;
    bool asked = false;
};

int passphraseCallback(char *buffer, int size, int /*rwflag*/, void *userData)
{
    auto *request = static_cast<PassphraseRequest *>(userData);
    request->asked = true;
    if (request->passphrase.isEmpty() || request->passphrase.size() > size)
        return -1;
    memcpy(buffer, request->passphrase.constData(), size_t(request->passphrase.size()));
    return int(request->passphrase.size());
}

bool addExtension(X509 *certificate, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData());
    if (!extension)
        return false;
    const bool added = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

// RFC 1035 host name characters only: a name that is not one is left out of the certificate.
bool isDnsName(const QString &name)
{
    if (name.isEmpty() || name.size() > 253)
        return false;
    for (QChar c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'.')
            return false;
    }
    return true;
}

} // namespace

TlsIdentity TlsIdentity::fromPemFiles(const QString &certificateFile, const QString &keyFile,
                                      const QByteArray &passphrase, QString *error)
{
    QString problem;
    const auto failed = [&](const QString &message) {
        if (error)
            *error = message;
        return TlsIdentity();
    };
    if (certificateFile.isEmpty())
        return failed(QStringLiteral("no TLS certificate file given"));
    if (keyFile.isEmpty())
        return failed(QStringLiteral("no TLS private key file given"));

    // --- the certificate ---
    const QByteArray certificatePem = readPemFile(certificateFile, QStringLiteral("certificate"), &problem);
    if (!problem.isEmpty())
        return failed(problem);
    if (!certificatePem.contains("-----BEGIN CERTIFICATE-----")) {
        if (certificatePem.contains("PRIVATE KEY-----"))
            return failed(QStringLiteral("certificate file '%1' holds a private key, not a certificate (are the certificate and key files swapped?)").arg(certificateFile));
        if (looksLikeDer(certificatePem))
            return failed(QStringLiteral("certificate file '%1' is DER, not PEM (convert it: openssl x509 -inform der -in '%1' -out cert.pem)").arg(certificateFile));
        return failed(QStringLiteral("certificate file '%1' is not a PEM certificate (no -----BEGIN CERTIFICATE----- line)").arg(certificateFile));
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    BioPtr certificateBio(BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())));
    X509Ptr x509(PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr));
    if (chain.isEmpty() || chain.first().isNull() || !x509) {
        ERR_clear_error();
        return failed(QStringLiteral("certificate file '%1' has a BEGIN CERTIFICATE block that is not a valid certificate").arg(certificateFile));
    }

    // --- the key ---
    const QByteArray keyPem = readPemFile(keyFile, QStringLiteral("private key"), &problem);
    if (!problem.isEmpty())
        return failed(problem);
    if (!keyPem.contains("PRIVATE KEY-----")) {
        if (keyPem.contains("-----BEGIN CERTIFICATE-----"))
            return failed(QStringLiteral("private key file '%1' holds a certificate, not a private key (are the certificate and key files swapped?)").arg(keyFile));
        if (looksLikeDer(keyPem))
            return failed(QStringLiteral("private key file '%1' is DER, not PEM (convert it: openssl pkey -inform der -in '%1' -out key.pem)").arg(keyFile));
        return failed(QStringLiteral("private key file '%1' is not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line)").arg(keyFile));
    }
    PassphraseRequest request{passphrase};
    BioPtr keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    PkeyPtr key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, passphraseCallback, &request));
    if (!key) {
        const QString detail = opensslError();
        if (request.asked && passphrase.isEmpty())
            return failed(QStringLiteral("private key file '%1' is encrypted and no passphrase was given").arg(keyFile));
        if (request.asked)
            return failed(QStringLiteral("private key file '%1' could not be decrypted with the given passphrase (wrong passphrase?)").arg(keyFile));
        return failed(QStringLiteral("private key file '%1' is not a readable private key (%2)").arg(keyFile, detail));
    }
    QSsl::KeyAlgorithm algorithm = QSsl::Opaque;
    switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA: algorithm = QSsl::Rsa; break;
    case EVP_PKEY_EC: algorithm = QSsl::Ec; break;
    case EVP_PKEY_DSA: algorithm = QSsl::Dsa; break;
    default:
        return failed(QStringLiteral("private key file '%1' holds a %2 key; the server takes RSA, EC or DSA keys")
                          .arg(keyFile, QString::fromLatin1(OBJ_nid2sn(EVP_PKEY_get_base_id(key.get())))));
    }
    if (X509_check_private_key(x509.get(), key.get()) != 1) {
        ERR_clear_error();
        return failed(QStringLiteral("private key file '%1' does not belong to the certificate in '%2' (their public keys differ)").arg(keyFile, certificateFile));
    }
    // Qt gets the key decrypted, in memory only.
    BioPtr plainKey(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(plainKey.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return failed(QStringLiteral("private key file '%1': %2").arg(keyFile, opensslError()));
    TlsIdentity identity;
    identity.m_chain = chain;
    identity.m_key = QSslKey(bioText(plainKey.get()), algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (identity.m_key.isNull())
        return failed(QStringLiteral("private key file '%1' is not usable by Qt's TLS backend").arg(keyFile));
    return identity;
}

TlsIdentity TlsIdentity::generateSelfSigned(const QStringList &extraNames, const QList<QHostAddress> &extraAddresses,
                                            std::chrono::hours validity, QString *error)
{
    const auto failed = [&](const char *step) {
        if (error)
            *error = QStringLiteral("cannot generate a self-signed certificate (%1): %2").arg(QLatin1String(step), opensslError());
        return TlsIdentity();
    };
    PkeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return failed("EC P-256 key");
    X509Ptr certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), 2) != 1) // 2: X.509 v3
        return failed("certificate");
    // RFC 5280 4.1.2.2: a positive serial number of at most 20 octets, unique per issuer; random.
    BnPtr serial(BN_new());
    if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1
        || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
        return failed("serial number");
    // An hour of slack before now: a client whose clock is slightly behind still accepts it.
    if (!X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600)
        || !X509_gmtime_adj(X509_getm_notAfter(certificate.get()), long(std::chrono::seconds(validity).count())))
        return failed("validity");
    if (X509_set_pubkey(certificate.get(), key.get()) != 1)
        return failed("public key");
    X509_NAME *name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("localhost"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("SocketScope self-signed (generated at start)"), -1, -1, 0);
    if (X509_set_issuer_name(certificate.get(), name) != 1)
        return failed("issuer");

    // RFC 6125 / CA/B baseline: clients match the host against subjectAltName, not the CN.
    QByteArrayList alternatives{"DNS:localhost", "IP:127.0.0.1", "IP:::1"};
    for (const QString &extra : extraNames) {
        const QByteArray entry = "DNS:" + extra.toLower().toLatin1();
        if (isDnsName(extra) && !alternatives.contains(entry))
            alternatives.append(entry);
    }
    for (const QHostAddress &address : extraAddresses) {
        QHostAddress plain = address;
        plain.setScopeId(QString()); // "fe80::1%eth0" is not an address a certificate can name
        const QByteArray entry = "IP:" + plain.toString().toLatin1();
        if (!plain.isNull() && !alternatives.contains(entry))
            alternatives.append(entry);
    }
    if (!addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(certificate.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(certificate.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(certificate.get(), NID_subject_key_identifier, "hash")
        || !addExtension(certificate.get(), NID_subject_alt_name, alternatives.join(',')))
        return failed("extensions");
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0)
        return failed("signature");

    BioPtr certificatePem(BIO_new(BIO_s_mem()));
    BioPtr keyPem(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_X509(certificatePem.get(), certificate.get())
        || !PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return failed("PEM encoding");
    TlsIdentity identity;
    identity.m_chain = {QSslCertificate(bioText(certificatePem.get()), QSsl::Pem)};
    identity.m_key = QSslKey(bioText(keyPem.get()), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (identity.isNull() || identity.m_chain.first().isNull()) {
        if (error)
            *error = QStringLiteral("cannot generate a self-signed certificate: Qt's TLS backend did not accept it");
        return TlsIdentity();
    }
    return identity;
}

void TlsIdentity::namesFor(const QHostAddress &address, QStringList *names, QList<QHostAddress> *addresses)
{
    const bool wildcard = address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
    if (!wildcard) {
        addresses->append(address);
        return;
    }
    // Reachable from the network: clients may use this machine's name or any of its addresses.
    names->append(QHostInfo::localHostName());
    for (const QHostAddress &local : QNetworkInterface::allAddresses()) {
        if (local.protocol() == QAbstractSocket::IPv6Protocol && local.isLinkLocal())
            continue; // needs a scope, which no URL in a certificate can carry
        addresses->append(local);
    }
}

QSslConfiguration TlsIdentity::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(m_chain);
    configuration.setPrivateKey(m_key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    // Nothing is verified on this side: no CA store to build into every connection's context.
    configuration.setCaCertificates({});
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

bool TlsIdentity::writeCertificate(const QString &file, QString *error) const
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(certificate().toPem()) < 0 || !out.commit()) {
        if (error)
            *error = QStringLiteral("cannot write the certificate to '%1': %2").arg(file, out.errorString());
        return false;
    }
    return true;
}
