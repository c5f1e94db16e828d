#pragma once

#include "inspect/framedecoder.h"
#include "inspect/framerecord.h"

#include <QRegularExpression>
#include <QString>

// What the inspector's table shows: frames whose text contains a string (or matches a regular
// expression), of one type (exact, or a prefix written "chat.*"), of one connection, in one
// direction, data only or control frames too. Text is searched in the type, channel, connection
// label and the message itself, case-insensitively. A frame the FrameDecoder read (Socket.IO,
// graphql-ws) is matched by its decoded type too (`EVENT "chat"`, "next"), and "data only" hides
// its control packets (heartbeats, CONNECT, connection_init ...). A plain value; compiled once,
// then matched against up to 100,000 rows.
class FrameFilter
{
public:
    enum class DirectionFilter { Both, ClientToServer, ServerToClient };

    FrameFilter() = default;

    void setText(const QString &text, bool regularExpression);
    void setType(const QString &type);
    void setConnection(quint64 connectionId); // 0: every connection
    void setDirection(DirectionFilter direction);
    // True: frames decoded as control packets (FrameDecoder::Result::control) are hidden.
    void setDataOnly(bool dataOnly);

    QString text() const { return m_text; }
    bool isRegularExpression() const { return m_regex; }
    QString type() const { return m_type; }
    quint64 connection() const { return m_connection; }
    DirectionFilter direction() const { return m_direction; }
    bool isDataOnly() const { return m_dataOnly; }

    // False when the regular expression does not compile; errorString() says where and why.
    bool isValid() const;
    QString errorString() const;
    bool isEmpty() const;
    // `decoded` is what FrameDecoder made of the frame (the table keeps it beside the frame).
    bool matches(const FrameRecord &frame, const FrameDecoder::Result &decoded = {}) const;

    bool operator==(const FrameFilter &other) const;

private:
    bool textMatches(const FrameRecord &frame, const FrameDecoder::Result &decoded) const;

    QString m_text;
    bool m_regex = false;
    QRegularExpression m_expression;
    QByteArray m_textLatin1;     // the needle when it is plain ASCII (the fast path)
    QString m_type;
    bool m_typeIsPrefix = false;
    quint64 m_connection = 0;
    DirectionFilter m_direction = DirectionFilter::Both;
    bool m_dataOnly = false;
};
