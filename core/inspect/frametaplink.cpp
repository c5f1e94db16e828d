#include "inspect/frametaplink.h"

#include "inspect/frametap.h"

FrameTapLink::~FrameTapLink()
{
    attach(nullptr);
}

void FrameTapLink::attach(std::shared_ptr<FrameTap> tap)
{
    if (tap == m_tap)
        return;
    if (m_tap) {
        m_tap->removeLink(this);
        // A producer thread may have read the old pointer a moment ago: keep that tap alive
        // as long as this link (taps are few; replacing one is rare).
        m_retired.push_back(std::move(m_tap));
    }
    m_tap = std::move(tap);
    if (m_tap)
        m_tap->addLink(this);
}
