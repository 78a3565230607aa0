import Foundation

/// The inputs of this kernel's cells (those run with `store_history`) for `history_request`.
/// Kept in memory only: a new kernel starts with an empty history, which Jupyter allows.
/// Entries are `[session, line, input]`, or `[session, line, [input, output]]` when outputs
/// are asked for; this kernel's session is always number 1.
struct CellHistory {
    static let session = 1

    private var entries: [(line: Int, input: String, output: String?)] = []

    mutating func append(line: Int, input: String, output: String?) {
        entries.append((line, input, output))
    }

    /// Answers a `history_request`'s content: `tail` (the last `n`), `range` (lines
    /// `start..<stop` of session 1 or 0, the current one) or `search` (a glob `pattern`,
    /// optionally `unique`, the last `n`).
    func reply(to request: JSONObject) -> [[Any]] {
        let output = request["output"] as? Bool ?? false
        var found: [(line: Int, input: String, output: String?)]
        switch request["hist_access_type"] as? String ?? "tail" {
        case "range":
            let session = request["session"] as? Int ?? 0
            guard session == 0 || session == Self.session else { return [] }
            let start = request["start"] as? Int ?? 1
            let stop = request["stop"] as? Int ?? Int.max
            found = entries.filter { $0.line >= start && $0.line < stop }
        case "search":
            let pattern = request["pattern"] as? String ?? "*"
            found = entries.filter { fnmatch(pattern, $0.input, 0) == 0 }
            if request["unique"] as? Bool ?? false {
                var seen = Set<String>()
                let lastOfEach = found.reversed().filter { seen.insert($0.input).inserted }
                found = Array(lastOfEach.reversed())
            }
            if let n = request["n"] as? Int { found = Array(found.suffix(max(n, 0))) }
        default:
            found = Array(entries.suffix(max(request["n"] as? Int ?? 10, 0)))
        }
        return found.map { entry in
            let result: Any = entry.output ?? NSNull()
            let text: Any = output ? [entry.input, result] as [Any] : entry.input
            return [Self.session, entry.line, text] as [Any]
        }
    }
}
