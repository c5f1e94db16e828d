// libFuzzer target: SocketScope's own WebSocket client (WsClientConnection: the opening
// handshake's response, WsFrameReader, pings, the closing handshake, failing the connection)
// reached through a real loopback TCP connection. An in-process listener plays the server: it
// answers the client's handshake with a valid 101, then writes the frames FuzzFrameScript makes
// of the input (server frames, unmasked) or the raw bytes, and ends the connection as the input
// says (a Close frame, FIN, RST, or a Ping whose Pong is followed by FIN or RST). Checked beyond
// "no crash":
// - the session opens (the 101 is valid) and then ends in exactly one closed() with a code a
//   peer may send, 1005 or 1006, and nothing after it; failed() never comes after a valid 101;
// - every text message handed on is valid UTF-8 (RFC 6455 8.1);
// - every frame the client writes is masked (RFC 6455 5.1), has no RSV bit, a control frame
//   carries at most 125 bytes (5.5) and nothing follows its Close (5.5.1);
// - the client ends within a bound once the peer closed or sent a Close (no hang).
#include "fuzzflags.h"
#include "fuzzframescript.h"

#include "sim/wsclientconnection.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStringDecoder>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtEndian>

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

using namespace std::chrono_literals;

namespace {

constexpr auto closeGrace = 20ms;  // the client's wait for our half of the close handshake
constexpr int endBoundMs = 3000;   // after the peer closed or sent a Close: the client must end
constexpr int quietBoundMs = 20;   // waiting for the Pong to the Ping ending (none when the
                                   // script stopped mid-frame); then we stop the session

QTcpServer *listener = nullptr;
quint64 inputs = 0;
quint64 quietEnds = 0;

[[noreturn]] void fail(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "fuzz_wsclient: %s\n", what);
    if (!detail.isEmpty())
        std::fprintf(stderr, "  %s\n", detail.left(512).toHex(' ').constData());
    std::abort();
}

// The server's side of one session: answers the handshake, writes the script, reads and checks
// what the client writes back.
class Peer
{
public:
    Peer(QTcpSocket *socket, const FuzzFrameScript &script)
        : m_socket(socket)
        , m_script(script)
    {
    }

    void onReadyRead()
    {
        m_in += m_socket->readAll();
        if (!m_answered) {
            const qsizetype headEnd = m_in.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            answer(m_in.left(headEnd + 2));
            m_in.remove(0, headEnd + 4);
        }
        readClientFrames();
    }

