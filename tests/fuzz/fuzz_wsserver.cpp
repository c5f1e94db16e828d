// libFuzzer target: the embedded server's WebSocket path (the listener's upgrade hand-off,
// QWebSocket's frame parser, WsSession, the envelope parser, echo / publish / sync) reached the
// way a client reaches it: through a real TCP connection to a real Server on 127.0.0.1.
//
// The Server runs for the whole fuzzing session on its own threads (1 worker, rate limit off).
// Per input: connect, upgrade, write the frames FuzzFrameScript makes of the input (or the raw
// bytes), answer the server's Close like a client would, and read until the server closes the
// connection or a short bound passes. Checked beyond "no crash":
// - the server answers the upgrade with 101 within a bound;
// - everything it sends back is valid server frames (unmasked, RFC 6455 5.1), its text messages
//   are JSON envelopes, and its Close frames carry a code a peer may send (RFC 6455 7.4);
// - every `healthEvery` inputs it still answers GET /healthz, and the WebSocket sessions of
//   earlier inputs are gone and it holds no channel but the four the inputs join (per-input
//   state is bounded), else abort(): a wedged or leaking server is a finding.
// FUZZ_TRACE=1 in the environment prints every input that took over 20 ms, with its phases.
#include "fuzzflags.h"
#include "fuzzframescript.h"

#include "protocol/envelope.h"
#include "protocol/wsframereader.h"
#include "server/channelhub.h"
#include "server/server.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// Per input: how long the server may take to close after the last write when it has been asked
// to (a Close frame, our FIN), and how long to wait for the Pong that ends a Ping ending.
constexpr int closeBoundMs = 1000;
constexpr int quietBoundMs = 20;
constexpr int handshakeBoundMs = 5000;
constexpr int healthEvery = 1000;

Server *server = nullptr;
quint16 port = 0;
quint64 inputs = 0;
quint64 quietEnds = 0;  // stopped after quietBoundMs: no Pong to the Ping ending, or the script stopped mid-frame
quint64 slowCloses = 0; // inputs after which it did not close within closeBoundMs although asked

[[noreturn]] void fail(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "fuzz_wsserver: %s\n", what);
    if (!detail.isEmpty())
        std::fprintf(stderr, "  %s\n", detail.left(512).toHex(' ').constData());
    std::abort();
}

qint64 nowMs()
{
    static QElapsedTimer clock = [] { QElapsedTimer t; t.start(); return t; }();
    return clock.elapsed();
}

// Waits until fd is readable (or writable) or `deadline` passes; false on timeout.
bool waitFor(int fd, short events, qint64 deadline);

int connectToServer()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        fail("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        // libFuzzer's -timeout runs on SIGALRM, which interrupts a blocking connect(); the
        // connection then completes in the background (connect(2): EINTR).
        int error = errno;
        if (error == EINTR) {
            socklen_t length = sizeof error;
            if (waitFor(fd, POLLOUT, nowMs() + handshakeBoundMs)
                && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
                error = errno;
        }
        if (error != 0) {
            std::fprintf(stderr, "connect: %s\n", std::strerror(error));
            fail("the server refused a connection");
        }
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// Sends all of `bytes` (a request: small, so the socket takes it at once), across EINTR.
bool sendAll(int fd, const QByteArray &bytes)
{
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
        if (n > 0)
            sent += n;
        else if (n < 0 && errno != EINTR)
            return false;
    }
    return true;
}

bool waitFor(int fd, short events, qint64 deadline)
{
    for (;;) {
        const qint64 left = deadline - nowMs();
        if (left <= 0)
            return false;
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, int(left));
        if (n > 0)
            return true;
        if (n < 0 && errno != EINTR)
            return false;
    }
}

// Reads what is there; 0 at the end of the stream, -1 on an error or nothing yet.
qsizetype readSome(int fd, QByteArray &into)
{
    char buffer[65536];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0)
        into.append(buffer, n);
    return n;
}

