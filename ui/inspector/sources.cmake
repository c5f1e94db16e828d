# ui/inspector: the message inspector (issue 4): the frame table model, its filter, the panel.
target_sources(socketscope_ui PRIVATE
    inspector/framefilter.cpp inspector/framefilter.h
    inspector/frametablemodel.cpp inspector/frametablemodel.h
    inspector/inspectorpanel.cpp inspector/inspectorpanel.h
)