    bool doneWriting() const { return m_doneWriting; }
    bool mustEnd() const { return m_closed || m_closeSent; }
    // Called when doneWriting() or mustEnd() may have changed.
    std::function<void()> changed;

private:
    void answer(const QByteArray &head)
    {
        m_answered = true;
        // RFC 6455 4.2.2: Sec-WebSocket-Accept = base64(SHA-1(key + GUID)).
        QByteArray key;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith("sec-websocket-key:"))
                key = line.mid(18).trimmed();
        }
        if (key.isEmpty())
            fail("the client's handshake has no Sec-WebSocket-Key", head);
        const QByteArray accept = QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                                           QCryptographicHash::Sha1).toBase64();
        const QByteArray response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                    "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n";
        if (m_script.targetBits() == 2) {
            // The head in two reads, cut inside a header line.
            m_socket->write(response.left(40));
            m_socket->flush();
            m_socket->write(response.mid(40));
        } else {
            m_socket->write(response);
        }
        if (m_script.flag5() && !m_script.chunks().isEmpty()) {
            // The first frame in the same segment as the head (as servers send a welcome).
            m_socket->write(m_script.chunks().first());
            m_next = 1;
        }
        m_socket->flush();
        writeNext();
    }

    void writeNext()
    {
        const QList<QByteArray> &chunks = m_script.chunks();
        if (m_script.writePerFrame()) {
            if (m_next < chunks.size()) {
                m_socket->write(chunks.at(m_next++));
                m_socket->flush();
                // One frame per event-loop pass, so the client reads them apart.
                QTimer::singleShot(0, m_socket, [this] { writeNext(); });
                return;
            }
        } else {
            for (; m_next < chunks.size(); ++m_next)
                m_socket->write(chunks.at(m_next));
            m_socket->flush();
        }
        m_closeSent = !m_script.isRaw() && !m_script.endsMidFrame() && (m_script.ending() == FuzzFrameScript::Ending::CloseFrame
                                            || m_script.ending() == FuzzFrameScript::Ending::CloseAndHalfClose);
        m_doneWriting = true;
        if (m_script.isRaw() || m_script.ending() == FuzzFrameScript::Ending::HalfClose
            || m_script.ending() == FuzzFrameScript::Ending::CloseAndHalfClose || m_endPongReceived)
            endConnection();
        changed();
    }

    void endConnection()
    {
        if (m_closed)
            return;
        m_closed = true;
        if (m_script.targetBits() == 1) {
            m_socket->abort(); // RST
        } else {
            m_socket->flush();
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR); // FIN, still reading
        }
        changed();
    }

    void readClientFrames()
    {
        for (;;) {
            if (m_in.size() < 2)
                return;
            const quint8 b0 = quint8(m_in[0]);
            const quint8 b1 = quint8(m_in[1]);
            if (!(b1 & 0x80))
                fail("the client sent an unmasked frame (RFC 6455 5.1)", m_in);
            if (b0 & 0x70)
                fail("the client set an RSV bit", m_in);
            quint64 length = b1 & 0x7F;
            qsizetype offset = 2;
            if (length == 126) {
                if (m_in.size() < 4)
                    return;
                length = qFromBigEndian<quint16>(m_in.constData() + 2);
                offset = 4;
            } else if (length == 127) {
                if (m_in.size() < 10)
                    return;
                length = qFromBigEndian<quint64>(m_in.constData() + 2);
                offset = 10;
            }
            const quint8 opcode = b0 & 0x0F;
            if (opcode >= 0x8 && (length > 125 || !(b0 & 0x80)))
                fail("the client sent a control frame longer than 125 bytes or fragmented (RFC 6455 5.5)", m_in);
            if (length > quint64(1) << 20)
                fail("the client sent an unexpectedly large frame", m_in.left(16));
            if (quint64(m_in.size()) < quint64(offset) + 4 + length)
                return;
            if (m_clientClosed)
                fail("the client sent a frame after its Close (RFC 6455 5.5.1)", m_in);
            QByteArray payload = m_in.mid(offset + 4, qsizetype(length));
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = char(payload[i] ^ m_in[offset + (i % 4)]);
            m_in.remove(0, offset + 4 + qsizetype(length));
            if (opcode == 0x8) {
                m_clientClosed = true;
                if (payload.size() == 1)
                    fail("the client sent a Close with a 1-byte body (RFC 6455 5.5.1)");
                if (payload.size() >= 2) {
                    const quint16 code = qFromBigEndian<quint16>(payload.constData());
                    if (!WsFrameReader::isValidCloseCode(code)) {
                        std::fprintf(stderr, "close code %u\n", unsigned(code));
                        fail("the client sent a Close with a code no peer may send (RFC 6455 7.4)");
                    }
                }
                // RFC 6455 7.1.1: the server closes the TCP connection once the closing
                // handshake is done (or, when the client started it, after answering; the
                // client's reading of what we sent before is what is fuzzed, not our answer).
                endConnection();
            } else if (opcode == 0xA) {
                // The Pong to the Ping ending: the client read everything before it; now the
                // connection ends without a Close (FIN or RST), and the client must notice.
                if (payload == FuzzFrameScript::endPingPayload) {
                    m_endPongReceived = true;
                    if (m_doneWriting)
                        endConnection();
                }
            } else {
                std::fprintf(stderr, "opcode %u\n", unsigned(opcode));
                fail("the client sent a frame other than Pong or Close");
            }
        }
    }

    QTcpSocket *m_socket;
    const FuzzFrameScript &m_script;
    QByteArray m_in;
    bool m_answered = false;
    bool m_doneWriting = false;
    bool m_endPongReceived = false;
    qsizetype m_next = 0;
    bool m_closeSent = false;     // our Close went out
    bool m_closed = false;        // we ended the TCP connection
    bool m_clientClosed = false;  // the client's Close arrived
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    addDefaultFuzzerFlag(argc, argv, "-detect_leaks=0");
    static int qtArgc = 1;
    new QCoreApplication(qtArgc, *argv);
    listener = new QTcpServer;
    if (!listener->listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "fuzz_wsclient: cannot listen: %s\n", qPrintable(listener->errorString()));
        std::abort();
    }
    std::atexit([] {
        std::fprintf(stderr, "fuzz_wsclient: %llu inputs; %llu stopped after %d ms without a reason to end "
                             "(no Pong to the Ping ending, or the script stopped mid-frame)\n",
                     (unsigned long long)inputs, (unsigned long long)quietEnds, quietBoundMs);
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    ++inputs;
    const FuzzFrameScript script(QByteArrayView(reinterpret_cast<const char *>(bytes), qsizetype(size)),
                                 FuzzFrameScript::Side::Server);
    QEventLoop loop;
    QTimer bound;
    bound.setSingleShot(true);
    QObject::connect(&bound, &QTimer::timeout, &loop, &QEventLoop::quit);

    std::unique_ptr<Peer> peer;
    QTcpSocket *peerSocket = nullptr;
    const QMetaObject::Connection accepted = QObject::connect(listener, &QTcpServer::newConnection, &loop, [&] {
        while (QTcpSocket *socket = listener->nextPendingConnection()) {
            if (peer) {
                delete socket; // not ours (cannot happen: one connection per input)
                continue;
            }
            peerSocket = socket;
            peer = std::make_unique<Peer>(socket, script);
            peer->changed = [&loop] { loop.quit(); };
            QObject::connect(socket, &QIODevice::readyRead, &loop, [&] { peer->onReadyRead(); });
        }
    });

    WsClientConnection client;
    bool opened = false;
    int endings = 0;
    quint16 closeCode = 0;
    QString failure;
    QObject::connect(&client, &WsClientConnection::opened, &loop, [&] {
        if (opened || endings)
            fail("opened() twice or after the end");
        opened = true;
    });
    QObject::connect(&client, &WsClientConnection::failed, &loop, [&](const QString &error) {
        ++endings;
        failure = error;
        loop.quit();
    });
    QObject::connect(&client, &WsClientConnection::closed, &loop, [&](quint16 code, const QString &) {
        ++endings;
        closeCode = code;
        loop.quit();
    });
    QObject::connect(&client, &WsClientConnection::textMessageReceived, &loop, [&](const QByteArray &utf8) {
        if (endings)
            fail("a message after the end");
        QStringDecoder decoder(QStringDecoder::Utf8);
        (void)decoder.decode(utf8);
        if (decoder.hasError())
            fail("a text message that is not valid UTF-8 was handed on", utf8);
    });
    QObject::connect(&client, &WsClientConnection::binaryMessageReceived, &loop, [&] {
        if (endings)
            fail("a message after the end");
    });

    WsClientConnection::Options options;
    options.closeGrace = closeGrace;
    options.maxMessageBytes = 64 * 1024;
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/fuzz").arg(listener->serverPort())), options);

    // Until the client ends. Each phase has its bound: the handshake and our writes must
    // complete; once the peer closed or sent a Close, the client must end; otherwise the session
    // may legitimately stay open waiting for more, and we stop it after the quiet bound.
    enum Phase { Writing, Quiet, MustEnd };
    int phase = -1;
    QElapsedTimer inPhase;
    while (!endings) {
        const Phase now = !peer || !peer->doneWriting() ? Writing : peer->mustEnd() ? MustEnd : Quiet;
        if (now != phase) {
            phase = now;
            inPhase.start();
        }
        const qint64 left = (phase == Quiet ? quietBoundMs : endBoundMs) - inPhase.elapsed();
        if (left <= 0) {
            if (phase == Quiet) {
                ++quietEnds;
                break;
            }
            std::fprintf(stderr, "client state %d\n", int(client.state()));
            fail(phase == Writing ? "the handshake and the writes did not complete"
                                  : "the client did not end after the peer closed or sent a Close");
        }
        bound.start(int(left));
        loop.exec();
    }
    QObject::disconnect(accepted);
    if (endings) {
        // A reset may overtake the 101 (the kernel drops what the client has not read yet);
        // otherwise a valid 101 opens the session.
        if (!failure.isEmpty() && (opened || script.targetBits() != 1))
            fail(qPrintable(QStringLiteral("failed() after a valid 101: %1").arg(failure)));
        if (failure.isEmpty() && !opened)
            fail("closed() without opened()");
        if (endings != 1)
            fail("more than one end");
        if (client.state() != WsClientConnection::State::Unconnected)
            fail("ended but not Unconnected");
        if (closeCode != 1005 && closeCode != 1006 && !WsFrameReader::isValidCloseCode(closeCode)) {
            std::fprintf(stderr, "close code %u\n", unsigned(closeCode));
            fail("closed() with a code no peer may send");
        }
    }
    client.abort();
    delete peerSocket;
    peer.reset();
    // The client discards its socket with deleteLater(); free it now, outside any event loop.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    return 0;
}
