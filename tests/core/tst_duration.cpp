#include "scenario/duration.h"

#include <QTest>

using namespace std::chrono_literals;

class tst_Duration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void formats();
};

void tst_Duration::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("micros");
    QTest::addRow("us") << "250us" << qint64(250);
    QTest::addRow("ms") << "500ms" << qint64(500'000);
    QTest::addRow("s") << "30s" << qint64(30'000'000);
    QTest::addRow("m") << "2m" << qint64(120'000'000);
    QTest::addRow("h") << "1h" << qint64(3'600'000'000);
    QTest::addRow("fraction") << "1.5s" << qint64(1'500'000);
    QTest::addRow("zero") << "0s" << qint64(0);
    QTest::addRow("spaces") << " 3s " << qint64(3'000'000);
}

void tst_Duration::parses()
{
    QFETCH(QString, text);
    QFETCH(qint64, micros);
    const auto parsed = Duration::parse(text);
    QVERIFY(parsed);
    QCOMPARE(parsed->count(), micros);
}

void tst_Duration::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("no unit") << "30";
    QTest::addRow("no number") << "ms";
    QTest::addRow("unknown unit") << "3d";
    QTest::addRow("negative") << "-1s";
    QTest::addRow("two dots") << "1.2.3s";
    QTest::addRow("empty") << "";
    QTest::addRow("space inside") << "3 s";
    QTest::addRow("enormous") << "99999999999999h";
}

void tst_Duration::rejects()
{
    QFETCH(QString, text);
    QVERIFY(!Duration::parse(text));
}

void tst_Duration::formats()
{
    QCOMPARE(Duration::format(500ms), QStringLiteral("500ms"));
    QCOMPARE(Duration::format(30s), QStringLiteral("30s"));
    QCOMPARE(Duration::format(2min), QStringLiteral("2m"));
    QCOMPARE(Duration::format(1500us), QStringLiteral("1500us"));
}

QTEST_GUILESS_MAIN(tst_Duration)
#include "tst_duration.moc"
