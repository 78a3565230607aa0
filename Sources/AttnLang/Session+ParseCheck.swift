extension Session {
    /// The parse errors of `source`, empty when it parses; nothing runs and the session is
    /// untouched (no source kept, no name declared). The Jupyter kernel's `is_complete_request`
    /// asks it whether more lines could fix an entry.
    public func parseErrors(in source: String) -> [Diagnostic] {
        // The parser recurses as deep as the program nests: the large stack, as for `run`.
        runOnLargeStack {
            var parser = Parser(source: SourceFile(name: "<check>", text: source), fileIndex: 0)
            _ = parser.parseProgram()
            return parser.diagnostics
        }
    }
}
