#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// `progress(iterable, desc:)` (LANGUAGE.md 9.5): tqdm for `for` loops. The bar itself is the
/// front end's (`Session.onProgress`); this reports how far the loop is.
enum ProgressLibrary {
    static let library = Library(name: "Show", builtins: builtins)

    static let builtins: [Builtin] = [
        Builtin("progress", section: "Show",
                summary: "Wraps an iterable for a for loop with a progress bar, as tqdm: redrawn in place on a terminal (count, percent, rate, time left); elsewhere one final line DESC: N/N.",
                example: "for epoch in progress(range(3), desc: \"epochs\") { }") { p in
            let iterable = p.value("iterable", hint: "list, tuple, range, string, dict or tensor")
            let desc = p.string("desc", default: "")
            return { a in
                var items = try ValueIterator(a.value(iterable), who: "progress")
                let tracker = ProgressTracker(label: try a[desc], total: items.knownCount, context: a.context)
                var done = 0
                return .iterator(IteratorObject(name: "progress", next: {
                    tracker.advance(to: done)
                    guard let item = try items.next() else {
                        tracker.finish()
                        return nil
                    }
                    done += 1
                    return item
                }, leave: { tracker.finish() }))
            }
        },
    ]
}

/// Counts a loop's iterations and reports them: at the start, at most every `interval`
/// seconds, and once, finished, at the end.
final class ProgressTracker {
    static let interval = 0.1
    let label: String
    let total: Int?
    let context: CallContext
    private var count = 0
    private var start: Double?
    private var lastReport = 0.0
    private var finished = false

    init(label: String, total: Int?, context: CallContext) {
        self.label = label
        self.total = total
        self.context = context
    }

    /// `done` iterations have completed (called as the loop asks for the next item).
    func advance(to done: Int) {
        let now = Self.now()
        count = done
        guard let start else {
            start = now
            lastReport = now
            report(now, finished: false)
            return
        }
        if now - lastReport >= Self.interval, now > start {
            lastReport = now
            report(now, finished: false)
        }
    }

    /// The loop ended (all items, or `break`): the final report, once.
    func finish() {
        guard !finished else { return }
        finished = true
        report(Self.now(), finished: true)
    }

    private func report(_ now: Double, finished: Bool) {
        context.progress(ProgressState(label: label, count: count, total: total,
                                       elapsed: now - (start ?? now), finished: finished))
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}
