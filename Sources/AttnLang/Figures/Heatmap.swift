/// An attention plot: a matrix of values `[R, C]` with labelled rows (queries, output tokens)
/// and columns (keys, input tokens), as `heatmap(w, rows:, cols:)` shows it.
///
/// Shades are scaled between the smallest and largest finite value, like matplotlib's
/// `matshow`, so the plain form shows where the weight is even when all weights are small;
/// `vmin`/`vmax` fix the ends instead (e.g. 0 and 1 to compare attention maps).
public struct Heatmap: Figure {
    public let rows: Int
    public let cols: Int
    /// Row-major, `rows * cols` values.
    public let values: [Double]
    public let rowLabels: [String]
    public let colLabels: [String]
    public let title: String?
    /// The values the lightest and darkest shades stand for (matplotlib's `vmin`/`vmax`);
    /// nil: the smallest and largest finite value. Values beyond them take the end shade.
    public let vmin: Double?
    public let vmax: Double?

    /// Shade characters from the smallest to the largest value; the lowest is visible (not a
    /// space) so that recorded lines never end in whitespace an editor could strip.
    static let shades: [Character] = ["·", "░", "▒", "▓", "█"]
    /// Widest label shown in full in the text forms; longer ones end in `…`.
    static let maxLabelWidth = 12

    /// Fails (returns nil) when the label counts or the value count do not fit `rows × cols`;
    /// the builtin checks first and reports which.
    public init?(rows: Int, cols: Int, values: [Double], rowLabels: [String]? = nil,
                 colLabels: [String]? = nil, title: String? = nil, vmin: Double? = nil, vmax: Double? = nil) {
        guard rows >= 0, cols >= 0, values.count == rows * cols else { return nil }
        if let rowLabels, rowLabels.count != rows { return nil }
        if let colLabels, colLabels.count != cols { return nil }
        self.rows = rows
        self.cols = cols
        self.values = values
        self.rowLabels = rowLabels ?? (0..<rows).map(String.init)
        self.colLabels = colLabels ?? (0..<cols).map(String.init)
        self.title = title
        self.vmin = vmin
        self.vmax = vmax
    }

    public var kind: String { "heatmap" }

    /// The values of the end shades: `vmin`/`vmax`, else the smallest and largest finite
    /// value ((0, 0) when there is none).
    var range: (lo: Double, hi: Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        let data = lo <= hi ? (lo, hi) : (0.0, 0.0)
        return (vmin ?? Swift.min(data.0, vmax ?? data.0), vmax ?? Swift.max(data.1, vmin ?? data.1))
    }

    /// Position of `v` in [0, 1] between the extremes; constant matrices sit in the middle.
    func fraction(_ v: Double, _ r: (lo: Double, hi: Double)) -> Double {
        if v.isNaN { return .nan }
        if r.hi == r.lo { return 0.5 }
        return Swift.min(Swift.max((v - r.lo) / (r.hi - r.lo), 0), 1)
    }

    func shade(_ v: Double, _ r: (lo: Double, hi: Double)) -> Character {
        let t = fraction(v, r)
        if t.isNaN { return "?" }
        return Heatmap.shades[Swift.min(Int(t * Double(Heatmap.shades.count)), Heatmap.shades.count - 1)]
    }

    var rowLabelWidth: Int {
        rowLabels.reduce(0) { Swift.max($0, Swift.min(FigureFormat.displayWidth($1), Heatmap.maxLabelWidth)) }
    }

    /// Cell width of the plain form: room for the column labels, at least 3 characters.
    var textCellWidth: Int {
        Swift.max(3, colLabels.reduce(0) { Swift.max($0, Swift.min(FigureFormat.displayWidth($1), 8)) })
    }

    func header(cellWidth: Int) -> String {
        var line = String(repeating: " ", count: rowLabelWidth)
        for label in colLabels {
            line += " " + FigureFormat.padRight(FigureFormat.truncate(label, cellWidth), cellWidth)
        }
        return line
    }

    func rowLabel(_ i: Int) -> String {
        FigureFormat.padLeft(FigureFormat.truncate(rowLabels[i], Heatmap.maxLabelWidth), rowLabelWidth)
    }

