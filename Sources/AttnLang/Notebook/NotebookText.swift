/// A `.attn` file as a list of lines that keep their exact bytes, line terminators included,
/// so that rewriting the recorded outputs (`#>` lines) leaves every other byte untouched:
/// cell markers, Markdown comment cells, trailing whitespace, `\r\n` endings.
///
/// Recorded outputs follow LANGUAGE.md section 7: whatever a top-level statement displays is
/// written right below the statement's last line, one `#> ` line per line of output (`#>`
/// alone for an empty line). A line is a recorded-output line exactly when it starts with
/// `#>` in column 0; the lexer reads it as a comment.
public struct NotebookText: Equatable {
    /// One line: its bytes without the terminator, and the terminator (`\n`, `\r\n` or empty
    /// for a last line without one).
    public struct Line: Equatable {
        public var content: [UInt8]
        public var terminator: [UInt8]

        public init(content: [UInt8], terminator: [UInt8]) {
            self.content = content
            self.terminator = terminator
        }

        /// True for a recorded-output line (`#>` in column 0).
        public var isRecordedOutput: Bool {
            content.count >= 2 && content[0] == UInt8(ascii: "#") && content[1] == UInt8(ascii: ">")
        }

        /// The content as text (invalid UTF-8 is replaced, for display only).
        public var text: String { String(decoding: content, as: UTF8.self) }
    }

    public private(set) var lines: [Line]

    /// Splits `bytes` into lines; joining them back (`bytes`) gives exactly `bytes`.
    public init(bytes: [UInt8]) {
        var lines: [Line] = []
        var start = 0
        var i = 0
        let newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while i < bytes.count {
            if bytes[i] == newline {
                let end = (i > start && bytes[i - 1] == cr) ? i - 1 : i
                lines.append(Line(content: Array(bytes[start..<end]), terminator: Array(bytes[end...i])))
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count {
            lines.append(Line(content: Array(bytes[start...]), terminator: []))
        }
        self.lines = lines
    }

    public init(_ text: String) { self.init(bytes: Array(text.utf8)) }

    public init(lines: [Line]) { self.lines = lines }

    /// The file's bytes, exactly as read when nothing was changed.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.content.count + $1.terminator.count })
        for line in lines {
            out += line.content
            out += line.terminator
        }
        return out
    }

    /// The source handed to the interpreter (recorded lines included: they are comments).
    public var source: String { String(decoding: bytes, as: UTF8.self) }

    /// The terminator new lines get: the file's first one, `\n` when it has none.
    var preferredTerminator: [UInt8] {
        lines.first(where: { !$0.terminator.isEmpty })?.terminator ?? [UInt8(ascii: "\n")]
    }

    /// The same file with every recorded-output block replaced by what `outcomes` displayed:
    /// all existing `#>` lines are dropped and each statement's output is inserted after its
    /// `lastLine`. Statements sharing a last line (`a; b`) get one block, in order. A file
    /// that ended without a final newline still does.
    public func recording(_ outcomes: [StatementOutcome]) -> NotebookText {
        var blocks: [Int: [[UInt8]]] = [:]
        for outcome in outcomes {
            let recorded = RecordedOutput.lines(items: outcome.items, error: outcome.error)
            if recorded.isEmpty { continue }
            let at = min(max(outcome.lastLine, 1), max(lines.count, 1))
            blocks[at, default: []] += recorded.map { Array($0.utf8) }
        }
        let preferred = preferredTerminator
        var out: [Line] = []
        out.reserveCapacity(lines.count)
        // A block takes the line ending of the statement line it follows.
        func appendBlock(_ block: [[UInt8]]) {
            var newline = preferred
            if let last = out.indices.last {
                if out[last].terminator.isEmpty { out[last].terminator = preferred } else { newline = out[last].terminator }
            }
            for content in block { out.append(Line(content: content, terminator: newline)) }
        }
        for (index, line) in lines.enumerated() {
            if !line.isRecordedOutput { out.append(line) }
            if let block = blocks[index + 1] { appendBlock(block) }
        }
        if lines.isEmpty, let block = blocks[1] { appendBlock(block) }
        if let original = lines.last, original.terminator.isEmpty, let last = out.indices.last {
            out[last].terminator = []
        }
        return NotebookText(lines: out)
    }

    /// The first line where the recorded outputs of `self` (the file as it is) and `actual`
    /// (the same file re-recorded) differ, ignoring trailing spaces and tabs; nil when they
    /// agree. `line` is 1-based in `self`; a nil side means that side has no recorded line
    /// there (output missing or unexpected).
    public func firstRecordedDifference(from actual: NotebookText) -> RecordedDifference? {
        var i = 0, j = 0
        while i < lines.count || j < actual.lines.count {
            let expected = i < lines.count ? lines[i] : nil
            let got = j < actual.lines.count ? actual.lines[j] : nil
            let expectedRecorded = expected?.isRecordedOutput ?? false
            let gotRecorded = got?.isRecordedOutput ?? false
            if expectedRecorded && gotRecorded {
                if let e = expected, let g = got, Self.trimmed(e.content) != Self.trimmed(g.content) {
                    return RecordedDifference(line: i + 1, expected: e.text, actual: g.text)
                }
                i += 1; j += 1
            } else if expectedRecorded || gotRecorded {
                return RecordedDifference(line: i + 1,
                                          expected: expectedRecorded ? expected?.text : nil,
                                          actual: gotRecorded ? got?.text : nil)
            } else {
                // Source lines are the same in both (recording only touches `#>` lines).
                i += 1; j += 1
            }
        }
        return nil
    }

    private static func trimmed(_ content: [UInt8]) -> ArraySlice<UInt8> {
        var end = content.count
        while end > 0, content[end - 1] == UInt8(ascii: " ") || content[end - 1] == UInt8(ascii: "\t") {
            end -= 1
        }
        return content[..<end]
    }
}

/// Where a notebook's recorded outputs and a fresh run part ways.
public struct RecordedDifference: Equatable {
    /// 1-based line in the file as it is (for a missing block, the line it would start at).
    public var line: Int
    /// The recorded line found there, or nil when the file records nothing more there.
    public var expected: String?
    /// The line the run produced, or nil when the run displayed nothing more there.
    public var actual: String?

    public init(line: Int, expected: String?, actual: String?) {
        self.line = line
        self.expected = expected
        self.actual = actual
    }
}
