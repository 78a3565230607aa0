/// A small line chart of a sequence of numbers (a loss curve), as `plot(values)` shows it.
/// The x axis is the index (0...n-1); non-finite values leave gaps.
public struct LinePlot: Figure {
    public let values: [Double]
    public let title: String?

    /// Rows of the text chart.
    static let height = 8
    /// Columns of the text chart; longer series are averaged into this many buckets.
    static let maxWidth = 60

    public init(values: [Double], title: String? = nil) {
        self.values = values
        self.title = title
    }

    public var kind: String { "plot" }

    var range: (lo: Double, hi: Double)? {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        return lo <= hi ? (lo, hi) : nil
    }

    /// One value per text column: the series itself, or bucket means when it is too long.
    var columns: [Double] {
        let n = values.count
        guard n > LinePlot.maxWidth else { return values }
        let w = LinePlot.maxWidth
        return (0..<w).map { c in
            let start = c * n / w, end = Swift.max((c + 1) * n / w, start + 1)
            var sum = 0.0, count = 0
            for v in values[start..<end] where v.isFinite { sum += v; count += 1 }
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

    func render(point: String, axis: (String) -> String) -> String {
        let cols = columns
        let r = range
        let hiLabel = r.map { FigureFormat.tick($0.hi) } ?? "nan"
        let loLabel = r.map { FigureFormat.tick($0.lo) } ?? "nan"
        let labelWidth = Swift.max(hiLabel.count, loLabel.count)
        var grid = [[Bool]](repeating: [Bool](repeating: false, count: cols.count), count: LinePlot.height)
        if let r {
            for (c, v) in cols.enumerated() where v.isFinite { grid[row(v, r)][c] = true }
        }
        var lines: [String] = []
        if let title { lines.append(title) }
        for (i, marks) in grid.enumerated() {
            let label = i == 0 ? hiLabel : (i == LinePlot.height - 1 ? loLabel : "")
            let tick = (i == 0 || i == LinePlot.height - 1) ? "┤" : "│"
            var line = FigureFormat.padLeft(label, labelWidth) + " " + axis(tick)
            var pending = 0
            for m in marks {
                if m {
                    line += String(repeating: " ", count: pending) + point
                    pending = 0
                } else {
                    pending += 1
                }
            }
            lines.append(line)
        }
        let margin = String(repeating: " ", count: labelWidth + 1)
        lines.append(margin + axis("└" + String(repeating: "─", count: cols.count)))
        let last = String(Swift.max(values.count - 1, 0))
        var xLabels = "0"
        if values.count > 1 {
            xLabels += String(repeating: " ", count: Swift.max(cols.count - 1 - last.count, 1)) + last
        }
        lines.append(margin + " " + xLabels)
        return lines.joined(separator: "\n")
    }

    public var text: String { render(point: "•", axis: { $0 }) }

    public var colorText: String {
        render(point: "\u{1B}[38;5;39m•\u{1B}[0m", axis: { "\u{1B}[38;5;244m" + $0 + "\u{1B}[0m" })
    }

    public var svg: String {
        let width = 480, height = 260
        let left = 64, right = 16, top = title == nil ? 16 : 36, bottom = 36
        let plotW = Double(width - left - right), plotH = Double(height - top - bottom)
        let r = range ?? (0, 1)
        let lo = r.lo == r.hi ? r.lo - 1 : r.lo
        let hi = r.lo == r.hi ? r.hi + 1 : r.hi
        let n = values.count
        func x(_ i: Int) -> Double { Double(left) + (n > 1 ? Double(i) / Double(n - 1) * plotW : plotW / 2) }
        func y(_ v: Double) -> Double { Double(top) + (hi - v) / (hi - lo) * plotH }
        func num(_ v: Double) -> String { FigureFormat.fixed(v, decimals: 1) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">\n"
        if let title {
            s += "<text x=\"\(left)\" y=\"20\" font-size=\"13\" font-weight=\"bold\">\(XMLText.escape(title))</text>\n"
        }
        let axisY = top + Int(plotH), axisX = left
        s += "<line x1=\"\(axisX)\" y1=\"\(top)\" x2=\"\(axisX)\" y2=\"\(axisY)\" stroke=\"#444\"/>\n"
        s += "<line x1=\"\(axisX)\" y1=\"\(axisY)\" x2=\"\(width - right)\" y2=\"\(axisY)\" stroke=\"#444\"/>\n"
        for k in 0...4 {
            let v = lo + (hi - lo) * Double(k) / 4
            let ty = num(y(v))
            s += "<line x1=\"\(axisX - 4)\" y1=\"\(ty)\" x2=\"\(axisX)\" y2=\"\(ty)\" stroke=\"#444\"/>"
            s += "<text x=\"\(axisX - 6)\" y=\"\(ty)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(FigureFormat.tick(v))</text>\n"
        }
        let xTicks = Swift.min(Swift.max(n - 1, 0), 5)
        for k in 0...xTicks {
            let i = xTicks == 0 ? 0 : (n - 1) * k / xTicks
            let tx = num(x(i))
            s += "<line x1=\"\(tx)\" y1=\"\(axisY)\" x2=\"\(tx)\" y2=\"\(axisY + 4)\" stroke=\"#444\"/>"
            s += "<text x=\"\(tx)\" y=\"\(axisY + 16)\" text-anchor=\"middle\">\(i)</text>\n"
        }
        // Non-finite values break the line into separate segments.
        var path = ""
        var penDown = false
        for (i, v) in values.enumerated() {
            guard v.isFinite else { penDown = false; continue }
            path += (penDown ? "L" : "M") + num(x(i)) + " " + num(y(v)) + " "
            penDown = true
        }
        if !path.isEmpty {
            s += "<path d=\"\(Heatmap.trimmed(path))\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>\n"
        }
        if n <= 60 {
            for (i, v) in values.enumerated() where v.isFinite {
                s += "<circle cx=\"\(num(x(i)))\" cy=\"\(num(y(v)))\" r=\"2\" fill=\"#1f77b4\"><title>\(i): \(FigureFormat.fixed(v, decimals: 4))</title></circle>\n"
            }
        }
        s += "</svg>"
        return s
    }
}
