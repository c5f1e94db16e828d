// FrameDecoder on frames as socket.io 4.8 and graphql-ws 6 write them (copied from the servers of
// tests/external/servers: a session of socketio_chat.mjs over polling upgraded to WebSocket, and
// one of graphql_server.mjs), and the inspector's table showing them: decoded type, data or
// control, and the "data only" filter; a bare "2" is a heartbeat only on a connection already
// seen speaking Engine.IO.
#include "inspect/framedecoder.h"
#include "inspector/framefilter.h"
#include "inspector/frametablemodel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class tst_FrameDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesRealFrames_data();
    void decodesRealFrames();
    void leavesOtherFramesAlone_data();
    void leavesOtherFramesAlone();
    void ambiguousFramesNeedAKnownConnection();
    void tableShowsDecodedTypesAndFiltersControl();
};

void tst_FrameDecoder::decodesRealFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("control");
    QTest::addColumn<QString>("payload");

    using P = FrameDecoder::Protocol;
    // Engine.IO: the open packet of socket.io 4.8 (first poll), the probe, the upgrade.
    QTest::addRow("open") << QByteArray("0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}")
                          << int(P::EngineIo) << "open" << true
                          << "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}";
    QTest::addRow("probe") << QByteArray("2probe") << int(P::EngineIo) << "ping" << true << "probe";
    QTest::addRow("probe answer") << QByteArray("3probe") << int(P::EngineIo) << "pong" << true << "probe";
    // Socket.IO inside Engine.IO message packets.
    QTest::addRow("connect") << QByteArray("40") << int(P::SocketIo) << "CONNECT" << true << "";
    QTest::addRow("connect auth") << QByteArray("40/secure,{\"token\":\"letmein\"}") << int(P::SocketIo) << "CONNECT /secure" << true
                                  << "{\"token\":\"letmein\"}";
    QTest::addRow("connected") << QByteArray("40{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}") << int(P::SocketIo) << "CONNECT" << true
                               << "{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}";
    QTest::addRow("connect error") << QByteArray("44/secure,{\"message\":\"invalid token\"}") << int(P::SocketIo)
                                   << "CONNECT_ERROR /secure" << true << "invalid token";
    QTest::addRow("event") << QByteArray("42[\"chat\",{\"text\":\"hi\",\"from\":1}]") << int(P::SocketIo) << "EVENT \"chat\"" << false
                           << "[{\"from\":1,\"text\":\"hi\"}]";
    QTest::addRow("event with ack id") << QByteArray("420[\"echo\",\"x\",2]") << int(P::SocketIo) << "EVENT \"echo\" (id 0)" << false
                                       << "[\"x\",2]";
    QTest::addRow("ack") << QByteArray("433[{\"room\":\"a\"}]") << int(P::SocketIo) << "ACK 3" << false << "[{\"room\":\"a\"}]";
    QTest::addRow("binary event") << QByteArray("451-[\"binary\",{\"_placeholder\":true,\"num\":0},{\"n\":1}]") << int(P::SocketIo)
                                  << "BINARY_EVENT \"binary\" +1 bin" << false << "[{\"_placeholder\":true,\"num\":0},{\"n\":1}]";
    QTest::addRow("disconnect") << QByteArray("41") << int(P::SocketIo) << "DISCONNECT" << true << "";
    // graphql-ws (graphql-transport-ws) as graphql-ws 6 writes it.
    QTest::addRow("connection_init") << QByteArray("{\"type\":\"connection_init\",\"payload\":{\"token\":\"t\"}}") << int(P::GraphQlWs)
                                     << "connection_init" << true << "{\"token\":\"t\"}";
    QTest::addRow("connection_ack") << QByteArray("{\"type\":\"connection_ack\"}") << int(P::GraphQlWs) << "connection_ack" << true << "";
    QTest::addRow("subscribe") << QByteArray("{\"id\":\"s1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { ticks(every: 50) { n } }\"}}")
                               << int(P::GraphQlWs) << "subscribe s1" << false << "{\"query\":\"subscription { ticks(every: 50) { n } }\"}";
    QTest::addRow("next") << QByteArray("{\"id\":\"s1\",\"type\":\"next\",\"payload\":{\"data\":{\"ticks\":{\"n\":3}}}}") << int(P::GraphQlWs)
                          << "next s1" << false << "{\"data\":{\"ticks\":{\"n\":3}}}";
    QTest::addRow("error") << QByteArray("{\"id\":\"q1\",\"type\":\"error\",\"payload\":[{\"message\":\"Cannot query field \\\"nope\\\" on type \\\"Query\\\".\"}]}")
                           << int(P::GraphQlWs) << "error q1" << false << "[{\"message\":\"Cannot query field \\\"nope\\\" on type \\\"Query\\\".\"}]";
    QTest::addRow("complete") << QByteArray("{\"id\":\"s1\",\"type\":\"complete\"}") << int(P::GraphQlWs) << "complete s1" << true << "";
}

