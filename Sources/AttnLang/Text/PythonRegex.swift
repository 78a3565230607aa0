/// Python `re` syntax → the syntax Swift's `Regex` reads, checked on the way so that a bad
/// pattern is reported as Python reports it (`missing ), unterminated subpattern at position 0`).
///
/// Most of Python's syntax is already Swift's (classes, groups, `(?P<name>…)`, `(?P=name)`,
/// lazy and possessive quantifiers, `\d \w \s \b`, backreferences). What differs:
/// - `$` outside a class also matches before a final newline, as in Python (Swift: end only);
/// - `\Z` is the very end (Swift's `\z`); `\uXXXX` and `\UXXXXXXXX` become `\u{…}`;
/// - `{,n}` is `{0,n}`; a `{` that does not start a quantifier is a literal;
/// - inside a class, `[`, `&`, `~` are literals (Swift reads nested classes and set operators);
/// - lookbehind, which Swift's engine lacks, is refused with its position.
/// Positions count code points of the pattern, as Python's do.
struct RegexSyntaxError: Error {
    let message: String
    let position: Int?
}

enum PythonRegex {
    /// Swift's pattern text, the number of capturing groups and the named groups' numbers.
    static func translate(_ pattern: String) throws -> (text: String, groups: Int, names: [String: Int]) {
        var t = Translator(Array(pattern.unicodeScalars))
        try t.run()
        return (t.out, t.groupCount, t.groupNames)
    }
}

private struct Translator {
    let p: [Unicode.Scalar]
    var i = 0
    var out = ""
    /// Positions of the open groups, innermost last.
    var open: [Int] = []
    var groupCount = 0
    var groupNames: [String: Int] = [:]
    /// What the last item was, for "nothing to repeat" and "multiple repeat".
    enum Last { case nothing, atom, quantifier, modifiedQuantifier }
    var last = Last.nothing

    init(_ p: [Unicode.Scalar]) { self.p = p }

    func at(_ k: Int) -> Unicode.Scalar? { k < p.count ? p[k] : nil }

    func fail(_ message: String, _ position: Int) -> RegexSyntaxError {
        RegexSyntaxError(message: message, position: position)
    }

    mutating func run() throws {
        while i < p.count {
            let c = p[i]
            switch c {
            case "\\": try escape(inClass: false); last = .atom
            case "[": try characterClass(); last = .atom
            case "(": try openGroup()
            case ")":
                guard open.popLast() != nil else { throw fail("unbalanced parenthesis", i) }
                out += ")"; i += 1; last = .atom
            case "|": out += "|"; i += 1; last = .nothing
            case "*", "+", "?": try quantifier(String(c), length: 1)
            case "{":
                if let (text, length) = try braceQuantifier() { try quantifier(text, length: length) }
                else { out += "\\{"; i += 1; last = .atom }
            case "}": out += "\\}"; i += 1; last = .atom
            case "$": out += "(?:$|(?=\\n\\z))"; i += 1; last = .atom
            case "^": out += "^"; i += 1; last = .atom
            default: out.unicodeScalars.append(c); i += 1; last = .atom
            }
        }
        if let start = open.first { throw fail("missing ), unterminated subpattern", start) }
    }

    mutating func quantifier(_ text: String, length: Int) throws {
        switch last {
        case .nothing: throw fail("nothing to repeat", i)
        case .modifiedQuantifier: throw fail("multiple repeat", i)
        case .quantifier:
            // `*?` (lazy) and `*+` (possessive) modify the quantifier before them.
            guard text == "?" || text == "+" else { throw fail("multiple repeat", i) }
            last = .modifiedQuantifier
        case .atom: last = .quantifier
        }
        out += text
        i += length
    }

    /// `{m}`, `{m,}`, `{,n}`, `{m,n}` at `i` → Swift's text and the length in the pattern;
    /// nil when the brace is a literal, as in Python.
    func braceQuantifier() throws -> (String, Int)? {
        var k = i + 1
        var low = "", high = "", comma = false
        while let c = at(k), c.properties.numericType == .decimal, c.isASCII { low.unicodeScalars.append(c); k += 1 }
        if at(k) == "," {
            comma = true; k += 1
            while let c = at(k), c.properties.numericType == .decimal, c.isASCII { high.unicodeScalars.append(c); k += 1 }
        }
        guard at(k) == "}", !(low.isEmpty && !comma) else { return nil }
        if let l = Int(low), let h = Int(high), l > h { throw fail("min repeat greater than max repeat", i + 1) }
        let text = comma ? "{\(low.isEmpty ? "0" : low),\(high)}" : "{\(low)}"
        return (text, k + 1 - i)
    }

