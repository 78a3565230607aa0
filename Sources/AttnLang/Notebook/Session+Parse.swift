extension Session {
    /// The parse errors of `source`, running nothing; empty when it parses. `attn` uses it
    /// after a failed run to tell a parse error (exit status 2) from a runtime error (1),
    /// which `run` reports in the same shape.
    public func parseErrors(source: String, file: String) -> [Diagnostic] {
        interpreter.parseDiagnostics(source: source, file: file)
    }
}
