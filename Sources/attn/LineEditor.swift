@preconcurrency import CEditline
import AttnLang
import Glibc

/// One read from the user.
enum LineRead {
    case line(String)
    /// Ctrl-C at the prompt: drop the entry being typed and prompt again.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case end
}

/// Where the REPL's lines come from.
protocol LineSource: AnyObject {
    func read(prompt: String) -> LineRead
    /// Records one whole (possibly multi-line) entry; sources without history ignore it.
    func remember(_ entry: String)
}

/// Statements piped in: no prompt, no history, no line editing.
final class PlainLineSource: LineSource {
    func read(prompt: String) -> LineRead {
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        let n = getline(&buffer, &capacity, stdin)
        guard n >= 0, let buffer else { return .end }
        var line = String(cString: buffer)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    func remember(_ entry: String) {}
}

/// Set by the SIGINT handler; read and cleared by the REPL thread.
nonisolated(unsafe) var sigintArrived: sig_atomic_t = 0

/// The thread that reads lines and runs the session. The kernel hands a terminal's SIGINT to
/// any thread that does not block it, OpenBLAS's workers included (they start before `main`
/// and cannot be told to block it); the handler forwards it here so the read returns.
nonisolated(unsafe) private var replThread: pthread_t?

/// Candidates for the text before the cursor, each meant to replace the word that ends there.
nonisolated(unsafe) private var activeCompleter: ((String) -> [String])?

/// The terminal line editor: libedit through its readline-compatible API (history with Ctrl-R
/// search and up-arrow, tab completion). History is a file in libedit's format, rewritten
/// atomically after every entry, so a crash or a second session cannot leave it torn.
final class LineEditor: LineSource {
    private let historyPath: String?

    init(historyPath: String?, completer: @escaping (String) -> [String]) {
        self.historyPath = historyPath
        activeCompleter = completer
        rl_readline_name = UnsafePointer(strdup("attn"))
        // libedit's own SIGINT handler would re-send the signal to the whole process group
        // (`make run` included); ours only sets a flag, and the read returns with EINTR.
        rl_catch_signals = 0
        rl_initialize()
        using_history()
        stifle_history(2000)
        if let historyPath { _ = read_history(historyPath) }
        rl_completion_append_character = 0
        // The word libedit replaces is the identifier run before the cursor; candidates that
        // start further back (`x.shape`, a path inside a string) are cut to fit it.
        rl_basic_word_break_characters = UnsafePointer(strdup(LineCompletion.wordBreaks))
        rl_attempted_completion_function = { text, _, _ in
            rl_attempted_completion_over = 1
            let word = text.map { String(cString: $0) } ?? ""
            let candidates = activeCompleter?(LineCompletion.textBeforeCursor()) ?? []
            return LineCompletion.matches(word: word, textBeforeCursor: LineCompletion.textBeforeCursor(),
                                          candidates: candidates)
        }
        Self.installInterruptHandler()
    }

    func read(prompt: String) -> LineRead {
        sigintArrived = 0
        guard let raw = readline(prompt) else {
            if sigintArrived != 0 {
                sigintArrived = 0
                fputs("\n", stdout)
                return .interrupted
            }
            fputs("\n", stdout)
            return .end
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    func remember(_ entry: String) {
        guard !entry.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else { return }
        _ = add_history(entry)
        saveHistory()
    }

    /// write_history to a temporary file beside the history, then rename over it.
    private func saveHistory() {
        guard let historyPath else { return }
        let temporary = "\(historyPath).tmp-\(getpid())"
        if write_history(temporary) == 0, rename(temporary, historyPath) == 0 { return }
        unlink(temporary)
    }

    /// SIGINT sets flags instead of killing the process: at the prompt the read returns
    /// (no SA_RESTART), while a statement runs the evaluator sees `interruptRequested`.
    static func installInterruptHandler() {
        AttnSignals.touchInterruptFlag()
        replThread = pthread_self()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            sigintArrived = 1
            AttnSignals.requestInterrupt()
            if let target = replThread, pthread_equal(pthread_self(), target) == 0 {
                pthread_kill(target, signal)
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// `ATTN_HISTORY`, else `~/.attn_history`; nil when neither can be named.
    static func defaultHistoryPath() -> String? {
        if let path = getenv("ATTN_HISTORY"), path.pointee != 0 { return String(cString: path) }
        if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) + "/.attn_history" }
        return nil
    }
}

/// The language's interrupt flag, reached from the signal handler. Touched once before the
/// handler is installed so that the handler never runs the global's lazy initialiser.
enum AttnSignals {
    static func touchInterruptFlag() { Session.interruptRequested = false }
    static func requestInterrupt() { Session.interruptRequested = true }
}
