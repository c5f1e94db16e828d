#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Turns a fuzz input into what one side of a WebSocket connection writes after the opening
// handshake, for fuzz_wsserver (client frames, masked) and fuzz_wsclient (server frames,
// unmasked). Most inputs become a sequence of frames that are well formed enough to get past the
// first header check (so the fuzzer reaches fragmentation, control frames between fragments,
// UTF-8 across fragments, close codes, the size limits and the JSON envelopes behind them), with
// one deliberate violation at a time: a reserved bit, the wrong masking, a non-minimal length, a
// declared length with no payload behind it. Some inputs are written as raw bytes.
//
// The input is read front to back, one byte per decision, so that the seed corpus can be written
// by hand (the seeds in tests/fuzz/corpus/fuzz_ws*/ are). Layout:
//   byte 0            mode: bits 0-1 kind (0 raw: the rest is written as is), bits 2-3 ending
//                     (Ending), bit 4 one write per frame (else all at once), bit 5 the first
//                     frames go out with the handshake's last bytes (fuzz_wsclient) or a resume
//                     query (fuzz_wsserver), bits 6-7 free for the target
//   per frame:  A     opcode = A & 0x0F, FIN unless A & 0x10, A >> 5: 0-3 nothing odd, 4 RSV1,
//                     5 RSV2+RSV3, 6 the other side's masking, 7 a non-minimal length form
//               B     payload: B >> 5 selects the kind (Payload), B & 0x1F a length or table index
//               ...   bytes the payload kind reads (a length byte, raw bytes)
class FuzzFrameScript
{
public:
    enum class Side { Client, Server }; // who writes the frames: a client masks them (RFC 6455 5.3)
    enum class Ending {
        CloseFrame,      // a Close frame (1000) after the frames
        HalfClose,       // the writer shuts down its sending side (TCP FIN)
        CloseAndHalfClose,
        Ping,            // a Ping with endPingPayload: the reader's Pong says it read everything
                         // before it, and the connection stays open (then is dropped without a Close)
    };
    static const QByteArrayView endPingPayload;
    enum class Payload {
        Raw = 0,         // B & 0x1F bytes of the input
        Raw2 = 1,        // (B & 0x1F) * 8 + next byte bytes of the input (up to 503)
        Large = 2,       // (B & 0x1F) * 2048 + next byte * 16 bytes of a repeated input byte (up to
                         // 67,568: past a 64 KiB limit); one per input, later ones modulo 256
        Unbacked = 3,    // a declared length from a table with no payload behind it; the script ends
        CloseBody = 4,   // a close code from a table (B & 0x1F) and a reason of (next byte & 0x7F) input bytes
        Envelope = 5,    // a JSON envelope template (B & 0x1F) filled with (next byte & 0x3F) input bytes
        Utf8 = 6,        // an interesting UTF-8 (or not quite) sequence from a table (B & 0x1F)
        Fragmented = 7,  // an envelope or UTF-8 sample (B & 0x1F) cut into 2-5 frames at input positions,
                         // a ping between fragments when the next byte's bit 7 is set
    };

    FuzzFrameScript(QByteArrayView input, Side side);

    bool isRaw() const { return m_raw; }
    Ending ending() const { return m_ending; }
    bool writePerFrame() const { return m_writePerFrame; }
    bool flag5() const { return m_flag5; }
    quint8 targetBits() const { return m_targetBits; } // mode bits 6-7
    // The script stops inside a frame (an Unbacked length): the ending's frame is payload, so
    // only a FIN (or a limit the reader enforces) ends the connection.
    bool endsMidFrame() const { return m_endsMidFrame; }
    // One entry per frame (raw: one entry); the Close frame of the ending included.
    const QList<QByteArray> &chunks() const { return m_chunks; }
    QByteArray bytes() const;

    // A frame as `side` writes it (masked when a client writes it, unless `wrongMasking`).
    static QByteArray frame(Side side, quint8 firstByte, QByteArrayView payload, quint32 maskKey,
                            bool wrongMasking = false, bool nonMinimalLength = false);
    static QByteArray closeFrame(Side side, quint16 code);

private:
    quint8 next();
    QByteArrayView take(qsizetype n);
    void addFrame(quint8 a, QByteArrayView payload, bool wrongMasking, bool nonMinimal, quint8 rsv);
    QByteArray envelope(quint8 index, QByteArrayView fill) const;

    QByteArrayView m_input;
    qsizetype m_pos = 0;
    Side m_side;
    bool m_raw = false;
    Ending m_ending = Ending::CloseFrame;
    bool m_writePerFrame = false;
    bool m_flag5 = false;
    bool m_endsMidFrame = false;
    quint8 m_targetBits = 0;
    quint32 m_maskKey = 0x37fa213d;
    QList<QByteArray> m_chunks;
};
