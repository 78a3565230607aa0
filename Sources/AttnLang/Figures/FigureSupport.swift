// Number formatting, colour ramps and SVG escaping shared by the figures. Figures must render
// the same bytes on every machine (their text is compared in recorded outputs), so numbers
// are formatted here by hand rather than through locale-dependent formatters.

enum FigureFormat {
    /// `x` with exactly `decimals` digits after the point (`0.1025`, `-2.0000`); `nan`, `inf`
    /// and magnitudes beyond 1e15 fall back to Swift's shortest form.
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
        let digits = Swift.min(Swift.max(decimals, 0), 8)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (Swift.abs(x) * scale).rounded()
        guard scaled < 1e15 else { return String(x) }
        let whole = Int(scaled)
        let unit = Int(scale)
        let integerPart = String(whole / unit)
        let negative = x < 0 && whole != 0
        guard digits > 0 else { return (negative ? "-" : "") + integerPart }
        var fraction = String(whole % unit)
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        return (negative ? "-" : "") + integerPart + "." + fraction
    }

    /// A short label for an axis tick: four significant decimals for small ranges, fewer
    /// for large magnitudes, so labels stay narrow.
    static func tick(_ x: Double) -> String {
        let magnitude = Swift.abs(x)
        if magnitude >= 1000 { return fixed(x, decimals: 0) }
        if magnitude >= 100 { return fixed(x, decimals: 1) }
        if magnitude >= 10 { return fixed(x, decimals: 2) }
        return fixed(x, decimals: 4)
    }

    /// Columns `s` takes in a terminal: East Asian wide and fullwidth characters (汤姆, ｘ) take
    /// two, combining marks none — so labels in any script line up with the cells below them.
    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + columns($1) }
    }

    static func columns(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark { return 0 }
        if v == 0x200B || (0x200C...0x200F).contains(v) || v == 0xFE0F { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// Pads `s` on the left (right-aligns) to `width` terminal columns.
    static func padLeft(_ s: String, _ width: Int) -> String {
        let n = displayWidth(s)
        return n >= width ? s : String(repeating: " ", count: width - n) + s
    }

    /// Pads `s` on the right (left-aligns) to `width` terminal columns.
    static func padRight(_ s: String, _ width: Int) -> String {
        let n = displayWidth(s)
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }

    /// `s` cut to `width` terminal columns, ending in `…` when cut.
    static func truncate(_ s: String, _ width: Int) -> String {
        guard displayWidth(s) > width else { return s }
        guard width > 1 else { return String(s.prefix(Swift.max(width, 0))) }
        var out = ""
        var used = 0
        for c in s {
            let w = displayWidth(String(c))
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }
}

/// A sequential colour ramp (dark purple → teal → yellow, after viridis) used by both the
/// terminal and the SVG forms so that a heatmap looks the same in both.
enum ColorRamp {
    /// Stops of the ramp as RGB.
    static let stops: [(Double, Double, Double)] = [
        (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ]

    /// The colour at `t` in [0, 1] (clamped; nan maps to the middle).
    static func rgb(_ t: Double) -> (Int, Int, Int) {
        let u = t.isNaN ? 0.5 : Swift.min(Swift.max(t, 0), 1)
        let position = u * Double(stops.count - 1)
        let i = Swift.min(Int(position), stops.count - 2)
        let f = position - Double(i)
        let a = stops[i], b = stops[i + 1]
        return (Int((a.0 + (b.0 - a.0) * f).rounded()), Int((a.1 + (b.1 - a.1) * f).rounded()),
                Int((a.2 + (b.2 - a.2) * f).rounded()))
    }

    /// `#rrggbb` for SVG.
    static func hex(_ t: Double) -> String {
        let (r, g, b) = rgb(t)
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [r, g, b] {
            let c = Swift.min(Swift.max(v, 0), 255)
            s.append(digits[c >> 4])
            s.append(digits[c & 15])
        }
        return s
    }

    /// The nearest colour of the xterm 256-colour cube (indices 16...231).
    static func xterm(_ t: Double) -> Int {
        let (r, g, b) = rgb(t)
        func level(_ v: Int) -> Int {
            // The cube's levels are 0, 95, 135, 175, 215, 255.
            if v < 48 { return 0 }
            if v < 115 { return 1 }
            return Swift.min((v - 35) / 40, 5)
        }
        return 16 + 36 * level(r) + 6 * level(g) + level(b)
    }

    /// Black or white text, whichever reads better on the ramp colour at `t`.
    static func xtermForeground(_ t: Double) -> Int {
        let (r, g, b) = rgb(t)
        return (r * 299 + g * 587 + b * 114) / 1000 > 140 ? 16 : 231
    }
}
