# core/sim: simulated clients and the pools that run them.
target_sources(socketscope_core PRIVATE
    sim/clientpool.cpp sim/clientpool.h
    sim/httpsimclient.cpp sim/httpsimclient.h
    sim/pollsimclient.cpp sim/pollsimclient.h
    sim/publishsimclient.cpp sim/publishsimclient.h
    sim/simclient.cpp sim/simclient.h
    sim/simtarget.cpp sim/simtarget.h
    sim/ssesimclient.cpp sim/ssesimclient.h
    sim/stalledsimclient.cpp sim/stalledsimclient.h
    sim/timerqueue.cpp sim/timerqueue.h
    sim/transportoutcome.cpp sim/transportoutcome.h
    sim/wssimclient.cpp sim/wssimclient.h
    sim/wsclientconnection.cpp sim/wsclientconnection.h
    sim/clientsocket.cpp sim/clientsocket.h
    sim/httpclientconnection.cpp sim/httpclientconnection.h
    sim/httpresponsereader.cpp sim/httpresponsereader.h
    sim/reconnectpolicy.cpp sim/reconnectpolicy.h
    sim/sequencetracker.cpp sim/sequencetracker.h
    sim/sessionlength.cpp sim/sessionlength.h
    sim/splitmix64.h
    sim/socketiosimclient.cpp sim/socketiosimclient.h
    sim/graphqlwssimclient.cpp sim/graphqlwssimclient.h
)
