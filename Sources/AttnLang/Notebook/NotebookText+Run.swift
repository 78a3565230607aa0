/// The golden workflow's one runner: `attn check`, `attn update` and the golden tests all
/// re-record a notebook through it.
extension NotebookText {
    /// Runs the notebook in a fresh session (named `name` in diagnostics) and returns it with
    /// every `#>` block replaced by what the run displayed, and how the run ended. `attn check`
    /// compares the result with the file (`firstRecordedDifference`); `attn update` writes it.
    public func rerun(name: String) -> (recorded: NotebookText, result: RunResult) {
        var outcomes: [StatementOutcome] = []
        let result = Session().run(source: source, file: name) { outcomes.append($0) }
        return (recording(outcomes), result)
    }
}