// The server's side of the conversation, checked as it arrives.
class ServerOutput
{
public:
    void feed(QByteArrayView bytes)
    {
        m_reader.feed(bytes);
        for (;;) {
            switch (m_reader.readNext()) {
            case WsFrameReader::Token::NeedMore:
                return;
            case WsFrameReader::Token::Text: {
                const Envelope::ParseResult parsed = Envelope::parseServerMessage(m_reader.payload());
                if (!parsed.envelope)
                    fail("the server sent a text message that is not an envelope", m_reader.payload());
                break;
            }
            case WsFrameReader::Token::Binary:
                fail("the server sent a binary message", m_reader.payload());
            case WsFrameReader::Token::Ping:
                break;
            case WsFrameReader::Token::Pong:
                if (m_reader.payload() == FuzzFrameScript::endPingPayload)
                    m_endPongReceived = true;
                break;
            case WsFrameReader::Token::Close:
                if (m_reader.closeCode() != 1005 && !WsFrameReader::isValidCloseCode(m_reader.closeCode())) {
                    std::fprintf(stderr, "close code %u\n", unsigned(m_reader.closeCode()));
                    fail("the server sent a Close frame with a code no peer may send");
                }
                m_closeReceived = true;
                return;
            case WsFrameReader::Token::Error:
                std::fprintf(stderr, "frame error %u: %s\n", unsigned(m_reader.errorCode()),
                             qPrintable(m_reader.errorString()));
                fail("the server sent an invalid frame");
            }
        }
    }
    bool closeReceived() const { return m_closeReceived; }
    bool endPongReceived() const { return m_endPongReceived; }

private:
    WsFrameReader m_reader;
    bool m_closeReceived = false;
    bool m_endPongReceived = false;
};

void checkHealth()
{
    // The sessions of earlier inputs end within the server's close grace (2 s) at the latest.
    const qint64 deadline = nowMs() + 10000;
    while (server->stats().openWebSocket > 0 && nowMs() < deadline) {
        QCoreApplication::processEvents();
        QThread::msleep(5);
    }
    if (server->stats().openWebSocket > 0) {
        std::fprintf(stderr, "%lld WebSocket sessions still open after %llu inputs\n",
                     (long long)server->stats().openWebSocket, (unsigned long long)inputs);
        fail("WebSocket sessions of finished inputs are not released");
    }
    // Inputs use channels fuzz-0 ... fuzz-3; nothing a client sends may create another.
    if (const int channels = server->hub()->channelCount(); channels > 4) {
        std::fprintf(stderr, "%d channels after %llu inputs: %s\n", channels, (unsigned long long)inputs,
                     qPrintable(server->hub()->channelNames().join(QLatin1Char(' '))));
        fail("the server holds channels no input asked for");
    }
    const int fd = connectToServer();
    const QByteArray request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (!sendAll(fd, request))
        fail("could not send GET /healthz");
    QByteArray reply;
    const qint64 replyDeadline = nowMs() + handshakeBoundMs;
    while (waitFor(fd, POLLIN, replyDeadline) && readSome(fd, reply) > 0) {
    }
    ::close(fd);
    if (!reply.startsWith("HTTP/1.1 200") || !reply.endsWith("\r\n\r\nok\n")) {
        std::fprintf(stderr, "after %llu inputs GET /healthz answered: %s\n", (unsigned long long)inputs,
                     reply.left(200).constData());
        fail("the server no longer answers GET /healthz");
    }
}

