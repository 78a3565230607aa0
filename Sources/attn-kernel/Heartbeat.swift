import CZMQ
import Foundation

/// Jupyter's heartbeat: every message on the heartbeat socket is sent straight back, by
/// libzmq's proxy on a thread of its own, so a long cell never looks like a dead kernel.
enum Heartbeat {
    static func start(context: ZMQContext, endpoint: String) throws {
        let socket = try ZMQSocket(context, type: ZMQ_ROUTER)
        socket.set(ZMQ_LINGER, Int32(0))
        try socket.bind(endpoint)
        Thread {
            // Returns only when the context is terminated (shutdown).
            zmq_proxy(socket.handle, socket.handle, nil)
            socket.close()
        }.start()
    }
}
