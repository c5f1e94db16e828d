#pragma once

#include "scenario/scenario.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// Where the simulated clients connect, resolved once per run from the scenario's target (or
// `--target`): the WebSocket and HTTP base URLs of one server, with what every request carries.
struct SimTarget
{
    QUrl webSocketBase;            // ws:// or wss://, path "/" unless the target named one
    QUrl httpBase;                 // http:// or https://
    QString token;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool acceptSelfSignedCertificates = false;
    bool embedded = false;
    // A random tag for this run's messages: latency is computed only from payloads stamped by
    // this process, whose send times come from the same monotonic clock as the receive times.
    QByteArray runTag;

    // False for the empty target fromUrl() returns when the URL is not usable.
    bool isValid() const { return webSocketBase.isValid(); }

    // Resolves `url` (ws, wss, http, https); on failure returns an empty target and sets *error.
    static SimTarget fromUrl(const QUrl &url, QString *error);
    static SimTarget embeddedServer(quint16 port);

    // The URL a client of `group` connects to, with channel, token and extra query items.
    QUrl urlFor(const scenario::Group &group, const QString &channel,
                const QList<QPair<QString, QString>> &query = {}) const;
};
