/// Inline preparation of Markdown for Ink, block by block (runs of non-blank lines):
/// - `<` outside code becomes `&lt;` (see `MarkdownRenderer`);
/// - `_` and `*` that CommonMark would not read as emphasis become `&#95;` / `&#42;`. Ink
///   reads every `_` and `*` as an emphasis marker, which turns the subscripts notebooks are
///   full of (`h_1`, `a_ij`, `s_{i-1}`) into italics. A delimiter run is kept only when its
///   flanking allows it to open or close (CommonMark 6.2) and it pairs with a run of the
///   same character in the block; Ink then sees just the emphasis the author meant.
/// - an `&` that does not start an entity XML knows becomes `&amp;`, and the few HTML-only
///   entities people type (`&nbsp;`, `&mdash;`, …) become character references: Ink passes
///   every `&name;` through as it is, and the page must parse as XML.
/// Entities pass through Ink unchanged, which is what makes this work.
extension MarkdownRenderer {
    static func preparingInline(_ block: String) -> String {
        let chars = Array(block)
        let code = codeSpans(chars)
        let escaped = unpairedDelimiters(chars, code: code)
        var out = ""
        out.reserveCapacity(block.utf8.count + 16)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            i += 1
            if code[i - 1] { out.append(c); continue }
            switch c {
            case "&":
                let (text, consumed) = ampersand(chars, at: i - 1)
                out += text
                i += consumed
            case "<": out += "&lt;"
            // Ink copies link text into `alt="…"` unescaped; a quote would end the attribute.
            case "\"": out += "&quot;"
            case "]" where i < chars.count && chars[i] == "(":
                let (destination, end) = linkDestination(chars, from: i + 1)
                out += "](" + destination
                i = end
            case "_" where escaped[i - 1]: out += "&#95;"
            case "*" where escaped[i - 1]: out += "&#42;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The destination of an inline link or image starting at `start` (after its `(`), made
    /// safe for Ink to copy into `href="…"`/`src="…"` as it is: quotes, angle brackets,
    /// backslashes and whitespace are percent-encoded, and a script URL becomes `#`. Returns
    /// the text to emit (up to and including the closing `)`) and the index after it. Ink ends
    /// the destination at the first `)` not balanced by a `(`.
    static func linkDestination(_ chars: [Character], from start: Int) -> (String, Int) {
        var depth = 0
        var j = start
        while j < chars.count {
            if chars[j] == "(" { depth += 1 } else if chars[j] == ")" { if depth == 0 { break }; depth -= 1 }
            j += 1
        }
        let url = safeURL(String(chars[start..<j]))
        return j < chars.count ? (url + ")", j + 1) : (url, j)
    }

    /// `url` percent-encoded where an attribute or Ink could misread it, or `#` for a URL that
    /// would run script (`javascript:`, `vbscript:`, `data:` other than images).
    static func safeURL(_ url: String) -> String {
        // Browsers ignore leading blanks and control characters and any tab or newline
        // inside the scheme ("java\tscript:"), so the check does too.
        let squeezed = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }).lowercased()
        for scheme in ["javascript:", "vbscript:", "data:"] where squeezed.hasPrefix(scheme) {
            if !(scheme == "data:" && squeezed.hasPrefix("data:image/")) { return "#" }
        }
        var out = ""
        for s in url.unicodeScalars {
            switch s {
            case "\"", "'", "<", ">", "\\", "`", " ", "\t", "\n", "\r":
                out += "%" + (s.value < 16 ? "0" : "") + String(s.value, radix: 16, uppercase: true)
            case "&": out += "&amp;"   // the page must parse as XML
            default:
                if s.value < 0x20 || s.value == 0x7F { continue }
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// HTML named entities written in notebooks, as the character references XML reads.
    static let htmlEntities: [String: UInt32] = [
        "nbsp": 160, "ndash": 8211, "mdash": 8212, "hellip": 8230, "times": 215, "middot": 183,
        "rarr": 8594, "larr": 8592, "harr": 8596, "le": 8804, "ge": 8805, "ne": 8800, "copy": 169,
    ]

    /// What an `&` at `i` is handed to Ink as (see above), and how many characters after the
    /// `&` that replacement covers.
    static func ampersand(_ chars: [Character], at i: Int) -> (String, Int) {
        var j = i + 1
        while j < chars.count, j - i <= 32, chars[j].isASCII, chars[j].isLetter || chars[j].isNumber || chars[j] == "#" {
            j += 1
        }
        guard j < chars.count, chars[j] == ";", j > i + 1 else { return ("&amp;", 0) }
        let name = String(chars[(i + 1)..<j])
        let kept = ("&", 0)
        if ["amp", "lt", "gt", "quot", "apos"].contains(name) { return kept }
        var number: UInt32? = nil
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            number = UInt32(name.dropFirst(2), radix: 16)
        } else if name.hasPrefix("#") {
            number = UInt32(name.dropFirst())
        } else if let code = htmlEntities[name] {
            return ("&#\(code);", j - i)
        }
        // XML allows no control characters other than tab and newline, even as references.
        if let number, let scalar = Unicode.Scalar(number), scalar.value >= 0x20 || scalar == "\t" || scalar == "\n" {
            return kept
        }
        return ("&amp;", 0)
    }

    /// True for characters inside a code span: a backtick run up to the next run of the
    /// same length (an unmatched run is literal text).
    static func codeSpans(_ chars: [Character]) -> [Bool] {
        var code = [Bool](repeating: false, count: chars.count)
        var i = 0
        while i < chars.count {
            guard chars[i] == "`" else { i += 1; continue }
            var end = i
            while end < chars.count, chars[end] == "`" { end += 1 }
            let length = end - i
            var j = end
            var close: Int? = nil
            while j < chars.count {
                guard chars[j] == "`" else { j += 1; continue }
                var k = j
                while k < chars.count, chars[k] == "`" { k += 1 }
                if k - j == length { close = k; break }
                j = k
            }
            guard let close else { i = end; continue }
            for x in i..<close { code[x] = true }
            i = close
        }
        return code
    }

    /// For each character, whether it is a `_` or `*` to show literally.
    static func unpairedDelimiters(_ chars: [Character], code: [Bool]) -> [Bool] {
        struct Run { var start: Int; var length: Int; var char: Character; var canOpen: Bool; var canClose: Bool }
        var runs: [Run] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard !code[i], c == "_" || c == "*" else { i += 1; continue }
            var end = i
            while end < chars.count, chars[end] == c, !code[end] { end += 1 }
            let prev: Character? = i > 0 ? chars[i - 1] : nil
            let next: Character? = end < chars.count ? chars[end] : nil
            if isStructural(chars, start: i, end: end) { i = end; continue }
            let left = !isSpace(next) && (!isPunctuation(next) || isSpace(prev) || isPunctuation(prev))
            let right = !isSpace(prev) && (!isPunctuation(prev) || isSpace(next) || isPunctuation(next))
            let canOpen = c == "*" ? left : left && (!right || isPunctuation(prev))
            let canClose = c == "*" ? right : right && (!left || isPunctuation(next))
            runs.append(Run(start: i, length: end - i, char: c, canOpen: canOpen, canClose: canClose))
            i = end
        }
        var keep = [Bool](repeating: false, count: runs.count)
        var openers: [Int] = []
        for (r, run) in runs.enumerated() {
            if run.canClose, let match = openers.lastIndex(where: { runs[$0].char == run.char }) {
                keep[openers[match]] = true
                keep[r] = true
                openers.removeSubrange(match...)
            } else if run.canOpen {
                openers.append(r)
            }
        }
        var escaped = [Bool](repeating: false, count: chars.count)
        for (r, run) in runs.enumerated() where !keep[r] {
            for x in run.start..<(run.start + run.length) { escaped[x] = true }
        }
        return escaped
    }

    /// A list bullet (`* item`) or a thematic break (`***`, `___`) is block syntax, not emphasis.
    static func isStructural(_ chars: [Character], start: Int, end: Int) -> Bool {
        var lineStart = start
        while lineStart > 0, chars[lineStart - 1] != "\n" { lineStart -= 1 }
        let beforeIsIndent = chars[lineStart..<start].allSatisfy { $0 == " " }
        guard beforeIsIndent else { return false }
        var lineEnd = end
        while lineEnd < chars.count, chars[lineEnd] != "\n" { lineEnd += 1 }
        let marker = chars[start]
        let rest = chars[start..<lineEnd]
        if rest.allSatisfy({ $0 == marker || $0 == " " }), rest.filter({ $0 == marker }).count >= 3 { return true }
        return marker == "*" && end - start == 1 && end < chars.count && chars[end] == " "
    }

    static func isSpace(_ c: Character?) -> Bool {
        guard let c else { return true }
        return c == " " || c == "\t" || c == "\n" || c == "\r"
    }

    static func isPunctuation(_ c: Character?) -> Bool {
        guard let c else { return false }
        return c.isPunctuation || c.isSymbol
    }
}
