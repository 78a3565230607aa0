import Ink

/// Markdown cells to HTML with Ink. Two gaps between what notebook authors write and what Ink
/// 0.6 reads are bridged before and after it (no Markdown is parsed here):
/// - Ink reads fenced code blocks only; the indented blocks the notebooks use for formulas
///   become fenced blocks first.
/// - Ink passes raw HTML through and, meeting a tag it cannot close (`<notebook>`, `<pad>`),
///   swallows the rest of the block into it. Cells write tokens like `<s>` far more often than
///   HTML, and the page must stay well formed and script-free, so a `<` outside code is
///   handed to Ink as `&lt;` (an entity Ink keeps): raw HTML in a cell shows as text.
/// - Ink reads every `_` and `*` as emphasis; those CommonMark would not are handed over as
///   entities (see `preparingInline`), so `a_ij` stays a subscript-style name.
/// - Ink writes `<br>` and `<hr>`; the page is kept XHTML-compatible (it must parse as XML),
///   so void elements are closed.
public enum MarkdownRenderer {
    public static func html(_ markdown: String) -> String {
        let parser = MarkdownParser()
        return xhtml(parser.html(from: preparingForInk(fencingIndentedCode(markdown))))
    }

    /// Fenced blocks pass as they are; every other block (a run of non-blank lines) goes
    /// through `preparingInline`.
    static func preparingForInk(_ markdown: String) -> String {
        var out: [String] = []
        var block: [Substring] = []
        func flush() {
            if !block.isEmpty { out.append(preparingInline(block.joined(separator: "\n"))) }
            block = []
        }
        var fence: Substring? = nil
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                out.append(String(line))
                continue
            }
            if trimmed.hasPrefix("```"), indentation(line) < 4 {
                flush()
                let marker = trimmed.prefix(while: { $0 == "`" })
                fence = marker
                // Ink copies the info string into `class="language-…"` unescaped.
                let info = trimmed.dropFirst(marker.count).filter { $0.isASCII && ($0.isLetter || $0.isNumber || "+-_.#".contains($0)) }
                out.append(String(line.prefix(line.count - trimmed.count)) + marker + info)
                continue
            }
            if isBlank(line) {
                flush()
                out.append(String(line))
                continue
            }
            // Ink ends a paragraph at a line that starts with a backtick; CommonMark continues it
            // (only a fence, handled above, starts a block there). Such a line joins the previous.
            if trimmed.hasPrefix("`"), let last = block.last, !last.hasSuffix("  ") {
                block[block.count - 1] = Substring(last + " " + trimmed)
                continue
            }
            block.append(Self.safeDeclaration(line))
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// A reference declaration (`[name]: url`) with its URL made safe as inline links' are.
    static func safeDeclaration(_ line: Substring) -> Substring {
        let trimmed = line.drop(while: { $0 == " " })
        guard trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]"),
              trimmed[close...].hasPrefix("]:") else { return line }
        let rest = trimmed[trimmed.index(close, offsetBy: 2)...].drop(while: { $0 == " " })
        return Substring(String(trimmed[...close]) + ": " + safeURL(String(rest)))
    }

    /// Turns CommonMark indented code blocks (lines indented by 4 spaces or a tab after a
    /// blank line, outside lists and fences) into fenced blocks.
    static func fencingIndentedCode(_ markdown: String) -> String {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [Substring] = []
        var i = 0
        var previousBlank = true
        var inList = false
        var fence: Substring? = nil
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                out.append(line)
                if trimmed.hasPrefix(open) { fence = nil }
                i += 1
                continue
            }
            if trimmed.hasPrefix("```") && indentation(line) < 4 {
                fence = trimmed.prefix(while: { $0 == "`" })
                out.append(line)
                previousBlank = false
                i += 1
                continue
            }
            if isBlank(line) {
                out.append(line)
                previousBlank = true
                i += 1
                continue
            }
            let indent = indentation(line)
            if indent >= 4 && previousBlank && !inList {
                var block: [Substring] = []
                while i < lines.count, isBlank(lines[i]) || indentation(lines[i]) >= 4 {
                    block.append(lines[i])
                    i += 1
                }
                while let last = block.last, isBlank(last) { block.removeLast() }
                let code = block.map { dropIndent($0) }
                let longestTicks = code.map(longestBacktickRun).max() ?? 0
                let marker = Substring(String(repeating: "`", count: max(3, longestTicks + 1)))
                out.append(marker)
                out += code
                out.append(marker)
                out.append("")
                previousBlank = true
                continue
            }
            if indent < 4 {
                if isListItem(trimmed) { inList = true } else if previousBlank { inList = false }
            }
            out.append(line)
            previousBlank = false
            i += 1
        }
        return out.joined(separator: "\n")
    }

    static func isBlank(_ line: Substring) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    /// Columns of leading whitespace, a tab counting as 4.
    static func indentation(_ line: Substring) -> Int {
        var n = 0
        for c in line {
            if c == " " { n += 1 } else if c == "\t" { n += 4 } else { break }
        }
        return n
    }

    static func dropIndent(_ line: Substring) -> Substring {
        if line.hasPrefix("\t") { return line.dropFirst() }
        var rest = line
        var n = 0
        while n < 4, rest.first == " " { rest = rest.dropFirst(); n += 1 }
        return rest
    }

    static func isListItem(_ trimmed: Substring) -> Bool {
        if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.hasPrefix("+ ") { return true }
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return false }
        let rest = trimmed.dropFirst(digits.count)
        return rest.hasPrefix(". ") || rest.hasPrefix(") ")
    }

    static func longestBacktickRun(_ line: Substring) -> Int {
        var longest = 0, run = 0
        for c in line {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }

    /// Closes the void elements Ink leaves open.
    static func xhtml(_ html: String) -> String {
        html.replacing("<br>", with: "<br/>").replacing("<hr>", with: "<hr/>")
    }
}
