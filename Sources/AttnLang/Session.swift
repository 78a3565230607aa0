import TensorRuntime

// PUBLIC API between the language (AttnLang) and its hosts: the command (Sources/attn), the
// renderer (AttnRender) and the Jupyter kernel. Keep it small: run, needsMoreInput,
// completions, help, variables, reset, and the interrupt flag.

/// One top-level statement's outcome, in source order.
public struct StatementOutcome {
    /// 1-based lines the statement spans in its source (first...last, comments excluded).
    public var firstLine: Int
    public var lastLine: Int
    /// Everything it displayed, including `print` calls inside functions and loops it ran.
    public var items: [DisplayItem]
    /// Set when the statement failed; later statements of the same run are not executed.
    public var error: Diagnostic?
    /// True when the last of `items` is the value of the statement's expression (what the
    /// REPL echoes), which the Jupyter kernel sends as `execute_result` for a cell's last one.
    public var endsWithValue = false

    public init(firstLine: Int, lastLine: Int, items: [DisplayItem], error: Diagnostic?) {
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.items = items
        self.error = error
    }
}

/// How a `Session.run` ended.
public enum RunResult {
    /// Every statement ran.
    case completed
    /// The source did not parse: every error found. Nothing ran.
    case parseFailed([Diagnostic])
    /// A statement failed with this diagnostic (also in its `StatementOutcome`); later ones did
    /// not run. `interrupted`: it was stopped by `Session.interruptRequested` (Ctrl-C).
    case failed(Diagnostic, interrupted: Bool)

    public var succeeded: Bool {
        if case .completed = self { return true }
        return false
    }

    /// The parse errors, or the runtime error, or nothing.
    public var diagnostics: [Diagnostic] {
        switch self {
        case .completed: return []
        case .parseFailed(let d): return d
        case .failed(let d, _): return [d]
        }
    }
}

/// An interpreter with its global variables; the REPL keeps one for the whole session.
public final class Session {
    let interpreter: Interpreter

    public init() {
        interpreter = Interpreter(registry: .standard)
        Blas.settleThreads()
    }

    // MARK: Live output
    //
    // `run` reports each statement's outcome when the statement ends; these two hooks report
    // what it displays while it runs. Both are called on the evaluator thread (the thread
    // `run` runs statements on), synchronously: the statement continues when the hook returns.
    // Items still appear in `StatementOutcome.items`, so recording (`attn check`/`update`,
    // `:save`) works the same with or without hooks; a front end that streams should print
    // only `outcome.error` from `onStatement`.

    /// Called with each item the moment it is displayed: a `print` inside a loop, a figure,
    /// a top-level expression's value. Nil (the default) streams nothing.
    public var onDisplay: ((DisplayItem) -> Void)? {
        get { interpreter.displaySink }
        set { interpreter.displaySink = newValue }
    }

    /// Called as a `progress()` loop advances (at most ~10 times a second) and once more with
    /// `finished` set when it ends. The final line (`state.line`, e.g. `epochs: 10/10`) is
    /// recorded as a text item but delivered here instead of to `onDisplay`: a terminal redraws
    /// `state.bar(width:)` in place and leaves the last bar; anything else prints `state.line`
    /// once, when finished. When nil, the final line goes to `onDisplay` as text and the
    /// updates are dropped, which is right for pipes, pages and the Jupyter kernel.
    public var onProgress: ((ProgressState) -> Void)? {
        get { interpreter.progressSink }
        set { interpreter.progressSink = newValue }
    }

    /// Parses and runs `source` (named `file` in diagnostics, `<repl>` in the REPL), calling
    /// `onStatement` after each top-level statement. A parse error reports every error found
    /// (each also through `onStatement`) and runs nothing; a runtime error stops the run.
    @discardableResult
    public func run(source: String, file: String, onStatement: (StatementOutcome) -> Void) -> RunResult {
        var result = RunResult.completed
        let interpreter = self.interpreter
        // Parsing, running and releasing the syntax tree all recurse as deep as the program
        // nests (a 200 000-term `1 + 1 + ...` is a tree that deep), so everything happens on a
        // large stack (see runOnLargeStack); `onStatement` is called from that thread, as soon
        // as each statement's outcome exists, and `run` returns when all is done.
        withoutActuallyEscaping(onStatement) { onStatement in
            runOnLargeStack {
                let parsed = interpreter.parse(source: source, file: file)
                if !parsed.diagnostics.isEmpty {
                    for d in parsed.diagnostics {
                        onStatement(StatementOutcome(firstLine: d.line, lastLine: d.line, items: [], error: d))
                    }
                    result = .parseFailed(parsed.diagnostics)
                    return
                }
                for statement in parsed.statements {
                    let (outcome, interrupted) = interpreter.runTopLevel(statement)
                    onStatement(outcome)
                    if let error = outcome.error {
                        result = .failed(error, interrupted: interrupted)
                        break
                    }
                }
            }
        }
        return result
    }

    /// True when `source` is incomplete (open bracket, brace or string), so the REPL should
    /// read a continuation line instead of running it.
    public func needsMoreInput(_ source: String) -> Bool { Lexer.isIncomplete(source) }

    /// Completion candidates for the text before the cursor (`line[..<cursor]`): builtins,
    /// keywords, variables, `x.` members. Each candidate replaces the word being completed.
    public func completions(for textBeforeCursor: String) -> [String] {
        interpreter.completions(for: textBeforeCursor)
    }

    /// Signature, summary and example of a builtin, for `?name` and `:help name`.
    public func help(for name: String) -> String? { interpreter.helpText(for: name) }

