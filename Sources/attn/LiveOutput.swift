import AttnLang
import Glibc

/// Prints what a running statement displays as it is displayed (the session's live-output
/// hooks), so a long loop's prints and a progress bar appear while it runs. On a terminal a
/// `progress()` bar is redrawn in place on the last line; printed lines go above it. Elsewhere
/// a bar shows only its final line (`DESC: N/N`), so piped output is the same from run to run.
final class LiveOutput {
    let output: Output
    let terminal: Bool
    /// The bar on the terminal's last line, not yet ended by a newline.
    private var bar: ProgressState?

    init(output: Output) {
        self.output = output
        terminal = isatty(1) == 1
        if !terminal { PeriodicFlush.start() }
    }

    /// Streams `session`'s displays here; `show(errorOf:)` then prints what is left of each outcome.
    func attach(to session: Session) {
        session.onDisplay = { [unowned self] item in self.show(item) }
        session.onProgress = terminal ? { [unowned self] state in self.draw(state) } : nil
    }

    func show(_ item: DisplayItem) {
        let redraw = bar
        if redraw != nil { output.write("\r\u{1B}[K") }
        bar = nil
        output.show(item)
        // A terminal shows each line at once. A pipe or file is flushed by `PeriodicFlush`
        // instead: a write per item would make a tight loop of prints 2.5 times slower
        // (Benchmarks/RESULTS.md), and a reader (`attn FILE | tee log`) needs the lines within
        // a fraction of a second, not within the microsecond.
        if terminal { fflush(stdout) }
        if let redraw { draw(redraw) }
    }

    /// The statement's diagnostic, after whatever it displayed (already streamed).
    func show(errorOf outcome: StatementOutcome) {
        endBar()
        if let error = outcome.error { output.show(error) }
        fflush(stdout)
    }

    /// Ends a bar left on the last line (an interrupted loop) so that what follows starts on a
    /// line of its own.
    func endBar() {
        guard bar != nil else { return }
        output.write("\n")
        fflush(stdout)
        bar = nil
    }

    private func draw(_ state: ProgressState) {
        output.write("\r" + state.bar(width: Self.columns() - 1) + "\u{1B}[K" + (state.finished ? "\n" : ""))
        fflush(stdout)
        bar = state.finished ? nil : state
    }

    /// The terminal's width (80 when it cannot be asked).
    static func columns() -> Int {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

/// A thread that flushes stdout every 50 ms, so that what a statement printed into a pipe or
/// a file reaches it while the statement still runs (even one that prints once and then
/// computes for minutes) without a write per printed line. stdio locks the stream, so this
/// flush and the evaluator's writes cannot tear each other.
enum PeriodicFlush {
    nonisolated(unsafe) private static var started = false

    static func start() {
        guard !started else { return }
        started = true
        // Signals go to the other threads: Ctrl-C must wake the evaluator's reads and sleeps.
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        var thread = pthread_t()
        if pthread_create(&thread, nil, { _ in
            while true {
                usleep(50_000)
                fflush(stdout)
            }
        }, nil) == 0 {
            pthread_detach(thread)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
}
