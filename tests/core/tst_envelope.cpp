#include "protocol/envelope.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class tst_Envelope : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesClientMessage();
    void parsesSync();
    void rejects_data();
    void rejects();
    void serverEnvelopeRoundTrip();
    void serverTimestampOutOfRange();
    void errorMessageShape();
    void reservedTypes();
};

void tst_Envelope::parsesClientMessage()
{
    const auto parsed = Envelope::parseClientMessage(R"({"type":"chat.message","payload":{"text":"hi"},"id":"m-1"})");
    QVERIFY2(parsed.envelope, qPrintable(parsed.error));
    QCOMPARE(parsed.envelope->type, QStringLiteral("chat.message"));
    QCOMPARE(parsed.envelope->id, QStringLiteral("m-1"));
    QCOMPARE(parsed.envelope->payload.toObject().value(QLatin1String("text")).toString(), QStringLiteral("hi"));
    QVERIFY(!parsed.envelope->since);

    const auto noPayload = Envelope::parseClientMessage(R"({"type":"presence.join"})");
    QVERIFY(noPayload.envelope);
    QVERIFY(noPayload.envelope->payload.isNull());
}

void tst_Envelope::parsesSync()
{
    const auto parsed = Envelope::parseClientMessage(R"({"type":"sync","since":41})");
    QVERIFY2(parsed.envelope, qPrintable(parsed.error));
    QCOMPARE(parsed.envelope->since.value(), 41u);
}

void tst_Envelope::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("not json") << QByteArray("hello") << "invalid JSON at offset";
    QTest::addRow("truncated") << QByteArray(R"({"type":"chat.message")") << "invalid JSON";
    QTest::addRow("array") << QByteArray("[1,2]") << "JSON object";
    QTest::addRow("no type") << QByteArray(R"({"payload":1})") << "\"type\"";
    QTest::addRow("numeric type") << QByteArray(R"({"type":5})") << "\"type\"";
    QTest::addRow("empty type") << QByteArray(R"({"type":""})") << "\"type\"";
    QTest::addRow("type with space") << QByteArray(R"({"type":"chat message"})") << "\"type\"";
    QTest::addRow("type too long") << (QByteArray(R"({"type":")") + QByteArray(65, 'a') + R"("})") << "\"type\"";
    QTest::addRow("double dot") << QByteArray(R"({"type":"chat..message"})") << "\"type\"";
    QTest::addRow("numeric id") << QByteArray(R"({"type":"a","id":5})") << "\"id\"";
    QTest::addRow("sync without since") << QByteArray(R"({"type":"sync"})") << "\"since\"";
    QTest::addRow("sync negative") << QByteArray(R"({"type":"sync","since":-1})") << "\"since\"";
    QTest::addRow("sync fraction") << QByteArray(R"({"type":"sync","since":1.5})") << "\"since\"";
    QTest::addRow("sync string") << QByteArray(R"({"type":"sync","since":"4"})") << "\"since\"";
    QTest::addRow("unknown key") << QByteArray(R"({"type":"a","colour":"red"})") << "unknown field \"colour\"";
}

void tst_Envelope::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    const auto parsed = Envelope::parseClientMessage(json);
    QVERIFY(!parsed.envelope);
    QVERIFY2(parsed.error.contains(mentions), qPrintable(parsed.error));
}

void tst_Envelope::serverEnvelopeRoundTrip()
{
    Envelope envelope;
    envelope.type = QStringLiteral("chat.message");
    envelope.channel = QStringLiteral("general");
    envelope.seq = 42;
    envelope.ts = 1700000000123;
    envelope.id = QStringLiteral("abc");
    envelope.payload = QJsonObject{{QLatin1String("text"), QStringLiteral("hello")}};
    const QByteArray json = envelope.toJson();
    QVERIFY(!json.contains('\n'));
    const auto parsed = Envelope::parseServerMessage(json);
    QVERIFY2(parsed.envelope, qPrintable(parsed.error));
    QCOMPARE(parsed.envelope->seq.value(), 42u);
    QCOMPARE(parsed.envelope->ts.value(), 1700000000123);
    QCOMPARE(parsed.envelope->channel, QStringLiteral("general"));
    QCOMPARE(parsed.envelope->payload, envelope.payload);
    // The DESIGN field names, exactly.
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QCOMPARE(object.keys(), QStringList({"channel", "id", "payload", "seq", "ts", "type"}));
}

void tst_Envelope::serverTimestampOutOfRange()
{
    // Found by fuzz_envelope: a huge "ts" was cast to qint64 (undefined behaviour).
    QVERIFY(!Envelope::parseServerMessage(R"({"type":"a","ts":1e308})").envelope);
    QVERIFY(!Envelope::parseServerMessage(R"({"type":"a","ts":-1e30})").envelope);
    QVERIFY(Envelope::parseServerMessage(R"({"type":"a","ts":1700000000000})").envelope);
}

void tst_Envelope::errorMessageShape()
{
    const QJsonObject object = QJsonDocument::fromJson(Envelope::errorMessage(QStringLiteral("bad thing"), QStringLiteral("code_x"))).object();
    QCOMPARE(object.value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(object.value(QLatin1String("payload")).toObject().value(QLatin1String("message")).toString(), QStringLiteral("bad thing"));
    QCOMPARE(object.value(QLatin1String("payload")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("code_x"));
}

void tst_Envelope::reservedTypes()
{
    QVERIFY(Envelope::isReservedType(u"error"));
    QVERIFY(Envelope::isReservedType(u"sync.reset"));
    QVERIFY(Envelope::isReservedType(u"session.welcome"));
    QVERIFY(!Envelope::isReservedType(u"chat.message"));
    QVERIFY(!Envelope::isReservedType(u"errors.count"));
}

QTEST_GUILESS_MAIN(tst_Envelope)
#include "tst_envelope.moc"
