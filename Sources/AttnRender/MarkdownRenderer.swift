import Ink

/// Markdown cells to HTML with Ink. Two gaps between what notebook authors write and what Ink
/// 0.6 reads are bridged before and after it (no Markdown is parsed here):
/// - Ink reads fenced code blocks only; the indented blocks the notebooks use for formulas
///   become fenced blocks first.
/// - Ink passes raw HTML through and, meeting a tag it cannot close (`<notebook>`, `<pad>`),
///   swallows the rest of the block into it. Cells write tokens like `<s>` far more often than
///   HTML, and the page must stay well formed and script-free, so a `<` outside code is
///   handed to Ink as `&lt;` (an entity Ink keeps): raw HTML in a cell shows as text.
/// - Ink writes `<br>` and `<hr>`; the page is kept XHTML-compatible (it must parse as XML),
///   so void elements are closed.
public enum MarkdownRenderer {
    public static func html(_ markdown: String) -> String {
        let parser = MarkdownParser()
        return xhtml(parser.html(from: escapingRawHTML(fencingIndentedCode(markdown))))
    }

    /// `<` outside fenced blocks and code spans becomes `&lt;`.
    static func escapingRawHTML(_ markdown: String) -> String {
        var out = ""
        out.reserveCapacity(markdown.utf8.count)
        var fence: Substring? = nil
        // Length of the backtick run that opened the current code span, 0 outside one.
        var span = 0
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out += "\n" }
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                out += line
                continue
            }
            if span == 0, trimmed.hasPrefix("```"), indentation(line) < 4 {
                fence = trimmed.prefix(while: { $0 == "`" })
                out += line
                continue
            }
            if isBlank(line) { span = 0 }  // a code span ends with its paragraph
            var i = line.startIndex
            while i < line.endIndex {
                let c = line[i]
                if c == "`" {
                    let run = line[i...].prefix(while: { $0 == "`" })
                    if span == 0 { span = run.count } else if span == run.count { span = 0 }
                    out += run
                    i = run.endIndex
                    continue
                }
                out += (c == "<" && span == 0) ? "&lt;" : String(c)
                i = line.index(after: i)
            }
        }
        return out
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
