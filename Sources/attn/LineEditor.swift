import AttnLang
@preconcurrency import CEditline
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

/// The self-pipe of the SIGINT handler. A flag alone races: a Ctrl-C landing between the
/// prompt and the blocking read (or on one of OpenBLAS's threads, which the kernel may pick)
/// would be seen only after the next key. The editor waits on the terminal and this pipe
/// together, so a Ctrl-C at the prompt always ends the read.
nonisolated(unsafe) private var interruptPipe: (read: Int32, write: Int32) = (-1, -1)

/// The terminal opened a second time, non-blocking, for the editor's reads. A Ctrl-C also
/// empties the terminal's input queue: landing between `poll` reporting a key and the `read`
/// of it, it left a blocking read waiting on an empty queue for good (a test that typed a line
/// and Ctrl-C at once hung 2 times in 40 on a busy machine). Its own open file description, so
/// that the shell sharing fd 0's never sees O_NONBLOCK; fd 0 itself when it cannot be opened.
/// The editor polls and reads this one descriptor.
nonisolated(unsafe) private var terminalInput: Int32 = 0

/// Candidates for the text before the cursor, each meant to replace the word that ends there.
nonisolated(unsafe) private var activeCompleter: ((String) -> [String])?

/// The terminal line editor: libedit through its readline-compatible API (history with Ctrl-R
/// search and up-arrow, tab completion). History is a file in libedit's format, appended to
/// one entry at a time (`HistoryFile`) and compacted by an atomic rewrite now and then.
final class LineEditor: LineSource {
    private let historyPath: String?
    private var historyFile: HistoryFile?