    static func trimmed(_ line: String) -> String {
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    public var text: String {
        let r = range
        let w = textCellWidth
        var lines: [String] = []
        if let title { lines.append(title) }
        lines.append(Heatmap.trimmed(header(cellWidth: w)))
        for i in 0..<rows {
            var line = rowLabel(i)
            for j in 0..<cols {
                line += " " + String(repeating: shade(values[i * cols + j], r), count: w)
            }
            lines.append(line)
        }
        lines.append("scale " + FigureFormat.fixed(r.lo, decimals: 4) + " "
                     + String(Heatmap.shades) + " " + FigureFormat.fixed(r.hi, decimals: 4))
        return lines.joined(separator: "\n")
    }

    public var colorText: String {
        let r = range
        let reset = "\u{1B}[0m"
        let cells = values.map { FigureFormat.fixed($0, decimals: 2) }
        let w = Swift.max(textCellWidth, cells.reduce(0) { Swift.max($0, $1.count) })
        func colored(_ t: Double, _ s: String) -> String {
            "\u{1B}[48;5;\(ColorRamp.xterm(t))m\u{1B}[38;5;\(ColorRamp.xtermForeground(t))m" + s + reset
        }
        var lines: [String] = []
        if let title { lines.append("\u{1B}[1m" + title + reset) }
        lines.append(Heatmap.trimmed(header(cellWidth: w)))
        for i in 0..<rows {
            var line = rowLabel(i) + " "
            for j in 0..<cols {
                let v = values[i * cols + j]
                line += colored(fraction(v, r), FigureFormat.padLeft(cells[i * cols + j], w) + " ")
            }
            lines.append(line)
        }
        var scale = "scale " + FigureFormat.fixed(r.lo, decimals: 4) + " "
        for k in 0..<8 { scale += colored(Double(k) / 7, "  ") }
        lines.append(scale + " " + FigureFormat.fixed(r.hi, decimals: 4))
        return lines.joined(separator: "\n")
    }

    public var svg: String {
        let r = range
        let cell = 36
        let charWidth = 7
        let longestCol = colLabels.reduce(0) { Swift.max($0, FigureFormat.displayWidth($1)) }
        let longestRow = rowLabels.reduce(0) { Swift.max($0, FigureFormat.displayWidth($1)) }
        // Column labels wider than a cell are rotated so that neighbours do not overlap.
        let rotate = longestCol * charWidth > cell
        let left = longestRow * charWidth + 12
        let titleHeight = title == nil ? 0 : 22
        let top = titleHeight + (rotate ? longestCol * charWidth * 7 / 10 + 16 : 22)
        let gridWidth = cols * cell, gridHeight = rows * cell
        let barX = left + gridWidth + 16
        let width = barX + 14 + 8 * charWidth + 8
        let height = top + Swift.max(gridHeight, 60) + 12
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<defs><linearGradient id=\"attn-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
        for k in 0...4 {
            let t = Double(k) / 4
            s += "<stop offset=\"\(k * 25)%\" stop-color=\"\(ColorRamp.hex(t))\"/>"
        }
        s += "</linearGradient></defs>\n"
        if let title {
            s += "<text x=\"\(left)\" y=\"16\" font-weight=\"bold\">\(XMLText.escape(title))</text>\n"
        }
        for j in 0..<cols {
            let x = left + j * cell + cell / 2
            let label = XMLText.escape(colLabels[j])
            if rotate {
                s += "<text x=\"\(x)\" y=\"\(top - 6)\" transform=\"rotate(-45 \(x) \(top - 6))\">\(label)</text>\n"
            } else {
                s += "<text x=\"\(x)\" y=\"\(top - 6)\" text-anchor=\"middle\">\(label)</text>\n"
            }
        }
        for i in 0..<rows {
            let y = top + i * cell + cell / 2 + 4
            s += "<text x=\"\(left - 6)\" y=\"\(y)\" text-anchor=\"end\">\(XMLText.escape(rowLabels[i]))</text>\n"
        }
        for i in 0..<rows {
            for j in 0..<cols {
                let v = values[i * cols + j]
                let fill = v.isNaN ? "#cccccc" : ColorRamp.hex(fraction(v, r))
                let tip = XMLText.escape("\(rowLabels[i]) → \(colLabels[j]): ") + FigureFormat.fixed(v, decimals: 4)
                s += "<rect x=\"\(left + j * cell)\" y=\"\(top + i * cell)\" width=\"\(cell)\" height=\"\(cell)\" "
                    + "fill=\"\(fill)\"><title>\(tip)</title></rect>\n"
            }
        }
        let barHeight = Swift.max(gridHeight, 60)
        s += "<rect x=\"\(barX)\" y=\"\(top)\" width=\"14\" height=\"\(barHeight)\" fill=\"url(#attn-scale)\"/>\n"
        s += "<text x=\"\(barX + 18)\" y=\"\(top + 10)\">\(FigureFormat.fixed(r.hi, decimals: 4))</text>\n"
        s += "<text x=\"\(barX + 18)\" y=\"\(top + barHeight)\">\(FigureFormat.fixed(r.lo, decimals: 4))</text>\n"
        s += "</svg>"
        return s
    }
}
