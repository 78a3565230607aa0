/// Python's `str` methods, on code points (Python's unit): Swift's own `hasPrefix`,
/// `contains` and `split` compare grapheme clusters under canonical equivalence, so
/// `"e\u{301}".hasPrefix("e")` is false in Swift and true in Python.
enum StringOps {
    typealias Scalars = [Unicode.Scalar]

    /// Code point offsets of the non-overlapping occurrences of `sub` in `s`, left to right
    /// (an empty `sub` occurs before every code point and at the end, as in Python).
    static func occurrences(_ s: Scalars, _ sub: Scalars, limit: Int = Int.max) -> [Int] {
        var found: [Int] = []
        if sub.isEmpty {
            for k in 0...s.count where found.count < limit { found.append(k) }
            return found
        }
        guard sub.count <= s.count else { return [] }
        var k = 0
        while k <= s.count - sub.count && found.count < limit {
            if s[k] == sub[0] && s[k..<k + sub.count].elementsEqual(sub) {
                found.append(k)
                k += sub.count
            } else {
                k += 1
            }
        }
        return found
    }

    static func find(_ s: String, _ sub: String) -> Int {
        occurrences(Array(s.unicodeScalars), Array(sub.unicodeScalars), limit: 1).first ?? -1
    }

    static func count(_ s: String, _ sub: String) -> Int {
        occurrences(Array(s.unicodeScalars), Array(sub.unicodeScalars)).count
    }

    static func startsWith(_ s: String, _ prefix: String) -> Bool {
        s.unicodeScalars.starts(with: prefix.unicodeScalars)
    }

    static func endsWith(_ s: String, _ suffix: String) -> Bool {
        s.unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed())
    }

    /// `s.replace(old, new, count)`; a negative count replaces all.
    static func replace(_ s: String, _ old: String, _ new: String, count: Int) -> String {
        let text = Array(s.unicodeScalars), pattern = Array(old.unicodeScalars)
        let at = occurrences(text, pattern, limit: count < 0 ? Int.max : count)
        var out = String.UnicodeScalarView()
        var from = 0
        for k in at {
            out.append(contentsOf: text[from..<k])
            out.append(contentsOf: new.unicodeScalars)
            from = k + pattern.count
            if pattern.isEmpty && k < text.count { out.append(text[k]); from = k + 1 }
        }
        if from < text.count { out.append(contentsOf: text[from...]) }
        return String(out)
    }

    /// `s.split(sep, maxsplit)`: at each `sep`, or (sep nil) at runs of whitespace with the
    /// ends ignored; at most `maxsplit` splits when it is not negative.
    static func split(_ s: String, _ sep: String?, maxsplit: Int) -> [String] {
        let text = Array(s.unicodeScalars)
        guard let sep else { return splitWhitespace(text, maxsplit: maxsplit) }
        let pattern = Array(sep.unicodeScalars)
        var parts: [String] = []
        var from = 0
        for k in occurrences(text, pattern, limit: maxsplit < 0 ? Int.max : maxsplit) {
            parts.append(string(text[from..<k]))
            from = k + pattern.count
        }
        parts.append(string(text[from...]))
        return parts
    }

    private static func splitWhitespace(_ text: Scalars, maxsplit: Int) -> [String] {
        var parts: [String] = []
        var k = 0
        while k < text.count {
            while k < text.count && isSpace(text[k]) { k += 1 }
            guard k < text.count else { break }
            if maxsplit >= 0 && parts.count == maxsplit {
                // The rest, trailing whitespace included (as Python), is the last part.
                parts.append(string(text[k...]))
                break
            }
            let start = k
            while k < text.count && !isSpace(text[k]) { k += 1 }
            parts.append(string(text[start..<k]))
        }
        return parts
    }

    /// `strip`/`lstrip`/`rstrip`: the code points in `chars` (whitespace when nil) removed
    /// from the chosen ends.
    static func strip(_ s: String, _ chars: String?, left: Bool, right: Bool) -> String {
        let text = Array(s.unicodeScalars)
        let set = chars.map { Set($0.unicodeScalars) }
        func strippable(_ c: Unicode.Scalar) -> Bool { set.map { $0.contains(c) } ?? isSpace(c) }
        var start = 0, end = text.count
        if left { while start < end && strippable(text[start]) { start += 1 } }
        if right { while end > start && strippable(text[end - 1]) { end -= 1 } }
        return string(text[start..<end])
    }

    /// Python's `str.isspace` characters.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "\u{1C}", "\u{1D}", "\u{1E}", "\u{1F}": return true
        default: return c.properties.isWhitespace
        }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool {
        c.properties.numericType == .decimal || c.properties.numericType == .digit
    }

    /// Python's `str.isalpha`: general categories Lu, Ll, Lt, Lm, Lo.
    static func isAlpha(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
