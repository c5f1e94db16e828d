# core/har: browser recordings (HAR 1.2 files from Chrome's or Firefox's DevTools) turned into
# scenarios that replay their WebSocket connections (`socketscope import-har`).
target_sources(socketscope_core PRIVATE
    har/credentialguess.cpp har/credentialguess.h
    har/credentialscrubber.cpp har/credentialscrubber.h
    har/graphqloperation.cpp har/graphqloperation.h
    har/graphqlwsrecordingimport.cpp har/graphqlwsrecordingimport.h
    har/harerror.cpp har/harerror.h
    har/harimporter.cpp har/harimporter.h
    har/harreader.cpp har/harreader.h
    har/harrecording.cpp har/harrecording.h
    har/importnotes.cpp har/importnotes.h
    har/recordedsocketiopacket.cpp har/recordedsocketiopacket.h
    har/scriptclock.cpp har/scriptclock.h
    har/socketiorecordingimport.cpp har/socketiorecordingimport.h
    har/templatetext.cpp har/templatetext.h
    har/urltext.cpp har/urltext.h
    har/wsrecordingimport.cpp har/wsrecordingimport.h
)
