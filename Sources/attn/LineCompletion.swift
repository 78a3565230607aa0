import AttnLang
@preconcurrency import CEditline
import Glibc

/// Tab completion glue between libedit's word and the candidates of `Session.completions`
/// or of the file system (inside a string literal: `load("no<TAB>`).
enum LineCompletion {
    /// Every character that cannot be part of an identifier breaks words.
    static let wordBreaks = " \t\n\"\\'`@$><=;|&{}()[],+-*/%:!?#.~^"

    /// The current line up to the cursor. libedit updates `rl_line_buffer` and `rl_point`
    /// (a byte offset) before it calls the completion function.
    static func textBeforeCursor() -> String {
        guard let buffer = rl_line_buffer else { return "" }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: strlen(buffer))
        let cursor = min(max(Int(rl_point), 0), bytes.count)
        return String(decoding: bytes[0..<cursor], as: UTF8.self)
    }

    /// The text after the opening quote when `text` ends inside a string literal.
    static func openString(in text: String) -> Substring? {
        var start: String.Index?
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if start != nil {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { start = nil }
            } else if c == "\"" {
                start = text.index(after: index)
            } else if c == "#" {
                return nil
            }
            index = text.index(after: index)
        }
        return start.map { text[$0...] }
    }

    /// Paths beginning with `prefix` (directories get a trailing `/`); dot files only when the
    /// prefix asks for them.
    static func paths(completing prefix: Substring) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let directory = slash.map { String(prefix[...$0]) } ?? ""
        let base = slash.map { prefix[prefix.index(after: $0)...] } ?? prefix
        guard let dir = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(dir) }
        var found: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." || !name.hasPrefix(base) { continue }
            if name.hasPrefix(".") && !base.hasPrefix(".") { continue }
            var info = stat()
            let isDirectory = stat(directory + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            found.append(directory + name + (isDirectory ? "/" : ""))
        }
        return found.sorted()
    }

    /// What replaces libedit's `word` for each candidate: a candidate replaces the longest
    /// end of `textBeforeCursor` it starts with, which may reach back past `word` (`x.sha` →
    /// `x.shape` while libedit's word is `sha`). Candidates that do not extend the word are
    /// dropped.
    static func replacements(word: String, textBeforeCursor: String, candidates: [String]) -> [String] {
        let before = Array(textBeforeCursor.unicodeScalars)
        let wordCount = word.unicodeScalars.count
        var seen = Set<String>()
        var out: [String] = []
        for candidate in candidates {
            let scalars = Array(candidate.unicodeScalars)
            let overlap = completionOverlap(before: before, candidate: scalars)
            guard overlap >= wordCount else { continue }
            var result = String.UnicodeScalarView()
            result.append(contentsOf: scalars[(overlap - wordCount)...])
            let text = String(result)
            if seen.insert(text).inserted { out.append(text) }
        }
        return out
    }

    /// The array readline expects: the replacement (the longest common prefix), then every
    /// match, then NULL; nil for no match. libedit frees the strings. A single match is
    /// listed twice because libedit reads `matches[2]` before it looks at `matches[1]`.
    static func matches(word: String, textBeforeCursor: String, candidates: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let found = replacements(word: word, textBeforeCursor: textBeforeCursor, candidates: candidates)
        guard let first = found.first else { return nil }
        var common = Array(first.unicodeScalars)
        for other in found.dropFirst() {
            let scalars = Array(other.unicodeScalars)
            var n = 0
            while n < common.count, n < scalars.count, common[n] == scalars[n] { n += 1 }
            common.removeSubrange(n...)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: common)
        let list = found.count == 1 ? [first, first] : [String(view)] + found
        guard let array = malloc((list.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: list.count + 1) else { return nil }
        for (i, text) in list.enumerated() { array[i] = strdup(text) }
        array[list.count] = nil
        return array
    }
}
