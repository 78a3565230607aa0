/// The state of one `progress()` loop, as the live-output hook receives it (`Session.onProgress`).
/// A terminal draws `bar(width:)` in place; everything else shows only `line` once, when the
/// loop has `finished`, so that recorded outputs stay the same from run to run.
public struct ProgressState {
    /// The `desc:` argument ("" when none was given).
    public var label: String
    /// Iterations done so far.
    public var count: Int
    /// Iterations in all, when the iterable knows its length.
    public var total: Int?
    /// Seconds since the loop started.
    public var elapsed: Double
    /// Set on the last call, when the loop has ended (exhausted or left by `break`).
    public var finished: Bool

    public init(label: String, count: Int, total: Int?, elapsed: Double, finished: Bool) {
        self.label = label
        self.count = count
        self.total = total
        self.elapsed = elapsed
        self.finished = finished
    }

    /// The stable form without timings: `DESC: N/N` (`N/N` without a label, `DESC: N` when the
    /// total is unknown). This is what recorded outputs, pipes and rendered pages show.
    public var line: String {
        let counts = total.map { "\(count)/\($0)" } ?? "\(count)"
        return label.isEmpty ? counts : "\(label): \(counts)"
    }

    /// tqdm's bar: `DESC:  40%|████      | 4/10 [00:01<00:02, 3.52it/s]`, fitted to `width`
    /// columns (the bar shrinks first). Without a total: `DESC: 4it [00:01, 3.52it/s]`.
    public func bar(width: Int) -> String {
        let rate = elapsed > 0 ? Double(count) / elapsed : 0
        let prefix = label.isEmpty ? "" : label + ": "
        let rateText = rate > 0 ? (rate >= 1 ? Self.fixed(rate, 2) + "it/s" : Self.fixed(1 / rate, 2) + "s/it") : "?it/s"
        guard let total, total > 0 else {
            return prefix + "\(count)it [\(Self.clock(elapsed)), \(rateText)]"
        }
        let fraction = min(max(Double(count) / Double(total), 0), 1)
        let percent = String(Int((fraction * 100).rounded(.down)))
        let remaining = rate > 0 ? Self.clock(Double(total - count) / rate) : "?"
        let left = prefix + String(repeating: " ", count: max(3 - percent.count, 0)) + percent + "%|"
        let right = "| \(count)/\(total) [\(Self.clock(elapsed))<\(remaining), \(rateText)]"
        let cells = min(max(width - left.count - right.count, 0), 40)
        guard cells >= 4 else { return String(left.dropLast()) + String(right.dropFirst()) }
        let eighths = Int((fraction * Double(cells * 8)).rounded(.down))
        let partials: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var body = String(repeating: "█", count: eighths / 8)
        if eighths / 8 < cells { body.append(partials[eighths % 8]) }
        body += String(repeating: " ", count: max(cells - body.count, 0))
        return left + body + right
    }

    /// `mm:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e7 else { return "?" }
        let s = Int(seconds.rounded(.down))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(two(s / 60)):\(two(s % 60))"
    }

    /// `value` with `decimals` digits after the point (no Foundation here).
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite, value < 1e12 else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let fraction = String(scaled % Int(scale))
        return "\(scaled / Int(scale))." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
