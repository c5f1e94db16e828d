# ui/session: what the window runs (the embedded server it hosts, the scenario run), no widgets.
target_sources(socketscope_ui PRIVATE
    session/embeddedserverhost.cpp session/embeddedserverhost.h
    session/runsession.cpp session/runsession.h
    session/timelinemarker.h
)
