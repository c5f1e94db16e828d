#include "sim/pollsimclient.h"

#include "sim/transportoutcome.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

void PollSimClient::openTransport()
{
    m_since = resumePoint();
    HttpSimClient::openTransport();
}

int PollSimClient::timeoutSeconds() const
{
    return int(std::ceil(double(group().pollTimeout.count()) / 1000.0));
}

void PollSimClient::onConnected()
{
    // Resuming: ask for what followed the last number seen. Fresh: learn the newest first.
    sendPoll(m_since, m_since ? timeoutSeconds() : 0);
}

void PollSimClient::sendPoll(std::optional<quint64> since, int timeout)
{
    QList<QPair<QString, QString>> query{{QStringLiteral("timeout"), QString::number(timeout)}};
    if (since)
        query.append({QStringLiteral("since"), QString::number(*since)});
    sendRequest("GET", url(query), {{"Accept", "application/json"}});
}

void PollSimClient::onResponseComplete(const QByteArray &body)
{
    tapFrame(FrameRecord::Direction::ServerToClient, FrameRecord::Protocol::Poll, body);
    if (status() != 200) {
        failSession(QStringLiteral("HTTP %1").arg(status()), TransportOutcome::forHttpStatus(status(), reason()));
        return;
    }
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    const quint64 last = quint64(answer.value(QLatin1String("last")).toInteger());
    if (state() == State::Connecting) {
        transportOpened();
        confirmSession(); // an answer of the long-poll protocol: this session is real
        if (!m_since)
            welcomed(last);
    }
    if (state() != State::Open)
        return;
    if (answer.value(QLatin1String("reset")).toBool()) {
        resetReceived(quint64(answer.value(QLatin1String("oldest")).toInteger()),
                      quint64(answer.value(QLatin1String("latest")).toInteger()));
    }
    const QJsonArray events = answer.value(QLatin1String("events")).toArray();
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        const QJsonValue seq = event.value(QLatin1String("seq"));
        messageReceived(seq.isDouble() ? std::optional<quint64>(quint64(seq.toInteger())) : std::nullopt,
                        event.value(QLatin1String("payload")).toObject(),
                        body.size() / std::max<qsizetype>(1, events.size()));
    }
    m_since = last;
    if (hasConnection())
        sendPoll(m_since, timeoutSeconds());
}