    /// Global variables with a short type description (`tensor [1, 5, 4]`, `layer gru`, `number`).
    public func variables() -> [(name: String, description: String)] { interpreter.userVariables() }

    /// One global variable: its short type description and its value as printed (`:vars NAME`).
    public func variable(named name: String) -> (description: String, repr: String)? {
        interpreter.userVariable(named: name)
    }

    /// The variable or builtin name closest to a misspelt `name`, if any is close.
    public func suggestion(for name: String) -> String? {
        Suggestion.closest(to: name, among: interpreter.definedGlobalNames())
    }

    /// Drops every variable (`:reset`).
    public func reset() {
        // Releasing a deeply nested value recurses; do it on the evaluator's large stack.
        let interpreter = self.interpreter
        runOnLargeStack {
            interpreter.globals.clear()
            interpreter.installBuiltins()
        }
    }

    /// Set from a SIGINT handler; the evaluator polls it in loops and calls and stops the
    /// running statement with an "interrupted" diagnostic. The REPL clears it before each entry.
    /// Long runtime ops (a big product, a long recurrence) see it through
    /// `TensorRuntime.Cancellation`, which follows this flag.
    nonisolated(unsafe) public static var interruptRequested: Bool = false {
        didSet { Cancellation.requested = interruptRequested }
    }
}

/// An error located in source: printed as `error: message`, ` --> file:line:col`, the line and a
/// caret, then the call chain when the error was raised inside functions.
public struct Diagnostic: Error, CustomStringConvertible {
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    /// Columns the caret underline covers (at least 1).
    public var length: Int
    public var sourceLine: String
    /// The user-function calls the error passed through, innermost first (empty at top level).
    public var callChain: [CallFrame]

    public init(message: String, file: String, line: Int, column: Int, length: Int, sourceLine: String,
                callChain: [CallFrame] = []) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.length = length
        self.sourceLine = sourceLine
        self.callChain = callChain
    }

    /// One function call on the way to an error: `in fn NAME, called from FILE:LINE:COL`.
    public struct CallFrame: Equatable, Sendable {
        public var function: String
        /// Where it was called; nil when the call site is unknown.
        public var file: String?
        public var line: Int
        public var column: Int

        public init(function: String, file: String?, line: Int, column: Int) {
            self.function = function
            self.file = file
            self.line = line
            self.column = column
        }

        public var description: String {
            guard let file else { return "in fn \(function)" }
            return "in fn \(function), called from \(file):\(line):\(column)"
        }
    }

    /// Source lines longer than this are shown cut around the caret.
    public static let maxShownColumns = 120

    /// The multi-line form of LANGUAGE.md sections 8 and 9.5; with `color`, ANSI colours.
    public func rendered(color: Bool = false) -> String {
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let red = color ? "\u{1B}[1;31m" : "", bold = color ? "\u{1B}[1m" : "", blue = color ? "\u{1B}[1;34m" : "", reset = color ? "\u{1B}[0m" : ""
        let shown = Self.window(sourceLine, column: column, length: length)
        // The caret's indent copies tabs from the source line so that it lines up in a terminal.
        let indent = String(shown.text.unicodeScalars.prefix(max(shown.column - 1, 0)).map { $0 == "\t" ? "\t" : " " })
            + String(repeating: " ", count: max(shown.column - 1 - shown.text.unicodeScalars.count, 0))
        let caret = indent + String(repeating: "^", count: max(shown.length, 1))
        // Messages and source lines can hold text from files: no raw control characters.
        var text = "\(red)error\(reset)\(bold): \(terminalSafe(message))\(reset)\n"
            + "\(blue) -->\(reset) \(terminalSafe(file)):\(line):\(column)\n"
            + "\(blue)\(pad) |\(reset)\n"
            + "\(blue)\(gutter) |\(reset) \(terminalSafe(shown.text))\n"
            + "\(blue)\(pad) |\(reset) \(red)\(caret)\(reset)"
        for frame in chainLines() { text += "\n\(blue)\(pad) =\(reset) \(frame)" }
        return text
    }

    public var description: String { rendered() }

    /// The call chain as printed: a frame repeated in a row (recursion) once with a count, and
    /// of a very long chain the 10 innermost and 10 outermost frames.
    func chainLines() -> [String] {
        var lines: [String] = []
        var i = 0
        while i < callChain.count {
            var j = i + 1
            while j < callChain.count && callChain[j] == callChain[i] { j += 1 }
            lines.append(callChain[i].description + (j - i > 1 ? " (\(j - i) times in a row)" : ""))
            i = j
        }
        guard lines.count > 20 else { return lines }
        return Array(lines.prefix(10)) + ["... \(lines.count - 20) more calls ..."] + Array(lines.suffix(10))
    }

    /// The part of `line` to show with its caret: all of it up to `maxShownColumns` columns,
    /// otherwise that many columns around the caret, with `…` where the line was cut.
    static func window(_ line: String, column: Int, length: Int) -> (text: String, column: Int, length: Int) {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > maxShownColumns else { return (line, column, length) }
        let room = maxShownColumns - 2
        let caretStart = max(column - 1, 0)
        var from = max(0, caretStart - room / 3)
        let to = min(scalars.count, from + room)
        if to == scalars.count { from = max(0, to - room) }
        var text = from > 0 ? "…" : ""
        text.unicodeScalars.append(contentsOf: scalars[from..<to])
        if to < scalars.count { text += "…" }
        let shownColumn = caretStart - from + (from > 0 ? 1 : 0) + 1
        let shownLength = max(1, min(length, to - caretStart))
        return (text, shownColumn, shownLength)
    }
}
