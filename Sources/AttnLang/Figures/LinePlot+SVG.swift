/// The SVG form of a line chart: round tick values (1, 2 or 5 times a power of ten) on both
/// axes, axis titles, one coloured line per series and a legend.
extension LinePlot {
    public var svg: String {
        let legendLabels = series.enumerated().compactMap { k, s in s.label.map { (k, $0) } }
        let width = 480, height = 260 + (xLabel == nil ? 0 : 16)
        let left = 64 + (yLabel == nil ? 0 : 18), right = 16, top = title == nil ? 16 : 36
        let bottom = 36 + (xLabel == nil ? 0 : 16)
        let plotW = Double(width - left - right), plotH = Double(height - top - bottom)
        let yTicks = NiceTicks(range ?? (0, 1), count: 5)
        let lo = yTicks.values.first!, hi = yTicks.values.last!
        let n = length
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
        for v in yTicks.values {
            let ty = num(y(v))
            s += "<line x1=\"\(axisX - 4)\" y1=\"\(ty)\" x2=\"\(axisX)\" y2=\"\(ty)\" stroke=\"#444\"/>"
            s += "<text x=\"\(axisX - 6)\" y=\"\(ty)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(yTicks.label(v))</text>\n"
        }
        for i in NiceTicks.indices(upTo: n - 1, count: 6) {
            let tx = num(x(i))
            s += "<line x1=\"\(tx)\" y1=\"\(axisY)\" x2=\"\(tx)\" y2=\"\(axisY + 4)\" stroke=\"#444\"/>"
            s += "<text x=\"\(tx)\" y=\"\(axisY + 16)\" text-anchor=\"middle\">\(i)</text>\n"
        }
        if let xLabel {
            s += "<text x=\"\(num(Double(left) + plotW / 2))\" y=\"\(height - 8)\" text-anchor=\"middle\">\(XMLText.escape(xLabel))</text>\n"
        }
        if let yLabel {
            let cy = num(Double(top) + plotH / 2)
            s += "<text x=\"14\" y=\"\(cy)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(cy))\">\(XMLText.escape(yLabel))</text>\n"
        }
        for (k, line) in series.enumerated() {
            let color = LinePlot.colors[k % LinePlot.colors.count]
            // Non-finite values break the line into separate segments.
            var path = ""
            var penDown = false
            for (i, v) in line.values.enumerated() {
                guard v.isFinite else { penDown = false; continue }
                path += (penDown ? "L" : "M") + num(x(i)) + " " + num(y(v)) + " "
                penDown = true
            }
            if !path.isEmpty {
                s += "<path d=\"\(Heatmap.trimmed(path))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
            }
            if n <= 60 {
                let name = line.label.map { XMLText.escape($0) + " " } ?? ""
                for (i, v) in line.values.enumerated() where v.isFinite {
                    s += "<circle cx=\"\(num(x(i)))\" cy=\"\(num(y(v)))\" r=\"2\" fill=\"\(color)\"><title>\(name)\(i): \(FigureFormat.fixed(v, decimals: 4))</title></circle>\n"
                }
            }
        }
        for (row, (k, label)) in legendLabels.enumerated() {
            let ly = top + 8 + row * 16, lx = width - right - 110
            s += "<line x1=\"\(lx)\" y1=\"\(ly)\" x2=\"\(lx + 18)\" y2=\"\(ly)\" stroke=\"\(LinePlot.colors[k % LinePlot.colors.count])\" stroke-width=\"2\"/>"
            s += "<text x=\"\(lx + 24)\" y=\"\(ly)\" dominant-baseline=\"middle\">\(XMLText.escape(label))</text>\n"
        }
        s += "</svg>"
        return s
    }
}

/// Round axis ticks: a step of 1, 2 or 5 times a power of ten, and ticks on its multiples that
/// cover the data (as matplotlib's default locator picks them: 0, 0.5, 1, 1.5 rather than
/// 0.13, 0.47, 0.81).
struct NiceTicks {
    let values: [Double]
    /// Decimals that show the step exactly.
    let decimals: Int

    init(_ range: (lo: Double, hi: Double), count: Int) {
        var (lo, hi) = range
        if lo == hi {
            let pad = lo == 0 ? 1 : Swift.abs(lo) * 0.1
            (lo, hi) = (lo - pad, hi + pad)
        }
        let rough = (hi - lo) / Double(Swift.max(count - 1, 1))
        guard rough.isFinite, rough > 0 else {
            values = [lo, hi]
            decimals = 4
            return
        }
        var power = 1.0, decimals = 0
        while power * 10 <= rough { power *= 10 }
        while power > rough { power /= 10; decimals += 1 }
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        if step >= 10 * power { decimals = Swift.max(decimals - 1, 0) }
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        values = stride(from: first, through: last, by: 1).map { $0 * step }
        self.decimals = decimals
    }

    func label(_ v: Double) -> String {
        FigureFormat.fixed(Swift.abs(v) < 1e-12 ? 0 : v, decimals: decimals)
    }

    /// Round integer ticks on 0...last (at most about `count`).
    static func indices(upTo last: Int, count: Int) -> [Int] {
        guard last > 0 else { return [0] }
        let rough = Double(last) / Double(count - 1)
        var power = 1.0
        while power * 10 <= rough { power *= 10 }
        let step = Swift.max(1, Int([1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power))
        return Array(stride(from: 0, through: last, by: step))
    }
}
