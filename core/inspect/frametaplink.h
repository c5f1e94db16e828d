#pragma once

#include <QtGlobal>

#include <atomic>
#include <memory>
#include <vector>

class FrameTap;

// Where a producer (the server's context, a client pool) reaches the inspector's FrameTap.
// active() is the whole per-frame cost while the inspector is off: one relaxed atomic load that
// reads null; the tap stores itself here only while it samples.
// Owned by the producer side; the tap (and any tap it replaced) stays alive as long as the link,
// so a thread that has just read the pointer can still use it.
class FrameTapLink
{
public:
    FrameTapLink() = default;
    ~FrameTapLink();
    Q_DISABLE_COPY_MOVE(FrameTapLink)

    // Attaches `tap` (nullptr detaches). Any thread; usually the owner's.
    void attach(std::shared_ptr<FrameTap> tap);
    std::shared_ptr<FrameTap> tap() const { return m_tap; }

    FrameTap *active() const noexcept { return m_active.load(std::memory_order_relaxed); }

private:
    friend class FrameTap;

    std::atomic<FrameTap *> m_active{nullptr};
    std::shared_ptr<FrameTap> m_tap;
    std::vector<std::shared_ptr<FrameTap>> m_retired;
};
