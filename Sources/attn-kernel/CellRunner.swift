import AttnLang
import CZMQ
import Foundation

/// Runs execute requests one at a time on a thread of its own, so the main thread keeps
/// answering the control channel (interrupt, shutdown) and the heartbeat while a cell runs.
/// A cell is one REPL entry in the one session the kernel keeps.
final class CellRunner {
    let session = Session()
    /// Cells run with `store_history`; shown as `In [N]` and used as history line numbers.
    private(set) var executionCount = 0
    private(set) var history = CellHistory()

    private let context: ZMQContext
    private let signer: MessageSigner
    private let sessionID: String
    private let condition = NSCondition()
    private var queue: [WireMessage] = []
    private var running: Publisher?

    init(context: ZMQContext, signer: MessageSigner, sessionID: String) {
        self.context = context
        self.signer = signer
        self.sessionID = sessionID
    }

    func start() {
        let worker = Thread { [self] in
            while true { run(next()) }
        }
        worker.start()
        let timer = Thread { [self] in
            while true {
                usleep(25_000)
                condition.lock()
                let publisher = running
                condition.unlock()
                publisher?.flushIfDue()
            }
        }
        timer.start()
    }

    /// Queues an `execute_request`; the main thread hears `done` on the outbox when it is over.
    func submit(_ request: WireMessage) {
        condition.lock()
        queue.append(request)
        condition.signal()
        condition.unlock()
    }

    private func next() -> WireMessage {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        return queue.removeFirst()
    }

    /// One socket per cell, closed when it is over, so that nothing of this thread's stays
    /// open when the kernel shuts down.
    @inline(never)
    private func run(_ request: WireMessage) {
        let socket: ZMQSocket
        do {
            socket = try ZMQSocket(context, type: ZMQ_PUSH)
            try socket.connect(Kernel.outboxEndpoint)
        } catch {
            Log.warn("cannot run a cell: \(error)")
            return
        }
        let out = Publisher(socket: socket, signer: signer, session: sessionID, parent: request)
        condition.lock()
        running = out
        condition.unlock()
        execute(request, out)
        condition.lock()
        running = nil
        condition.unlock()
        out.publish("status", ["execution_state": "idle"])
        out.finish()
    }

    @inline(never)
    private func execute(_ request: WireMessage, _ out: Publisher) {
        let code = request.content["code"] as? String ?? ""
        let silent = request.content["silent"] as? Bool ?? false
        let storeHistory = !silent && (request.content["store_history"] as? Bool ?? true)
        if storeHistory { executionCount += 1 }
        let count = executionCount
        if !silent { out.publish("execute_input", ["code": code, "execution_count": count]) }

        let cell = CellOutcome.run(code, in: session, name: "In[\(count)]") { item in
            if !silent { show(item, out) }
        }
        if !silent {
            if let value = cell.value {
                out.publish("execute_result", ["execution_count": count, "data": Self.bundle(value), "metadata": [:] as JSONObject])
            }
        }
        if storeHistory { history.append(line: count, input: code, output: cell.value?.text) }
        guard cell.errors.isEmpty else {
            var content = Self.errorContent(cell.errors)
            if !silent { out.publish("error", content) }
            content["status"] = "error"
            content["execution_count"] = count
            out.reply(content)
            return
        }
        var payload: [JSONObject] = []
        if let page = cell.page {
            let data: JSONObject = ["text/plain": page]
            payload.append(["source": "page", "data": data, "start": 0])
        }
        out.reply(["status": "ok", "execution_count": count, "payload": payload, "user_expressions": [:] as JSONObject])
    }

    /// Text streams on stdout; a figure is display data with its SVG and its text form.
    private func show(_ item: DisplayItem, _ out: Publisher) {
        switch item {
        case .text(let text):
            out.write(text + "\n")
        case .figure:
            out.publish("display_data", ["data": Self.bundle(item), "metadata": [:] as JSONObject])
        }
    }

    /// A shown item as a Jupyter MIME bundle: text is `text/plain`; a figure adds its SVG.
    static func bundle(_ item: DisplayItem) -> JSONObject {
        switch item {
        case .text(let text): return ["text/plain": text]
        case .figure(let figure): return ["image/svg+xml": figure.svg, "text/plain": figure.text]
        }
    }

    /// Jupyter's error fields: the first diagnostic's message, and every diagnostic, as
    /// the REPL prints them, for the traceback (one string per line).
    static func errorContent(_ errors: [Diagnostic]) -> JSONObject {
        let lines = errors.flatMap { $0.rendered().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        let message: String = errors.first?.message ?? ""
        return ["ename": "Error", "evalue": message, "traceback": lines]
    }
}
