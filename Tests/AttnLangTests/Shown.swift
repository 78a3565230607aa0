import AttnLang

/// What running `source` in `session` shows, line by line, with an error as "error: message":
/// the one way the session-level tests read a run.
func shown(_ session: Session, _ source: String, file: String = "<repl>") -> [String] {
    var lines: [String] = []
    session.run(source: source, file: file) { outcome in
        lines += outcome.items.map(\.text)
        if let e = outcome.error { lines.append("error: " + e.message) }
    }
    return lines
}
