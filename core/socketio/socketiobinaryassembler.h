#pragma once

#include "socketiopacket.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

// Puts a BINARY_EVENT or BINARY_ACK back together with its attachments (Socket.IO protocol
// revision 5, "Packet encoding": the packet's text, with a {"_placeholder":true,"num":k} where
// each binary object was, "+ binary attachments extracted", sent as the next binary Engine.IO
// messages, in order). One per Socket.IO connection, owned by the simulated client that reads it.
//
// The simulator measures traffic, it does not keep the bytes: in the packet it hands back each
// placeholder is replaced by {"binary": <byte length of attachment k>}, and the attachments
// themselves are dropped once counted.
//
// Every Socket.IO packet the connection reads goes through addPacket() and every binary
// Engine.IO message through addAttachment(), so that the reconstruction rules of the reference
// parser (socket.io-parser's Decoder) hold: a text packet while attachments are still awaited
// is an error ("got plaintext data when reconstructing a packet"), and so is a binary message
// when none are ("got binary data when not reconstructing a packet"). Bounded: at most
// maxAttachments per packet and maxAttachmentBytes for a packet's attachments together.
class SocketIoBinaryAssembler
{
public:
    static constexpr int maxAttachments = 256;

    struct Result
    {
        enum class Status {
            Pending,  // attachments are still to come
            Complete, // packet holds the whole packet
            Failed,   // error says why; the assembler has started over
        };
        Status status = Status::Pending;
        SocketIoPacket packet;      // Complete: placeholders replaced by {"binary": N}
        qint64 attachmentBytes = 0; // Complete: the packet's attachments together, in bytes
        QString error;              // Failed
    };

    explicit SocketIoBinaryAssembler(qint64 maxAttachmentBytes) : m_maxAttachmentBytes(maxAttachmentBytes) {}

    // A packet read from a text message. Any but a binary one is complete as it is; a binary one
    // is complete once its attachments have arrived (at once when it has none). Its placeholders
    // are checked here: each must name an attachment the packet has (0 <= num < attachments).
    Result addPacket(SocketIoPacket packet);
    // A binary Engine.IO message: the next attachment of the packet being assembled.
    Result addAttachment(QByteArrayView bytes);

    bool isAssembling() const { return m_pending.has_value(); }
    // Attachments still awaited by the packet being assembled.
    int attachmentsAwaited() const { return m_pending ? m_pending->attachments - int(m_sizes.size()) : 0; }
    qint64 maxAttachmentBytes() const { return m_maxAttachmentBytes; }

    // Drops a packet being assembled (the connection closed, or the caller gave up on it).
    void reset();

private:
    Result fail(const QString &message);
    Result complete();

    qint64 m_maxAttachmentBytes;
    std::optional<SocketIoPacket> m_pending;
    QList<qint64> m_sizes;   // byte length of each attachment received so far
    qint64 m_totalBytes = 0;
};
