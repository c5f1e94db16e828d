# ui/panels: the server panel, fault controls and the scenario editor (simulator panel).
target_sources(socketscope_ui PRIVATE
    panels/faultpanel.cpp panels/faultpanel.h
    panels/groupitemdelegate.cpp panels/groupitemdelegate.h
    panels/grouptablemodel.cpp panels/grouptablemodel.h
    panels/jsontextedit.cpp panels/jsontextedit.h
    panels/scenariodocument.cpp panels/scenariodocument.h
    panels/serverpanel.cpp panels/serverpanel.h
    panels/simulatorpanel.cpp panels/simulatorpanel.h
)
