# core/staging: a staged cluster on one machine - several `socketscope serve` processes, a private
# broker (Redis or NATS) and nginx in front - started as child processes that die with SocketScope.
target_sources(socketscope_core PRIVATE
    staging/childprocess.cpp staging/childprocess.h
    staging/instancefleet.cpp staging/instancefleet.h
    staging/loopbackport.cpp staging/loopbackport.h
    staging/nginxproxy.cpp staging/nginxproxy.h
    staging/portprobe.cpp staging/portprobe.h
    staging/privatebroker.cpp staging/privatebroker.h
    staging/stagedcluster.cpp staging/stagedcluster.h
    staging/waitforsignal.h
)
