#pragma once

#include <QtGlobal>

// Free ports on 127.0.0.1 for programs that cannot be told "port 0" and report the port they
// got (Redis, NATS and nginx all need a number). The port is free when this returns; another
// process may take it before the child binds it, so callers retry with a new one when the child
// says "address already in use".
namespace LoopbackPort {

// A port the kernel would hand out for 127.0.0.1:0 right now; 0 if none could be bound.
quint16 pickFree();

} // namespace LoopbackPort
