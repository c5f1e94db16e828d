#pragma once

#include <functional>
#include <string>
#include <string_view>

// The event-stream interpretation of WHATWG HTML section 9.2.6, fed incrementally with the
// decoded response body. Calls the handler once per dispatched event.
class SseEventParser
{
public:
    struct Event
    {
        std::string_view type;        // "message" when the stream named none
        std::string_view data;        // without the final LF
        std::string_view lastEventId; // the stream's last event ID at dispatch
    };
    using Handler = std::function<void(const Event &)>;

    explicit SseEventParser(Handler handler);

    void feed(std::string_view bytes);

private:
    void processLine(std::string_view line);
    void dispatch();

    Handler m_handler;
    std::string m_partialLine;
    bool m_skipLf = false; // the last chunk ended in CR: a following LF belongs to it
    std::string m_data;
    std::string m_type;
    std::string m_lastEventId;
};