void tst_FrameDecoder::decodesRealFrames()
{
    QFETCH(QByteArray, frame);
    QFETCH(int, protocol);
    QFETCH(QString, type);
    QFETCH(bool, control);
    QFETCH(QString, payload);
    const FrameDecoder::Result result = FrameDecoder::decode(frame);
    QCOMPARE(int(result.protocol), protocol);
    QCOMPARE(result.type, type);
    QCOMPARE(result.control, control);
    QCOMPARE(result.payload, payload);
}

void tst_FrameDecoder::leavesOtherFramesAlone_data()
{
    QTest::addColumn<QByteArray>("frame");
    // The embedded server's envelopes, an echo server's text, JSON that is not graphql-ws.
    QTest::addRow("envelope") << QByteArray("{\"type\":\"chat.message\",\"channel\":\"general\",\"payload\":{\"text\":\"hi\"}}");
    QTest::addRow("error envelope") << QByteArray("{\"type\":\"error\",\"payload\":{\"message\":\"bad\"}}");
    QTest::addRow("text") << QByteArray("hello");
    QTest::addRow("number") << QByteArray("42");
    QTest::addRow("digits and text") << QByteArray("4hello");
    QTest::addRow("bad open") << QByteArray("0{\"hello\":1}");
    QTest::addRow("array") << QByteArray("[1,2,3]");
    QTest::addRow("empty") << QByteArray();
}

void tst_FrameDecoder::leavesOtherFramesAlone()
{
    QFETCH(QByteArray, frame);
    QVERIFY(!FrameDecoder::decode(frame).isDecoded());
}

void tst_FrameDecoder::ambiguousFramesNeedAKnownConnection()
{
    using P = FrameDecoder::Protocol;
    for (const char *frame : {"2", "3", "6", "5", "1"})
        QVERIFY2(!FrameDecoder::decode(frame).isDecoded(), frame);
    QCOMPARE(FrameDecoder::decode("2", P::EngineIo).type, QStringLiteral("ping"));
    QCOMPARE(FrameDecoder::decode("3", P::EngineIo).type, QStringLiteral("pong"));
    QCOMPARE(FrameDecoder::decode("5", P::EngineIo).type, QStringLiteral("upgrade"));
    QCOMPARE(FrameDecoder::decode("6", P::EngineIo).type, QStringLiteral("noop"));
    QCOMPARE(FrameDecoder::decode("1", P::EngineIo).type, QStringLiteral("close"));
    QVERIFY(FrameDecoder::decode("2", P::EngineIo).control);
    // An Engine.IO message that is not Socket.IO: plain data of the session.
    QCOMPARE(FrameDecoder::decodeEngineIo("4hello").type, QStringLiteral("message"));
    QCOMPARE(FrameDecoder::decodeEngineIo("4hello").payload, QStringLiteral("hello"));
    // graphql-ws's ping and pong are ordinary envelope types elsewhere.
    QVERIFY(!FrameDecoder::decode("{\"type\":\"ping\"}").isDecoded());
    QCOMPARE(FrameDecoder::decode("{\"type\":\"ping\"}", P::GraphQlWs).type, QStringLiteral("ping"));
    QCOMPARE(FrameDecoder::decodeGraphQlWs("{\"type\":\"pong\"}").type, QStringLiteral("pong"));
}

namespace {

FrameRecord record(quint64 connection, FrameRecord::Direction direction, const QByteArray &payload, const QString &type = {})
{
    static quint64 seq = 0;
    FrameRecord frame;
    frame.seq = ++seq;
    frame.wallMs = 1'700'000'000'000;
    frame.connectionId = connection;
    frame.connectionLabel = QStringLiteral("chat #%1").arg(connection);
    frame.side = FrameRecord::Side::Client;
    frame.direction = direction;
    frame.payload = payload;
    frame.size = payload.size();
    frame.type = type; // what the tap reads from a JSON object's "type"
    return frame;
}

} // namespace

