# core/delivery: per-sender delivery accounting against any server (docs/scenarios.md).
target_sources(socketscope_core PRIVATE
    delivery/deliveryledger.h
    delivery/deliveryreconciler.cpp delivery/deliveryreconciler.h
    delivery/intervalset.cpp delivery/intervalset.h
    delivery/pendingrequests.cpp delivery/pendingrequests.h
    delivery/receiverlog.cpp delivery/receiverlog.h
    delivery/senderlog.h
)
