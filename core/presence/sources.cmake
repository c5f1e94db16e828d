# core/presence: who is connected to each channel, by user (docs/server.md, "Presence").
# PresenceDirectory is the small interface the server uses; LocalPresence keeps it for one
# instance, BrokerPresence keeps it in the broker for all instances joined by it.
target_sources(socketscope_core PRIVATE
    presence/brokerpresence.cpp presence/brokerpresence.h
    presence/localpresence.cpp presence/localpresence.h
    presence/presencedirectory.cpp presence/presencedirectory.h
    presence/presencetable.cpp presence/presencetable.h
)
