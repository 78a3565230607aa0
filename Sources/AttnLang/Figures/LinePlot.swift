/// A line chart of one or more series (a loss curve; train beside held-out loss), as
/// `plot(values, ...)` shows it. The x axis is the index (0...n-1); non-finite values leave gaps.
public struct LinePlot: Figure {
    /// The series in the order given, each with its legend label (nil: no legend entry).
    public let series: [(label: String?, values: [Double])]
    public let title: String?
    /// Axis titles, shown in the SVG form (matplotlib's `xlabel`/`ylabel`).
    public let xLabel: String?
    public let yLabel: String?

    /// Rows of the text chart.
    static let height = 8
    /// Columns of the text chart; longer series are averaged into this many buckets.
    static let maxWidth = 60
    /// Text markers and SVG colours (matplotlib's first four), one per series in turn.
    static let markers = ["•", "×", "+", "∘"]
    static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]
    static let xtermColors = [39, 208, 34, 160]

    public init(values: [Double], title: String? = nil) {
        self.init(series: [(nil, values)], title: title)
    }

    public init(series: [(label: String?, values: [Double])], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    public var kind: String { "plot" }

    /// The first series (what a one-series plot shows).
    public var values: [Double] { series.first?.values ?? [] }

    /// Points along x: the longest series' length.
    var length: Int { series.map(\.values.count).max() ?? 0 }

    var range: (lo: Double, hi: Double)? {
        var lo = Double.infinity, hi = -Double.infinity
        for s in series {
            for v in s.values where v.isFinite {
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
        }
        return lo <= hi ? (lo, hi) : nil
    }

    /// Text columns of `values` on an x axis `length` long: the values themselves, or bucket
    /// means when the axis is longer than the chart is wide.
    func columns(_ values: [Double]) -> [Double] {
        let n = length
        guard n > LinePlot.maxWidth else { return values }
        let w = LinePlot.maxWidth
        return (0..<w).map { c in
            let start = c * n / w, end = Swift.min(Swift.max((c + 1) * n / w, start + 1), values.count)
            var sum = 0.0, count = 0
            if start < end { for v in values[start..<end] where v.isFinite { sum += v; count += 1 } }
            return count == 0 ? .nan : sum / Double(count)
        }
    }

    /// Text row (0 = top) of value `v`.
    func row(_ v: Double, _ r: (lo: Double, hi: Double)) -> Int {
        let top = LinePlot.height - 1
        if r.hi == r.lo { return top / 2 }
        let t = (v - r.lo) / (r.hi - r.lo)
        return top - Swift.min(Swift.max(Int((t * Double(top)).rounded()), 0), top)
    }

    func render(point: (Int) -> String, axis: (String) -> String) -> String {
        let width = Swift.min(length, LinePlot.maxWidth)
        let r = range
        let hiLabel = r.map { FigureFormat.tick($0.hi) } ?? "nan"
        let loLabel = r.map { FigureFormat.tick($0.lo) } ?? "nan"
        let labelWidth = Swift.max(hiLabel.count, loLabel.count)
        // The series drawn last wins a cell two series share.
        var grid = [[Int?]](repeating: [Int?](repeating: nil, count: width), count: LinePlot.height)
        if let r {
            for (k, s) in series.enumerated() {
                for (c, v) in columns(s.values).enumerated() where v.isFinite && c < width { grid[row(v, r)][c] = k }
            }
        }
        var lines: [String] = []
        if let title { lines.append(title) }
        for (i, marks) in grid.enumerated() {
            let label = i == 0 ? hiLabel : (i == LinePlot.height - 1 ? loLabel : "")
            let tick = (i == 0 || i == LinePlot.height - 1) ? "┤" : "│"
            var line = FigureFormat.padLeft(label, labelWidth) + " " + axis(tick)
            var pending = 0
            for m in marks {
                if let m {
                    line += String(repeating: " ", count: pending) + point(m)
                    pending = 0
                } else {
                    pending += 1
                }
            }
            lines.append(line)
        }
        let margin = String(repeating: " ", count: labelWidth + 1)
        lines.append(margin + axis("└" + String(repeating: "─", count: width)))
        let last = String(Swift.max(length - 1, 0))
        var xLabels = "0"
        if length > 1 {
            xLabels += String(repeating: " ", count: Swift.max(width - 1 - last.count, 1)) + last
        }
        lines.append(margin + " " + xLabels)
        let legend = series.enumerated().compactMap { k, s in s.label.map { point(k) + " " + $0 } }
        if !legend.isEmpty { lines.append(margin + " " + legend.joined(separator: "   ")) }
        return lines.joined(separator: "\n")
    }

    static func marker(_ k: Int) -> String { markers[k % markers.count] }

    public var text: String { render(point: LinePlot.marker, axis: { $0 }) }

    public var colorText: String {
        render(point: { "\u{1B}[38;5;\(LinePlot.xtermColors[$0 % LinePlot.xtermColors.count])m" + LinePlot.marker($0) + "\u{1B}[0m" },
               axis: { "\u{1B}[38;5;244m" + $0 + "\u{1B}[0m" })
    }
}
