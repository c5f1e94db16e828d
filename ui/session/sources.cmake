# ui/session: what the window runs (the embedded server it hosts, the scenario run) and how the
# tool itself is doing; no widgets.
target_sources(socketscope_ui PRIVATE
    session/embeddedserverhost.cpp session/embeddedserverhost.h
    session/eventlooplagprobe.cpp session/eventlooplagprobe.h
    session/runsession.cpp session/runsession.h
    session/serverconfigsettings.cpp session/serverconfigsettings.h
    session/timelinemarker.h
    session/toolhealth.cpp session/toolhealth.h
)
