# core/broker: the broker between several server instances (docs/server.md, "Several instances").
# Broker is the small interface the server uses; RedisBroker speaks to Redis through hiredis and
# the Qt adapter hiredis ships; NatsBroker speaks to NATS JetStream through libnats (the NATS C
# client); BrokerBridge joins a server's channels to a Broker.
# (Debian 12's HiredisConfigVersion.cmake does not parse, so the files are found directly.)
find_path(HIREDIS_INCLUDE_DIRS hiredis/adapters/qt.h)
find_library(HIREDIS_LIBRARIES hiredis)
if(NOT HIREDIS_INCLUDE_DIRS OR NOT HIREDIS_LIBRARIES)
    message(FATAL_ERROR "hiredis was not found: install libhiredis-dev (scripts/install-deps does)")
endif()
# hiredis/adapters/qt.h declares a QObject with slots; moc it like one of ours.
qt_wrap_cpp(socketscope_hiredis_adapter_moc ${HIREDIS_INCLUDE_DIRS}/hiredis/adapters/qt.h)
target_sources(socketscope_core PRIVATE
    broker/broker.cpp broker/broker.h
    broker/brokerbridge.cpp broker/brokerbridge.h
    broker/brokerstats.h
    broker/brokerurl.cpp broker/brokerurl.h
    broker/busmessage.cpp broker/busmessage.h
    broker/natsbroker.cpp broker/natsbroker.h
    broker/redisbroker.cpp broker/redisbroker.h
    ${socketscope_hiredis_adapter_moc}
)
target_include_directories(socketscope_core SYSTEM PRIVATE ${HIREDIS_INCLUDE_DIRS})
target_link_libraries(socketscope_core PRIVATE ${HIREDIS_LIBRARIES})
# The generated file sees hiredis' C headers with our warnings (flexible array members).
set_source_files_properties(${socketscope_hiredis_adapter_moc} PROPERTIES COMPILE_OPTIONS "-w")

# Debian 12's cnats CMake package cannot be used: it also imports libnats_static.a, which no
# package ships, and find_package() stops on the missing file. The shared library is found
# directly; it names its own dependencies (libprotobuf-c.so.1, OpenSSL), so nothing else is linked.
find_path(NATS_INCLUDE_DIRS nats/nats.h)
find_library(NATS_LIBRARIES nats)
if(NOT NATS_INCLUDE_DIRS OR NOT NATS_LIBRARIES)
    message(FATAL_ERROR "libnats (the NATS C client) was not found: install libnats-dev (scripts/install-deps does)")
endif()
target_include_directories(socketscope_core SYSTEM PRIVATE ${NATS_INCLUDE_DIRS})
target_link_libraries(socketscope_core PRIVATE ${NATS_LIBRARIES})
