#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <deque>

// The head of one HTTP/1.x response: status line and header fields as received.
struct HttpResponseHead
{
    QByteArray version;        // "HTTP/1.1"
    int status = 0;
    QByteArray reason;
    QList<QPair<QByteArray, QByteArray>> fields; // names as sent, values without surrounding OWS

    // RFC 9110 5.1: field names are case-insensitive. RFC 9110 5.3: repeated fields combine into
    // one comma-separated list, in order. Empty when absent.
    QByteArray value(QByteArrayView name) const;
    bool contains(QByteArrayView name) const;
    // Whether a comma-separated list field (Connection, Transfer-Encoding) holds `token`,
    // compared case-insensitively.
    bool hasToken(QByteArrayView name, QByteArrayView token) const;
};

// An incremental, strict HTTP/1.1 response parser (RFC 9112) for the simulated SSE, long-poll and
// publish clients: feed() the bytes as they arrive, then call readNext() until it says NeedMore.
// It yields the head, then the body in pieces as they arrive (Content-Length, chunked, or read
// until the connection closes), then Complete; the bytes after a complete response start the
// next one, so keep-alive and pipelined responses follow each other on one reader.
// Written by hand because Debian 12 packages no llhttp (nor any other HTTP/1 parser library
// that Qt does not keep private). One per connection, owned by HttpClientConnection.
class HttpResponseReader
{
public:
    struct Limits
    {
        qsizetype maxHeadBytes = 64 * 1024;      // status line + fields + blank line; also trailers
        int maxFieldCount = 256;
        qsizetype maxChunkLineBytes = 4096;      // chunk-size line, extensions included
    };

    enum class Token {
        NeedMore,   // nothing more to say until more bytes arrive (or finish())
        Head,       // head() holds the new response's head
        Body,       // body() holds the next piece of the body (never empty)
        Complete,   // the response ended; a following response may start
        Error,      // errorString() says why; the reader stays in error (close the connection)
    };

    // How the body's end is found (RFC 9112 6.3).
    enum class Framing { NoBody, ContentLength, Chunked, UntilClose };

    HttpResponseReader() = default;
    explicit HttpResponseReader(const Limits &limits) : m_limits(limits) {}

    // The method of each request sent, in order: a response to HEAD has no body (RFC 9112 6.3
    // rule 1). Without an entry the response is read as one to GET.
    void expectResponseTo(QByteArrayView method);
    // The request asked to switch protocols (RFC 9110 7.8, a WebSocket opening handshake): a
    // 101 response is then final, readNext() hands out its head and the reader stops there;
    // takeUpgradedBytes() returns what followed the head, the new protocol's first bytes.
    // Without this call a 101 is an error.
    void expectUpgrade() { m_upgradeExpected = true; }
    bool isUpgraded() const { return m_state == State::Upgraded; }
    QByteArray takeUpgradedBytes();

    void feed(QByteArrayView bytes);
    // The connection closed: ends a read-until-close body; inside any other response it is an error.
    void finish();

    Token readNext();

    const HttpResponseHead &head() const { return m_head; }
    const QByteArray &body() const { return m_body; }
    Framing framing() const { return m_framing; }
    qint64 contentLength() const { return m_framing == Framing::ContentLength ? m_contentLength : -1; }
    // Whether the connection can carry another response after this one (RFC 9112 9.3).
    bool isKeepAlive() const { return m_keepAlive; }
    bool hasError() const { return m_state == State::Error; }
    QString errorString() const { return m_error; }
    // No response is under way and nothing is buffered.
    bool isIdle() const { return m_state == State::Head && m_pos == m_buffer.size(); }
    qsizetype bufferedBytes() const { return m_buffer.size() - m_pos; }
    // 1xx interim responses (RFC 9110 15.2) read and skipped so far.
    int interimResponses() const { return m_interim; }

private:
    enum class State { Head, BodyStart, Length, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose, Done, Upgraded, Error };

    Token fail(const QString &message);
    Token parseHead(qsizetype end);
    bool chooseFraming(QString *error);
    // The next line ending in LF from m_pos (CR before the LF removed), or nothing yet.
    bool takeLine(qsizetype limit, QByteArrayView *line, bool *tooLong);
    void consume(qsizetype n);

    Limits m_limits;
    QByteArray m_buffer;
    qsizetype m_pos = 0;          // first unread byte of m_buffer
    qsizetype m_scanned = 0;      // head: bytes after m_pos already searched for its end
    bool m_eof = false;
    State m_state = State::Head;
    std::deque<bool> m_requestIsHead;
    bool m_currentIsHead = false;
    HttpResponseHead m_head;
    QByteArray m_body;
    Framing m_framing = Framing::NoBody;
    qint64 m_contentLength = 0;
    qint64 m_remaining = 0;       // of the Content-Length body or the current chunk
    qsizetype m_trailerBytes = 0;
    bool m_keepAlive = true;
    int m_interim = 0;
    bool m_upgradeExpected = false;
    QString m_error;
};
