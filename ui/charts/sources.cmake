# ui/charts: the live charts of a run (issue 4): multi-resolution buffers, time charts with
# markers and hover values, the latency histogram, and the panel that holds them.
target_sources(socketscope_ui PRIVATE
    charts/chartpanel.cpp charts/chartpanel.h
    charts/charttheme.cpp charts/charttheme.h
    charts/chartview.cpp charts/chartview.h
    charts/latencyhistogramchart.cpp charts/latencyhistogramchart.h
    charts/livechart.cpp charts/livechart.h
    charts/markeroverlay.cpp charts/markeroverlay.h
    charts/timeseriesbuffer.cpp charts/timeseriesbuffer.h
)