    init(historyPath: String?, completer: @escaping (String) -> [String]) {
        self.historyPath = historyPath
        activeCompleter = completer
        // libedit measures and prints characters through the C locale: without a UTF-8
        // LC_CTYPE it drops every non-ASCII character typed.
        if setlocale(LC_CTYPE, "") == nil || String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        rl_readline_name = UnsafePointer(strdup("attn"))
        // libedit's own SIGINT handler would re-send the signal to the whole process group
        // (`make run` included); ours only sets flags and wakes the reader.
        rl_catch_signals = 0
        rl_getc_function = { _ in LineEditor.readCodePoint() }
        rl_initialize()
        using_history()
        stifle_history(2000)
        if let historyPath {
            _ = read_history(historyPath)
            historyFile = HistoryFile(path: historyPath)
            if historyFile!.lines > 2 * HistoryFile.kept + 1 { saveHistory() }
        }
        rl_completion_append_character = 0
        // The word libedit replaces is the identifier run before the cursor; candidates that
        // start further back (`x.shape`, a path inside a string) are cut to fit it.
        rl_basic_word_break_characters = UnsafePointer(strdup(LineCompletion.wordBreaks))
        rl_attempted_completion_function = { text, _, _ in
            rl_attempted_completion_over = 1
            let word = text.map { String(cString: $0) } ?? ""
            let before = LineCompletion.textBeforeCursor()
            let candidates = activeCompleter?(before) ?? []
            return LineCompletion.matches(word: word, textBeforeCursor: before, candidates: candidates)
        }
        Self.installInterruptHandler()
        if let name = ttyname(0) {
            let input = open(name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
            if input >= 0 { terminalInput = input }
        }
    }

    func read(prompt: String) -> LineRead {
        // A Ctrl-C that stopped a running statement must not also cancel this new line. The
        // language's flag is cleared here too, not when the entry starts: a Ctrl-C that lands
        // between the end of this read and the start of the entry must stop that entry.
        Self.drainInterrupts()
        sigintArrived = 0
        AttnSignals.clearInterruptRequest()
        guard let raw = readline(prompt) else {
            fputs("\n", stdout)
            if sigintArrived != 0 {
                sigintArrived = 0
                return .interrupted
            }
            return .end
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    func remember(_ entry: String) {
        guard !entry.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else { return }
        _ = add_history(entry)
        if historyFile?.append(entry) == true { saveHistory() }
    }

    /// Compaction: write_history (the last 2000 entries) to a temporary file beside the
    /// history, then rename over it.
    private func saveHistory() {
        guard let historyPath else { return }
        let temporary = "\(historyPath).tmp-\(getpid())"
        if write_history(temporary) == 0, rename(temporary, historyPath) == 0 {
            historyFile = HistoryFile(path: historyPath)
            return
        }
        unlink(temporary)
    }

    /// libedit's character reader: one Unicode scalar from the terminal (UTF-8 is decoded
    /// here, since libedit takes the returned int as a whole character), or -1, which ends
    /// `readline` with NULL, at the end of input or on Ctrl-C.
    static func readCodePoint() -> Int32 {
        let lead = readByte()
        guard lead >= 0x80 else { return lead }
        let count = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
        guard count > 0 else { return 0xFFFD }
        var scalar = lead & (0x3F >> Int32(count))
        for _ in 0..<count {
            let next = readByte()
            if next < 0 { return -1 }
            guard next & 0xC0 == 0x80 else { return 0xFFFD }
            scalar = scalar << 6 | (next & 0x3F)
        }
        return Unicode.Scalar(UInt32(scalar)) == nil ? 0xFFFD : scalar
    }

    /// One byte from stdin, or -1 at the end of input or when the interrupt pipe has a byte.
    private static func readByte() -> Int32 {
        while true {
            var fds = [pollfd(fd: terminalInput, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: interruptPipe.read, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, interruptPipe.read >= 0 ? 2 : 1, -1) < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if fds[1].revents != 0, drainInterrupts() { return -1 }
            guard fds[0].revents != 0 else { continue }
            var byte: UInt8 = 0
            let n = Glibc.read(terminalInput, &byte, 1)
            if n == 1 { return Int32(byte) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            return -1
        }
    }

    /// Empties the pipe; true when it held a Ctrl-C (byte 1). A window resize (byte 2) tells
    /// libedit the new width, which it would otherwise learn only from its own handler.
    @discardableResult
    private static func drainInterrupts() -> Bool {
        guard interruptPipe.read >= 0 else { return false }
        var interrupted = false, resized = false
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(interruptPipe.read, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            for byte in buffer[0..<n] {
                if byte == 1 { interrupted = true } else { resized = true }
            }
        }
        if resized { rl_resize_terminal() }
        return interrupted
    }

    /// SIGINT sets flags instead of killing the process: at the prompt the read ends (through
    /// the pipe); while a statement runs, the evaluator sees `interruptRequested`.
    static func installInterruptHandler() {
        AttnSignals.clearInterruptRequest()
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
            interruptPipe = (fds[0], fds[1])
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            sigintArrived = 1
            AttnSignals.requestInterrupt()
            let saved = errno
            var byte: UInt8 = 1  // a literal: no lazy global in a signal handler
            if interruptPipe.write >= 0 { _ = write(interruptPipe.write, &byte, 1) }
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // With rl_catch_signals off libedit does not watch SIGWINCH either.
        var resize = sigaction()
        resize.__sigaction_handler.sa_handler = { _ in
            let saved = errno
            var byte: UInt8 = 2
            if interruptPipe.write >= 0 { _ = write(interruptPipe.write, &byte, 1) }
            errno = saved
        }
        sigemptyset(&resize.sa_mask)
        resize.sa_flags = SA_RESTART
        sigaction(SIGWINCH, &resize, nil)
    }

    /// `ATTN_HISTORY`, else `~/.attn_history`; nil when neither can be named.
    static func defaultHistoryPath() -> String? {
        if let path = getenv("ATTN_HISTORY"), path.pointee != 0 { return String(cString: path) }
        if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) + "/.attn_history" }
        return nil
    }
}

/// The language's interrupt flag, reached from the signal handler. Cleared once before the
/// handler is installed so that the handler never runs the global's lazy initialiser.
enum AttnSignals {
    static func clearInterruptRequest() { Session.interruptRequested = false }
    static func requestInterrupt() { Session.interruptRequested = true }

    /// For `attn FILE` and `-e`: Ctrl-C stops the running statement, which ends with
    /// `error: interrupted` at its location after everything already printed (the caller
    /// exits 130). A second Ctrl-C, should the first not be honoured soon enough, ends the
    /// program at once with status 130.
    static func installScriptInterruptHandler() {
        clearInterruptRequest()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if Session.interruptRequested { _exit(130) }
            Session.interruptRequested = true
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}
