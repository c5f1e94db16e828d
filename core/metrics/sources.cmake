# core/metrics: histogram, per-thread recorders, aggregator, reports.
target_sources(socketscope_core PRIVATE
    metrics/aggregator.cpp metrics/aggregator.h
    metrics/metricssnapshot.cpp metrics/metricssnapshot.h
    metrics/processcpu.cpp metrics/processcpu.h
    metrics/recorder.cpp metrics/recorder.h
    metrics/runreport.cpp metrics/runreport.h
    metrics/runtimeline.cpp metrics/runtimeline.h
    metrics/thresholdevaluator.cpp metrics/thresholdevaluator.h
)
