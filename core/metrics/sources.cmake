# core/metrics: histogram, per-thread recorders, aggregator, reports.
target_sources(socketscope_core PRIVATE
    metrics/metricssnapshot.cpp metrics/metricssnapshot.h
    metrics/recorder.cpp metrics/recorder.h
)
