/// Python's `re` functions over Swift's `Regex`, matched code point by code point (Python's
/// unit; Swift's default is the grapheme cluster) with ASCII-style word boundaries.
struct CompiledPattern {
    let source: String
    let regex: Regex<AnyRegexOutput>
    /// Number of capturing groups.
    let groupCount: Int
    /// Named groups' numbers.
    let names: [String: Int]
}

enum RegexMatching {
    /// Compiled patterns by source text: a notebook calls `re_sub` with the same few patterns
    /// on every line of a corpus.
    nonisolated(unsafe) private static var cache: [String: CompiledPattern] = [:]

    static func compile(_ pattern: String, op: String) throws -> CompiledPattern {
        if let hit = cache[pattern] { return hit }
        let translated: (text: String, groups: Int, names: [String: Int])
        do {
            translated = try PythonRegex.translate(pattern)
        } catch let e as RegexSyntaxError {
            let position = e.position.map { " at position \($0)" } ?? ""
            throw LangError("\(op): bad regular expression \(Value.string(pattern).repr): \(e.message)\(position)")
        }
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(translated.text).matchingSemantics(.unicodeScalar).wordBoundaryKind(.simple)
        } catch {
            throw LangError("\(op): bad regular expression \(Value.string(pattern).repr): \(error)")
        }
        let compiled = CompiledPattern(source: pattern, regex: regex, groupCount: translated.groups, names: translated.names)
        if cache.count >= 64 { cache.removeAll() }
        cache[pattern] = compiled
        return compiled
    }

    typealias Match = Regex<AnyRegexOutput>.Match

    /// Group `k` of a match, or nil when the group did not take part.
    static func group(_ m: Match, _ k: Int) -> String? {
        guard k < m.output.count, let sub = m.output[k].substring else { return nil }
        return String(sub)
    }

    /// `[match, group 1, …]` with `none` for groups that did not take part.
    static func matchList(_ m: Match, groups: Int) -> Value {
        .list(ListObject((0...groups).map { k in group(m, k).map { .string($0) } ?? .none }))
    }

    static func allMatches(_ p: CompiledPattern, _ s: String) -> [Match] {
        s.matches(of: p.regex)
    }

    /// `re.findall`: whole matches without groups, the group with one, tuples with several.
    static func findall(_ p: CompiledPattern, _ s: String) -> [Value] {
        allMatches(p, s).map { m in
            switch p.groupCount {
            case 0: return .string(group(m, 0) ?? "")
            case 1: return .string(group(m, 1) ?? "")
            default: return .tuple((1...p.groupCount).map { .string(group(m, $0) ?? "") })
            }
        }
    }

    /// `re.split`: the pieces between matches, with the groups of each match between them.
    static func split(_ p: CompiledPattern, _ s: String, maxsplit: Int) -> [Value] {
        var out: [Value] = []
        var from = s.startIndex
        for (n, m) in allMatches(p, s).enumerated() {
            if maxsplit > 0 && n >= maxsplit { break }
            out.append(.string(String(s.unicodeScalars[from..<m.range.lowerBound])))
            if p.groupCount > 0 {
                for k in 1...p.groupCount { out.append(group(m, k).map { .string($0) } ?? .none) }
            }
            from = m.range.upperBound
        }
        out.append(.string(String(s.unicodeScalars[from...])))
        return out
    }

    /// `re.sub`: each match (at most `count` when positive) replaced by `replacement(match)`.
    static func sub(_ p: CompiledPattern, _ s: String, count: Int, maxLength: Int, op: String,
                    _ replacement: (Match) throws -> String) throws -> String {
        var out = ""
        var from = s.startIndex
        for (n, m) in allMatches(p, s).enumerated() {
            if count > 0 && n >= count { break }
            out.unicodeScalars.append(contentsOf: s.unicodeScalars[from..<m.range.lowerBound])
            out += try replacement(m)
            from = m.range.upperBound
            if out.utf8.count > maxLength * 4 && out.unicodeScalars.count > maxLength {
                throw LangError("\(op): result too large (the limit is \(maxLength) characters)")
            }
        }
        out.unicodeScalars.append(contentsOf: s.unicodeScalars[from...])
        return out
    }
}

/// A replacement template of `re.sub`: text with `\1`, `\g<1>`, `\g<name>` and Python's
/// character escapes, parsed once per call.
struct ReplacementTemplate {
    enum Piece { case text(String), group(Int) }
    let pieces: [Piece]

    init(_ template: String, pattern: CompiledPattern, op: String) throws {
        let t = Array(template.unicodeScalars)
        var pieces: [Piece] = []
        var text = ""
        var k = 0
        func fail(_ message: String, _ position: Int) -> LangError {
            LangError("\(op): bad replacement \(Value.string(template).repr): \(message) at position \(position)")
        }
        func reference(_ n: Int, _ label: String, _ position: Int) throws {
            guard n <= pattern.groupCount else { throw fail("invalid group reference \(label)", position) }
            if !text.isEmpty { pieces.append(.text(text)); text = "" }
            pieces.append(.group(n))
        }
        while k < t.count {
            let c = t[k]
            guard c == "\\" else { text.unicodeScalars.append(c); k += 1; continue }
            guard k + 1 < t.count else { throw fail("bad escape (end of pattern)", k) }
            let e = t[k + 1]
            switch e {
            case "n": text += "\n"; k += 2
            case "t": text += "\t"; k += 2
            case "r": text += "\r"; k += 2
            case "f": text += "\u{0C}"; k += 2
            case "v": text += "\u{0B}"; k += 2
            case "a": text += "\u{07}"; k += 2
            case "b": text += "\u{08}"; k += 2
            case "\\": text += "\\"; k += 2
            case "g":
                guard k + 2 < t.count, t[k + 2] == "<" else { throw fail("missing <", k + 2) }
                var name = ""
                var j = k + 3
                while j < t.count, t[j] != ">" { name.unicodeScalars.append(t[j]); j += 1 }
                guard j < t.count else { throw fail("missing >, unterminated name", k + 3) }
                if let n = Int(name), n >= 0 {
                    try reference(n, name, k + 3)
                } else if let n = pattern.names[name] {
                    try reference(n, name, k + 3)
                } else if name.isEmpty {
                    throw fail("missing group name", k + 3)
                } else {
                    throw LangError("\(op): bad replacement \(Value.string(template).repr): unknown group name '\(name)'")
                }
                k = j + 1
            default:
                if e.isASCII, e.properties.numericType == .decimal {
                    var digits = String(e)
                    var j = k + 2
                    if j < t.count, t[j].isASCII, t[j].properties.numericType == .decimal { digits.unicodeScalars.append(t[j]); j += 1 }
                    try reference(Int(digits)!, digits, k + 1)
                    k = j
                } else if e.isASCII, e.properties.isAlphabetic {
                    throw fail("bad escape \\\(e)", k)
                } else {
                    // Python keeps the backslash of an escape it does not know.
                    text.unicodeScalars.append(c)
                    text.unicodeScalars.append(e)
                    k += 2
                }
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    func expand(_ m: RegexMatching.Match) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let s): out += s
            case .group(let n): out += RegexMatching.group(m, n) ?? ""
            }
        }
        return out
    }
}
