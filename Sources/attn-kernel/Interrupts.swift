import AttnLang
import Glibc

/// Jupyter interrupts a kernel whose spec says `interrupt_mode: "signal"` with SIGINT, as
/// Ctrl-C in the REPL: the running cell stops with `error: interrupted`, every variable stays.
/// An interrupt between cells is forgotten when the next cell starts.
enum Interrupts {
    static func install() {
        Session.interruptRequested = false
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Session.interruptRequested = true }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        // A front end that went away must not kill the kernel when a write fails.
        signal(SIGPIPE, SIG_IGN)
    }
}
