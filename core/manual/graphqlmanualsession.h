#pragma once

#include "manual/manualsession.h"
#include "sim/httpresponsereader.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <QUrl>

#include <optional>

class WsClientConnection;
struct GraphQlWsMessage;

// One GraphQL over WebSocket session for the manual client (graphql-ws PROTOCOL.md, WebSocket
// subprotocol graphql-transport-ws): the WebSocket handshake, connection_init with the user's
// payload, connection_ack, then operations, each with a fresh id: subscribe (a query, mutation
// or subscription with variables and an operation name), next results, error, complete from
// either side; ping answered with pong, and a ping of our own with its round trip. The close
// codes of the protocol are reported with their meaning (4403 Forbidden ...).
// Every text frame in and out is logged with its decoded type ("connection_ack", "next 2").
class GraphQlManualSession : public ManualSession
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl url;                                  // ws:// or wss://
        std::optional<QJsonObject> connectionInitPayload;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool ignoreCertificateErrors = false;
    };

    struct Operation
    {
        enum class Status { Running, Completed, Failed, Cancelled };
        QString id;
        QString operationName;
        QString query;
        Status status = Status::Running;
        int results = 0;          // next messages
        QJsonValue lastPayload;   // the last next's payload, or error's errors
        double firstResultMs = -1; // time from subscribe to the first next (or error)
        qint64 startedNs = 0;
    };

    explicit GraphQlManualSession(QObject *parent = nullptr);
    ~GraphQlManualSession() override;

    // Empty when the URL can be opened (ws:// or wss:// with a host), otherwise why not.
    static QString checkUrl(const QUrl &url);
    static QString statusName(Operation::Status status);

    bool open(const Options &options);
    bool reconnect() override;
    // Completes the running operations, then closes the WebSocket with 1000.
    void close() override;
    void abort() override;

    // PROTOCOL.md "Subscribe": a new operation; returns its id, or empty (and an Error frame)
    // when the session is not acknowledged yet or the query is empty. `variables` may be empty.
    QString subscribe(const QString &query, const QJsonObject &variables, const QString &operationName);
    // PROTOCOL.md "Complete" from the client: stops a running operation.
    bool complete(const QString &id);
    // PROTOCOL.md "Ping": the pong's round trip is logged.
    bool ping();

    bool isAcknowledged() const { return m_acknowledged; }
    const QList<Operation> &operations() const { return m_operations; }
    const Operation *operation(const QString &id) const;
    // The subprotocol the server chose (graphql-transport-ws when it speaks the protocol).
    QString subprotocol() const;
    QByteArray requestHead() const { return m_requestHead; }
    const Options &options() const { return m_options; }

Q_SIGNALS:
    void handshakeRequestSent(const QByteArray &requestHead);
    void handshakeResponseReceived(const HttpResponseHead &head, qint64 elapsedMs);
    // connection_ack arrived: operations may start.
    void acknowledged(const QJsonValue &payload);
    // An operation started, got a result, failed or completed (look it up with operation()).
    void operationChanged(const QString &id);
    void nextReceived(const QString &id, const QJsonValue &payload);
    // The WebSocket ended: its close code and reason, and the protocol's meaning of the code
    // ("Forbidden" for 4403; empty for codes the protocol does not name).
    void closed(quint16 code, const QString &reason, const QString &meaning);

private:
    void start();
    bool sendMessage(const GraphQlWsMessage &message);
    void onText(const QByteArray &text);
    void onMessage(const GraphQlWsMessage &message);
    void onClosed(quint16 code, const QString &reason);
    void finishOperation(const QString &id, Operation::Status status);
    void dropConnection();
    Operation *find(const QString &id);

    WsClientConnection *m_ws = nullptr;
    Options m_options;
    bool m_hasOptions = false;
    bool m_acknowledged = false;
    bool m_closeRequested = false;
    QByteArray m_requestHead;
    QList<Operation> m_operations;
    quint64 m_nextId = 1;
    QElapsedTimer m_clock;
    QElapsedTimer m_handshakeTimer;
    QList<qint64> m_pings;       // m_clock nanoseconds of our pings without a pong yet
};
