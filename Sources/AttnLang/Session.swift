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
    nonisolated(unsafe) public static var interruptRequested: Bool = false
}

/// An error located in source: printed as `error: message`, ` --> file:line:col`, the line and a caret.
public struct Diagnostic: Error, CustomStringConvertible {
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    /// Columns the caret underline covers (at least 1).
    public var length: Int
    public var sourceLine: String

    public init(message: String, file: String, line: Int, column: Int, length: Int, sourceLine: String) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.length = length
        self.sourceLine = sourceLine
    }

    /// The multi-line form of LANGUAGE.md section 8; with `color`, ANSI colours.
    public func rendered(color: Bool = false) -> String {
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let red = color ? "\u{1B}[1;31m" : "", bold = color ? "\u{1B}[1m" : "", blue = color ? "\u{1B}[1;34m" : "", reset = color ? "\u{1B}[0m" : ""
        // The caret's indent copies tabs from the source line so that it lines up in a terminal.
        let indent = String(sourceLine.unicodeScalars.prefix(max(column - 1, 0)).map { $0 == "\t" ? "\t" : " " })
            + String(repeating: " ", count: max(column - 1 - sourceLine.unicodeScalars.count, 0))
        let caret = indent + String(repeating: "^", count: max(length, 1))
        // Messages and source lines can hold text from files: no raw control characters.
        return "\(red)error\(reset)\(bold): \(terminalSafe(message))\(reset)\n"
            + "\(blue) -->\(reset) \(terminalSafe(file)):\(line):\(column)\n"
            + "\(blue)\(pad) |\(reset)\n"
            + "\(blue)\(gutter) |\(reset) \(terminalSafe(sourceLine))\n"
            + "\(blue)\(pad) |\(reset) \(red)\(caret)\(reset)"
    }

    public var description: String { rendered() }
}
