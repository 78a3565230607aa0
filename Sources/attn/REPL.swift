import AttnLang
import Glibc

/// The interactive loop (and, with piped input, the same loop without prompts): reads whole
/// entries (continuing while `Session.needsMoreInput`), runs them, prints what they display.
/// Lines starting with `:` are commands and `?name` asks for help (REPL+Commands.swift).
final class REPL {
    let session = Session()
    let output: Output
    let source: LineSource
    let interactive: Bool
    /// Entries that ran without error, with their outcomes, for `:save`.
    var history: [(source: String, outcomes: [StatementOutcome])] = []
    /// Whether any entry failed (the exit status for piped input).
    var anyFailed = false
    var quitRequested = false

    static let prompt = "attn> "
    static let continuationPrompt = "  ... "

    init(output: Output, interactive: Bool) {
        self.output = output
        self.interactive = interactive
        if interactive {
            let session = self.session
            source = LineEditor(historyPath: LineEditor.defaultHistoryPath()) { before in
                if let path = LineCompletion.openString(in: before) {
                    return LineCompletion.paths(completing: path)
                }
                return session.completions(for: before)
            }
        } else {
            source = PlainLineSource()
        }
    }

    /// Runs until `:quit`, Ctrl-D or the end of input; returns the exit status.
    func run() -> Int32 {
        if interactive {
            output.write("attn \(AttnVersion.number) — :help for commands, Ctrl-D to quit\n")
        }
        var entry = ""
        var scanner = EntryScanner()
        while !quitRequested {
            let prompt = entry.isEmpty ? Self.prompt : Self.continuationPrompt
            switch source.read(prompt: interactive ? prompt : "") {
            case .end:
                if !entry.isEmpty { execute(entry) }
                return interactive || !anyFailed ? 0 : 1
            case .interrupted:
                entry = ""
                scanner = EntryScanner()
            case .line(let line):
                if entry.isEmpty && line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                if !entry.isEmpty { entry += "\n" }
                entry += line
                // Large entries skip the lexer while the scanner sees them still open (linear
                // paste instead of quadratic); see EntryScanner.
                let check = scanner.scan(line, size: entry.utf8.count)
                if isCommand(entry) || (check && !session.needsMoreInput(entry)) {
                    source.remember(entry)
                    execute(entry)
                    entry = ""
                    scanner = EntryScanner()
                }
            }
        }
        return interactive || !anyFailed ? 0 : 1
    }

    private func isCommand(_ entry: String) -> Bool {
        let trimmed = entry.drop(while: { $0 == " " || $0 == "\t" })
        return trimmed.hasPrefix(":") || trimmed.hasPrefix("?")
    }

    /// Runs one entry: a command or code.
    func execute(_ entry: String) {
        Session.interruptRequested = false
        let trimmed = String(entry.drop(while: { $0 == " " || $0 == "\t" }))
        if trimmed.hasPrefix(":") || trimmed.hasPrefix("?") {
            command(trimmed)
        } else {
            runCode(entry, file: "<repl>")
        }
        fflush(stdout)
    }

    /// Runs code in the session, printing as each statement finishes; remembers it for
    /// `:save` when it succeeded.
    @discardableResult
    func runCode(_ code: String, file: String) -> Bool {
        var outcomes: [StatementOutcome] = []
        sigintArrived = 0
        let ok = session.run(source: code, file: file) { outcome in
            outcomes.append(outcome)
            // The terminal echoed `^C` where the cursor was; start the message on a new line.
            if outcome.error != nil && sigintArrived != 0 && self.interactive { self.output.write("\n") }
            self.output.show(outcome)
        }.succeeded
        if ok { history.append((code, outcomes)) }
        if !ok { anyFailed = true }
        return ok
    }
}