void stopServer()
{
    if (!server)
        return;
    std::fprintf(stderr, "fuzz_wsserver: %llu inputs; %llu stopped after %d ms without a reason to end "
                         "(no Pong to the Ping ending, or the script stopped mid-frame); "
                         "%llu connections not closed within %d ms when asked to\n",
                 (unsigned long long)inputs, (unsigned long long)quietEnds, quietBoundMs,
                 (unsigned long long)slowCloses, closeBoundMs);
    server->stopAndWait(std::chrono::seconds(5));
    delete server;
    server = nullptr;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    addDefaultFuzzerFlag(argc, argv, "-detect_leaks=0");
    static int qtArgc = 1;
    new QCoreApplication(qtArgc, *argv);
    ServerConfig config;
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.workers = 1;
    config.messagesPerSecond = 0; // the rate limit would make the verdict depend on timing
    server = new Server(config);
    if (!server->start()) {
        std::fprintf(stderr, "fuzz_wsserver: the server did not start: %s\n", qPrintable(server->errorString()));
        std::abort();
    }
    port = server->port();
    std::atexit(stopServer);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const FuzzFrameScript script(QByteArrayView(reinterpret_cast<const char *>(bytes), qsizetype(size)),
                                 FuzzFrameScript::Side::Client);
    if (inputs++ % healthEvery == 0)
        checkHealth();

    const qint64 t0 = nowMs();
    const int fd = connectToServer();
    // RFC 6455 4.1; the key is the RFC's own example. A few channels, sometimes resuming, so
    // that sync and replay see messages of earlier inputs (the replay buffer bounds them).
    QByteArray request = "GET /ws?channel=fuzz-" + QByteArray::number(script.targetBits());
    if (script.flag5())
        request += "&since=0";
    request += " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    if (!sendAll(fd, request))
        fail("could not send the upgrade request");

    QByteArray received;
    qsizetype headEnd = -1;
    const qint64 handshakeDeadline = nowMs() + handshakeBoundMs;
    while (headEnd < 0) {
        if (!waitFor(fd, POLLIN, handshakeDeadline) || readSome(fd, received) == 0)
            fail("the server did not answer the WebSocket upgrade", received);
        headEnd = received.indexOf("\r\n\r\n");
    }
    if (!received.startsWith("HTTP/1.1 101 "))
        fail("the server refused the WebSocket upgrade", received.left(headEnd));
    ServerOutput output;
    output.feed(QByteArrayView(received).sliced(headEnd + 4));
    const qint64 t1 = nowMs();

    // Write the frames, reading whatever comes back meanwhile (the server may answer each one,
    // and a peer that does not read can stall a writer).
    QByteArray pending = script.writePerFrame() ? QByteArray() : script.bytes();
    qsizetype chunk = 0;
    bool writeFailed = false;
    bool closeSent = !script.isRaw() && !script.endsMidFrame()
                  && (script.ending() == FuzzFrameScript::Ending::CloseFrame
                      || script.ending() == FuzzFrameScript::Ending::CloseAndHalfClose);
    bool eof = false;
    const qint64 writeDeadline = nowMs() + closeBoundMs;
    while (!writeFailed && !eof) {
        if (pending.isEmpty() && script.writePerFrame() && chunk < script.chunks().size())
            pending = script.chunks().at(chunk++);
        if (pending.isEmpty())
            break;
        pollfd p{fd, POLLIN | POLLOUT, 0};
        if (::poll(&p, 1, int(qMax<qint64>(0, writeDeadline - nowMs()))) <= 0)
            break; // the server stopped reading (as it may after its Close): stop writing
        if (p.revents & POLLIN) {
            QByteArray in;
            const qsizetype n = readSome(fd, in);
            if (n == 0)
                eof = true;
            output.feed(in);
        }
        if (p.revents & (POLLOUT | POLLERR | POLLHUP)) {
            const ssize_t n = ::send(fd, pending.constData(), size_t(pending.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0)
                pending.remove(0, n);
            else if (n < 0 && errno != EAGAIN && errno != EINTR)
                writeFailed = true; // reset by the server: fine, it may close at once on an error
        }
    }
    if (!writeFailed && (script.isRaw() || script.ending() == FuzzFrameScript::Ending::HalfClose
                         || script.ending() == FuzzFrameScript::Ending::CloseAndHalfClose))
        ::shutdown(fd, SHUT_WR);

    // Read until the server closes. Asked to close (our Close or FIN, or its own Close, which we
    // answer like a client), it must do so quickly. Otherwise (the Ping ending) its Pong says it
    // has read everything before it; without a Pong (we stopped in the middle of a frame) we stop
    // after a short bound. Either way we then drop the connection without a Close.
    const qint64 t2 = nowMs();
    const bool wantsPong = !script.isRaw() && script.ending() == FuzzFrameScript::Ending::Ping;
    const bool halfClosed = script.isRaw() || script.ending() == FuzzFrameScript::Ending::HalfClose
                         || script.ending() == FuzzFrameScript::Ending::CloseAndHalfClose;
    bool askedToClose = halfClosed || (script.ending() == FuzzFrameScript::Ending::CloseFrame && !script.endsMidFrame());
    qint64 deadline = nowMs() + (askedToClose ? closeBoundMs : quietBoundMs);
    while (!eof && !writeFailed && !(wantsPong && !askedToClose && output.endPongReceived())) {
        if (!waitFor(fd, POLLIN, deadline))
            break;
        QByteArray in;
        const qsizetype n = readSome(fd, in);
        if (n == 0)
            eof = true;
        else if (n < 0 && errno != EAGAIN && errno != EINTR)
            break; // reset
        output.feed(in);
        if (output.closeReceived() && !closeSent) {
            // RFC 6455 5.5.1: answer the server's Close; it then closes the TCP connection (7.1.1).
            const QByteArray close = FuzzFrameScript::closeFrame(FuzzFrameScript::Side::Client, 1000);
            ::send(fd, close.constData(), size_t(close.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            closeSent = true;
            askedToClose = true;
            deadline = nowMs() + closeBoundMs;
        }
    }
    if (!eof && !writeFailed && !(wantsPong && output.endPongReceived())) {
        // Not a failure by itself when asked (the machine may be busy), but it should be rare:
        // the summary says how often, and checkHealth() catches a wedged server.
        ++(askedToClose ? slowCloses : quietEnds);
    }
    ::close(fd);
    if (qEnvironmentVariableIsSet("FUZZ_TRACE") && nowMs() - t0 > 20)
        std::fprintf(stderr, "slow: handshake %lld write %lld read %lld raw %d ending %d eof %d wf %d pong %d close %d: %s\n",
                     t1 - t0, t2 - t1, nowMs() - t2, script.isRaw(), int(script.ending()), eof, writeFailed,
                     output.endPongReceived(), output.closeReceived(), script.bytes().left(40).toHex().constData());
    QCoreApplication::processEvents();
    return 0;
}
