// libzmq's C API (Debian's libzmq3-dev). None of the calls the kernel makes is variadic, so
// Swift calls them directly.
#include <zmq.h>
