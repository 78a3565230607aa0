import TensorRuntime

/// The golden workflow's one runner: `attn check`, `attn update` and the golden tests all
/// re-record a notebook through it.
extension NotebookText {
    /// Runs the notebook in a fresh session (named `name` in diagnostics) and returns it with
    /// every `#>` block replaced by what the run displayed, and how the run ended. `attn check`
    /// compares the result with the file (`firstRecordedDifference`); `attn update` writes it.
    public func rerun(name: String) -> (recorded: NotebookText, result: RunResult) {
        // As in a process of its own (how `attn update FILE` recorded it), whatever notebooks ran
        // before in this process (`attn check a b`, the golden tests): the generator starts from
        // its start-up seed, and the process-wide settings a notebook may change (set_limit,
        // set_num_threads, grad mode) are put back when it ends.
        let settings = ProcessSettings()
        defer { settings.restore() }
        manualSeed(0)
        var outcomes: [StatementOutcome] = []
        let result = Session().run(source: source, file: name) { outcomes.append($0) }
        return (recording(outcomes), result)
    }
}

/// The process-wide settings a notebook can change, captured to be put back.
private struct ProcessSettings {
    let memory = Limits.maxTensorBytes
    let callDepth = LanguageLimits.maxCallDepth
    let elements = LanguageLimits.maxElements
    let gradients = GradMode.isEnabled
    let threads = Blas.threads

    func restore() {
        Limits.maxTensorBytes = memory
        LanguageLimits.maxCallDepth = callDepth
        LanguageLimits.maxElements = elements
        GradMode.isEnabled = gradients
        if Blas.threads != threads { Blas.setThreads(threads) }
    }
}
