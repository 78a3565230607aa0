import AttnLang
import Glibc

/// The interactive loop (and, with piped input, the same loop without prompts): reads whole
/// entries (continuing while `Session.needsMoreInput`), runs them, prints what they display.
/// Lines starting with `:` are commands and `?name` asks for help (REPL+Commands.swift).
final class REPL {
    let session = Session()
    let output: Output
    let live: LiveOutput
    let source: LineSource
    let interactive: Bool
    /// Every code entry with its outcomes and whether it ran without error, for `:save`.
    var history: [(source: String, outcomes: [StatementOutcome], ok: Bool)] = []
    /// Comment lines typed or pasted on their own: they run nothing and join the next entry
    /// (so a pasted block's comments stay with its code in `:save`, not cells of their own).
    var pendingComments: [String] = []
    /// Whether any entry failed (the exit status for piped input).
    var anyFailed = false
    var quitRequested = false

    static let prompt = "attn> "
    static let continuationPrompt = "  ... "

    init(output: Output, interactive: Bool) {
        self.output = output
        self.interactive = interactive
        live = LiveOutput(output: output)
        live.attach(to: session)
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
                let indented = line.drop(while: { $0 == " " || $0 == "\t" })
                if entry.isEmpty && indented.hasPrefix("#") {
                    // Recorded outputs (`#>`) in a pasted notebook are not code: re-running makes them.
                    if !indented.hasPrefix("#>") { pendingComments.append(line) }
                    continue
                }
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
        let trimmed = String(entry.drop(while: { $0 == " " || $0 == "\t" }))
        let echo = interactive ? TerminalEcho.off() : nil
        defer { TerminalEcho.restore(echo) }
        if trimmed.hasPrefix(":") || trimmed.hasPrefix("?") {
            command(trimmed)
        } else {
            let comments = pendingComments.map { $0 + "\n" }.joined()
            pendingComments = []
            runCode(comments + entry, file: "<repl>")
        }
        fflush(stdout)
    }

    /// Runs code in the session, printing as it displays; remembers it for `:save`.
    @discardableResult
    func runCode(_ code: String, file: String) -> Bool {
        var outcomes: [StatementOutcome] = []
        sigintArrived = 0
        let ok = session.run(source: code, file: file) { outcome in
            outcomes.append(outcome)
            self.live.show(errorOf: outcome)
        }.succeeded
        history.append((code, outcomes, ok))
        if !ok { anyFailed = true }
        return ok
    }
}

/// Typed-ahead input while a statement runs: the terminal would echo it between the
/// statement's output lines. With echo off it waits unseen in the terminal's queue, and the
/// line editor reads (and shows) it at the next prompt.
enum TerminalEcho {
    /// Turns echo off on stdin's terminal; returns the settings to restore.
    static func off() -> termios? {
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        // TCSANOW, not TCSAFLUSH: the keys already typed must stay queued.
        return tcsetattr(0, TCSANOW, &quiet) == 0 ? saved : nil
    }

    static func restore(_ saved: termios?) {
        guard var saved else { return }
        tcsetattr(0, TCSANOW, &saved)
    }
}
