#pragma once

#include <QtGlobal>

#include <array>

struct ClientCounters;

// Delivery verification for one subscriber on one channel: every channel message carries the
// channel's sequence number (docs/server.md), so a subscriber can tell, from the numbers alone,
// what it missed, what it got twice and what came late. One per simulated client (per channel),
// used on the client's thread only.
//
// A gap counts its missing numbers as lost at once (so loss shows while it happens) and remembers
// them; when one arrives later (a sync/since replay, a resend) it is out of order and the loss is
// taken back. The memory is a fixed window of the last `Window` numbers below the highest seen
// (a bitmap, 512 bytes): a missing number that falls out of the window stays lost for good, and a
// number older than the window can no longer be judged: it is counted out of order (it is lower
// than one already seen) and changes no loss.
class SequenceTracker
{
public:
    static constexpr quint64 Window = 4096;

    enum class Observation {
        First,        // the first number, with no baseline: it starts the count
        InOrder,      // the next expected number
        Gap,          // higher than expected: the numbers in between are counted lost
        Duplicate,    // already received (or from before the baseline)
        OutOfOrder,   // a missing number arriving late: the loss is taken back
        TooOld,       // older than the window: counted out of order, loss unchanged
    };

    struct Counts
    {
        quint64 received = 0;   // every observe()
        quint64 lost = 0;       // missing now (gaps minus late arrivals)
        quint64 duplicated = 0;
        quint64 outOfOrder = 0;
        quint64 resets = 0;
        bool operator==(const Counts &) const = default;
    };

    // The channel's newest number when this subscriber joined (WS session.welcome payload.latest,
    // the first poll's "last"): the next message should be latest + 1, and anything up to latest
    // is not this subscriber's loss. Call it on a join that does not resume; a later call (a new
    // session without resume) skips ahead without counting the skipped numbers lost, and a latest
    // below what was already seen means the channel's numbering began again: the count starts over.
    void setBaseline(quint64 latest);

    Observation observe(quint64 seq);

    // The server no longer holds what followed lastSeen() (WS sync.reset, SSE event: reset, poll
    // "reset":true, each with oldest and latest): it sends from `oldest` on (0: it holds nothing,
    // the next is latest + 1). The numbers skipped up to there are explained by the reset and not
    // counted lost; losses already counted stay counted. A latest below lastSeen() means the
    // channel began again: the window is cleared and the count starts over at `oldest`.
    void reset(quint64 oldest, quint64 latest);

    // Where to resume after a reconnect (WS sync since / ?since=, SSE Last-Event-ID, poll since):
    // the highest number seen, or the baseline. Gaps below it are not asked for again; they are
    // only recovered if they arrive anyway.
    quint64 lastSeen() const { return m_highest; }
    bool hasPosition() const { return m_started; }
    // Numbers within the window that are missing right now.
    quint64 missingInWindow() const;

    const Counts &counts() const { return m_counts; }

    // Adds what changed since the last call into a thread's interval counters (ClientCounters of
    // the Recorder), but not messagesReceived: the client counts that itself (echo replies carry
    // no sequence number). duplicated, outOfOrder and resets only grow. Loss can shrink (a late
    // arrival): the shrink is taken off `into.lost` as far as it goes and the rest is carried to
    // the next call, so the counters never go below zero and their sum over a run is this
    // tracker's final loss (plus any carry still pending at the end).
    void addTo(ClientCounters &into);

private:
    bool isMissing(quint64 seq) const;
    void setMissing(quint64 seq, bool missing);
    // Moves the highest number to `highest` (above the current one); the numbers passed over are
    // marked missing or not.
    void advanceTo(quint64 highest, bool markMissing);
    void startOver(quint64 highest);

    bool m_started = false;
    quint64 m_highest = 0;
    std::array<quint64, Window / 64> m_missing{}; // bit (seq % Window): seq is missing
    Counts m_counts;
    Counts m_reported;          // what addTo() has added so far (net)
};
