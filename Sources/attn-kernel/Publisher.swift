import AttnLang
import CZMQ
import Foundation

/// What a running cell sends, in order, to the kernel's main thread, which owns the Jupyter
/// sockets and forwards each message (libzmq sockets are not shared between threads). The
/// first frame names where it goes: `iopub`, `shell`, or `done` when the cell has finished.
///
/// Printed text is gathered and sent as one `stream` message at most every `streamInterval`
/// seconds (as ipykernel does), so a loop printing a line at a time does not flood the front
/// end; a figure, an error or the end of the cell sends what is gathered first.
final class Publisher {
    static let streamInterval = 0.05

    private let socket: ZMQSocket
    private let signer: MessageSigner
    private let session: String
    private let parent: WireMessage
    private let lock = NSLock()
    private var pendingText = ""
    private var pendingSince = 0.0

    init(socket: ZMQSocket, signer: MessageSigner, session: String, parent: WireMessage) {
        self.socket = socket
        self.signer = signer
        self.session = session
        self.parent = parent
    }

    /// Sends an iopub message (text gathered so far goes first).
    func publish(_ type: String, _ content: JSONObject) {
        lock.lock()
        defer { lock.unlock() }
        sendPendingText()
        send("iopub", Self.iopub(type, content, session: session, parent: parent))
    }

    /// Sends the `execute_reply` on the shell channel, to the client that asked.
    func reply(_ content: JSONObject) {
        lock.lock()
        defer { lock.unlock() }
        sendPendingText()
        send("shell", WireMessage(type: "execute_reply", session: session, content: content, parent: parent))
    }

    /// Gathers printed text; sends it when the last send is older than `streamInterval`.
    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if pendingText.isEmpty { pendingSince = Self.now() }
        pendingText += text
        if Self.now() - pendingSince >= Self.streamInterval { sendPendingText() }
    }

    /// Called by the kernel's timer: sends gathered text that has waited long enough, so
    /// a print before a long computation shows while it runs.
    func flushIfDue() {
        lock.lock()
        defer { lock.unlock() }
        if !pendingText.isEmpty && Self.now() - pendingSince >= Self.streamInterval { sendPendingText() }
    }

    /// Tells the main thread the cell is over (after every message it sent).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        sendPendingText()
        socket.send([Array("done".utf8)], wait: true)
    }

    /// An iopub message; its topic frame (where a ROUTER reply has identities) is its type.
    static func iopub(_ type: String, _ content: JSONObject, session: String, parent: WireMessage?) -> WireMessage {
        var message = WireMessage(type: type, session: session, content: content, parent: parent)
        message.identities = [Array(type.utf8)]
        return message
    }

    private func sendPendingText() {
        guard !pendingText.isEmpty else { return }
        let text = pendingText
        pendingText = ""
        send("iopub", Self.iopub("stream", ["name": "stdout", "text": text], session: session, parent: parent))
    }

    private func send(_ channel: String, _ message: WireMessage) {
        guard let frames = message.frames(signer: signer) else { return }
        var tagged: [[UInt8]] = [Array(channel.utf8)]
        tagged.append(contentsOf: frames)
        socket.send(tagged, wait: true)
    }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