    mutating func openGroup() throws {
        let start = i
        open.append(start)
        i += 1
        last = .nothing
        guard at(i) == "?" else {
            groupCount += 1
            out += "("
            return
        }
        let next = at(i + 1)
        if next == "P" {
            if at(i + 2) == "<" {
                let name = try groupName(from: i + 3, closing: ">", start: start)
                guard groupNames[name] == nil else { throw fail("redefinition of group name '\(name)'", i + 3) }
                groupCount += 1
                groupNames[name] = groupCount
                out += "(?<\(name)>"
                i += 3 + name.unicodeScalars.count + 1
                return
            }
            if at(i + 2) == "=" {
                let name = try groupName(from: i + 3, closing: ")", start: start)
                guard groupNames[name] != nil else { throw fail("unknown group name '\(name)'", i + 3) }
                out += "\\k<\(name)>"
                i += 3 + name.unicodeScalars.count + 1
                open.removeLast()
                last = .atom
                return
            }
            throw fail("unknown extension ?P\(at(i + 2).map { String($0) } ?? "")", start + 1)
        }
        if next == "<", at(i + 2) == "=" || at(i + 2) == "!" {
            throw fail("lookbehind (?<= or ?<!) is not supported by attn's regular expressions", start)
        }
        if next == "#" {
            // A comment group: skipped whole.
            while let c = at(i), c != ")" { i += 1 }
            guard at(i) == ")" else { throw fail("missing ), unterminated comment", start) }
            open.removeLast()
            i += 1
            last = .atom
            return
        }
        out += "(?"
        i += 1
    }

    func groupName(from k: Int, closing: Unicode.Scalar, start: Int) throws -> String {
        var name = ""
        var j = k
        while let c = at(j), c != closing {
            name.unicodeScalars.append(c)
            j += 1
        }
        guard at(j) == closing else { throw fail("missing \(closing), unterminated name", k) }
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
              name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType == .decimal })
        else { throw fail("bad character in group name '\(name)'", k) }
        return name
    }

    mutating func characterClass() throws {
        let start = i
        out += "["
        i += 1
        if at(i) == "^" { out += "^"; i += 1 }
        // A `]` first in the class is a literal.
        if at(i) == "]" { out += "\\]"; i += 1 }
        while let c = at(i) {
            switch c {
            case "]": out += "]"; i += 1; return
            case "\\": try escape(inClass: true)
            case "[", "&", "~": out += "\\"; out.unicodeScalars.append(c); i += 1
            default: out.unicodeScalars.append(c); i += 1
            }
        }
        throw fail("unterminated character set", start)
    }

    /// One escape at `i` (a backslash), inside or outside a class.
    mutating func escape(inClass: Bool) throws {
        let start = i
        guard let c = at(i + 1) else { throw fail("bad escape (end of pattern)", start) }
        i += 2
        switch c {
        case "d", "D", "w", "W", "s", "S", "n", "t", "r", "f", "v", "a", "\\":
            out += "\\"; out.unicodeScalars.append(c)
        case "b": out += inClass ? "\\u{8}" : "\\b"
        case "B", "A":
            guard !inClass else { throw fail("bad escape \\\(c)", start) }
            out += "\\"; out.unicodeScalars.append(c)
        case "Z":
            guard !inClass else { throw fail("bad escape \\Z", start) }
            out += "\\z"
        case "x": out += "\\u{\(try hexDigits(2, start))}"
        case "u": out += "\\u{\(try hexDigits(4, start))}"
        case "U": out += "\\u{\(try hexDigits(8, start))}"
        case "N":
            guard at(i) == "{" else { throw fail("missing {", i) }
            out += "\\N"
        case "0":
            out += "\\u{0}"
        default:
            if c.isASCII, c.properties.numericType == .decimal {
                // A backreference \1 … \99.
                var number = String(c)
                if let d = at(i), d.isASCII, d.properties.numericType == .decimal { number.unicodeScalars.append(d); i += 1 }
                guard !inClass else { throw fail("bad escape \\\(number)", start) }
                guard let n = Int(number), n <= groupCount else {
                    throw fail("invalid group reference \(number)", start + 1)
                }
                out += "\\\(n)"
            } else if c.isASCII, c.properties.isAlphabetic {
                throw fail("bad escape \\\(c)", start)
            } else {
                // Any other character escaped stands for itself.
                if c.isASCII { out += "\\" }
                out.unicodeScalars.append(c)
            }
        }
    }

    mutating func hexDigits(_ n: Int, _ start: Int) throws -> String {
        var digits = ""
        for _ in 0..<n {
            guard let d = at(i), d.isASCII, d.properties.isASCIIHexDigit else {
                throw fail("incomplete escape \\\(p[start + 1])\(digits)", start)
            }
            digits.unicodeScalars.append(d)
            i += 1
        }
        guard let v = UInt32(digits, radix: 16), Unicode.Scalar(v) != nil else {
            throw fail("bad escape \\\(p[start + 1])\(digits)", start)
        }
        return digits
    }
}