void tst_FrameDecoder::tableShowsDecodedTypesAndFiltersControl()
{
    using D = FrameRecord::Direction;
    FrameTableModel model;
    std::vector<FrameRecord> frames;
    // Connection 1 speaks Socket.IO: after its open packet, "2" and "3" are the heartbeat.
    frames.push_back(record(1, D::ServerToClient, "0{\"sid\":\"a\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000}"));
    frames.push_back(record(1, D::ClientToServer, "40"));
    frames.push_back(record(1, D::ServerToClient, "40{\"sid\":\"b\"}"));
    frames.push_back(record(1, D::ServerToClient, "2"));
    frames.push_back(record(1, D::ClientToServer, "3"));
    frames.push_back(record(1, D::ClientToServer, "421[\"echo\",{\"text\":\"hi\"}]"));
    frames.push_back(record(1, D::ServerToClient, "431[{\"text\":\"hi\"}]"));
    // Connection 2 is an echo server's: its "2" stays text.
    frames.push_back(record(2, D::ClientToServer, "2"));
    // Connection 3 speaks graphql-ws; connection 4 sends the embedded server's envelopes.
    frames.push_back(record(3, D::ClientToServer, "{\"type\":\"connection_init\"}", QStringLiteral("connection_init")));
    frames.push_back(record(3, D::ServerToClient, "{\"type\":\"connection_ack\"}", QStringLiteral("connection_ack")));
    frames.push_back(record(3, D::ServerToClient, "{\"type\":\"ping\"}", QStringLiteral("ping")));
    frames.push_back(record(3, D::ServerToClient, "{\"id\":\"s1\",\"type\":\"next\",\"payload\":{\"data\":{\"ticks\":{\"n\":1}}}}", QStringLiteral("next")));
    frames.push_back(record(4, D::ServerToClient, "{\"type\":\"ping\",\"channel\":\"general\"}", QStringLiteral("ping")));
    model.append(std::move(frames));
    QCOMPARE(model.rowCount(), 13);

    const auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(cell(0, FrameTableModel::ProtocolColumn), QStringLiteral("Engine.IO"));
    QCOMPARE(cell(0, FrameTableModel::TypeColumn), QStringLiteral("open"));
    QCOMPARE(cell(0, FrameTableModel::KindColumn), FrameDecoder::kindName(true));
    QCOMPARE(cell(2, FrameTableModel::TypeColumn), QStringLiteral("CONNECT"));
    QCOMPARE(cell(2, FrameTableModel::ProtocolColumn), QStringLiteral("Socket.IO"));
    QCOMPARE(cell(3, FrameTableModel::TypeColumn), QStringLiteral("ping"));
    QCOMPARE(cell(4, FrameTableModel::TypeColumn), QStringLiteral("pong"));
    QCOMPARE(cell(5, FrameTableModel::TypeColumn), QStringLiteral("EVENT \"echo\" (id 1)"));
    QCOMPARE(cell(5, FrameTableModel::KindColumn), FrameDecoder::kindName(false));
    QCOMPARE(cell(5, FrameTableModel::PreviewColumn), QStringLiteral("[{\"text\":\"hi\"}]"));
    QCOMPARE(cell(6, FrameTableModel::TypeColumn), QStringLiteral("ACK 1"));
    QCOMPARE(cell(7, FrameTableModel::TypeColumn), QString());
    QCOMPARE(cell(7, FrameTableModel::ProtocolColumn), QStringLiteral("WS"));
    QCOMPARE(cell(7, FrameTableModel::PreviewColumn), QStringLiteral("2"));
    QCOMPARE(cell(8, FrameTableModel::ProtocolColumn), QStringLiteral("graphql-ws"));
    QCOMPARE(cell(10, FrameTableModel::TypeColumn), QStringLiteral("ping"));
    QCOMPARE(cell(10, FrameTableModel::KindColumn), FrameDecoder::kindName(true));
    QCOMPARE(cell(11, FrameTableModel::TypeColumn), QStringLiteral("next s1"));
    QCOMPARE(cell(11, FrameTableModel::PreviewColumn), QStringLiteral("{\"data\":{\"ticks\":{\"n\":1}}}"));
    // The envelope's "ping" is the embedded server's own type, not graphql-ws.
    QCOMPARE(cell(12, FrameTableModel::ProtocolColumn), QStringLiteral("WS"));
    QCOMPARE(cell(12, FrameTableModel::KindColumn), QString());
    QVERIFY(model.types().contains(QStringLiteral("EVENT \"echo\"")));
    QVERIFY(model.types().contains(QStringLiteral("ACK")));

    // Data only: the events, the ack, the echo's text, next and the envelope stay.
    FrameFilter dataOnly;
    dataOnly.setDataOnly(true);
    QVERIFY(model.setFilter(dataOnly));
    model.finishFiltering();
    QCOMPARE(model.rowCount(), 5);
    QStringList types;
    for (int row = 0; row < model.rowCount(); ++row)
        types << cell(row, FrameTableModel::TypeColumn);
    QCOMPARE(types, (QStringList{QStringLiteral("EVENT \"echo\" (id 1)"), QStringLiteral("ACK 1"), QString(),
                                 QStringLiteral("next s1"), QStringLiteral("ping")}));

    // The type filter knows decoded types without their ids.
    FrameFilter acks;
    acks.setType(QStringLiteral("ACK"));
    QVERIFY(model.setFilter(acks));
    model.finishFiltering();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(0, FrameTableModel::TypeColumn), QStringLiteral("ACK 1"));

    // Text search finds the decoded type too.
    FrameFilter text;
    text.setText(QStringLiteral("EVENT \"echo\""), false);
    QVERIFY(model.setFilter(text));
    model.finishFiltering();
    QCOMPARE(model.rowCount(), 1);

    // Export carries what was decoded.
    const QJsonObject exported = QJsonDocument::fromJson(model.rowsAsJsonLines({0}).trimmed()).object();
    const QJsonObject decoded = exported.value(QStringLiteral("decoded")).toObject();
    QCOMPARE(decoded.value(QStringLiteral("protocol")).toString(), QStringLiteral("Socket.IO"));
    QCOMPARE(decoded.value(QStringLiteral("type")).toString(), QStringLiteral("EVENT \"echo\" (id 1)"));
    QCOMPARE(decoded.value(QStringLiteral("payload")).toString(), QStringLiteral("[{\"text\":\"hi\"}]"));
}

QTEST_MAIN(tst_FrameDecoder)
#include "tst_framedecoder.moc"
