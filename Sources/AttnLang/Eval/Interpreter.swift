import TensorRuntime

/// The tree-walking evaluator. One per `Session`; it owns the globals and the sources parsed
/// so far (diagnostics raised in a function defined in an earlier REPL entry quote that entry).
final class Interpreter: CallContext {
    let registry: Registry
    let globals = Globals()
    var sources: [SourceFile] = []
    /// What the running top-level statement displayed so far.
    var output: [DisplayItem] = []
    /// Live output (`Session.onDisplay`, `Session.onProgress`): told of each item as it is produced.
    var displaySink: ((DisplayItem) -> Void)?
    var progressSink: ((ProgressState) -> Void)?
    var callDepth = 0
    /// The frame of top-level code (it has no locals: top-level names are globals).
    let root = Frame.make(count: 0, parent: nil)

    init(registry: Registry) {
        self.registry = registry
        installBuiltins()
    }

    func installBuiltins() {
        for b in registry.allBuiltins { globals[globals.index(for: b.name)] = .function(.builtin(b)) }
    }

    /// True when global `i` holds the registry's own builtin of that name (not a user's value).
    func isBuiltin(globalIndex i: Int) -> Bool {
        guard case .function(.builtin(let b))? = globals[i] else { return false }
        return registry.builtin(named: b.name) === b && b.name == globals.names[i]
    }

    // MARK: - CallContext

    func display(_ item: DisplayItem) {
        output.append(item)
        displaySink?(item)
    }

    /// A bar's updates go to the progress sink only; its final line is recorded as text and goes
    /// to the progress sink when there is one, else to the display sink (see `Session.onProgress`).
    func progress(_ state: ProgressState) {
        guard state.finished else {
            progressSink?(state)
            return
        }
        output.append(.text(state.line))
        if let progressSink { progressSink(state) } else { displaySink?(.text(state.line)) }
    }

    func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try invoke(function, .values(arguments), site: nil)
    }

    func checkInterrupt() throws {
        if Session.interruptRequested { throw Stop(interrupted: true) }
    }

    // MARK: - Errors

    /// Attaches `loc` to an error from a builtin or the runtime; located errors pass unchanged.
    /// An error leaving a user function's call at `loc` gets `loc` as that frame's call site.
    func located(_ error: Error, _ loc: Loc) -> RuntimeError {
        switch error {
        case var e as RuntimeError:
            if let last = e.frames.indices.last, e.frames[last].site == nil { e.frames[last].site = loc }
            return e
        case let e as Stop: return RuntimeError(message: e.message, loc: loc, interrupted: e.interrupted)
        case let e as TensorError:
            return RuntimeError(message: e.isInterruption ? e.message : e.description, loc: loc, interrupted: e.isInterruption)
        case let e as LangError: return RuntimeError(message: e.message, loc: loc)
        case let e as Diagnostic: return RuntimeError(message: e.message, loc: loc)
        default: return RuntimeError(message: String(describing: error), loc: loc)
        }
    }

    func diagnostic(_ error: RuntimeError) -> Diagnostic {
        let source = sourceFile(error.loc)
        let line = Int(error.loc.line)
        let chain = error.frames.map { frame in
            Diagnostic.CallFrame(function: frame.function, file: frame.site.map { sourceFile($0)?.name ?? "<unknown>" },
                                 line: Int(frame.site?.line ?? 0), column: Int(frame.site?.column ?? 0))
        }
        return Diagnostic(message: error.message, file: source?.name ?? "<unknown>", line: line,
                          column: Int(error.loc.column), length: Int(error.loc.length),
                          sourceLine: source?.line(line) ?? "", callChain: chain)
    }

    private func sourceFile(_ loc: Loc) -> SourceFile? {
        let i = Int(loc.file)
        return i >= 0 && i < sources.count ? sources[i] : nil
    }

    /// The one check of the interrupt flag and the step budget: once per loop iteration and
    /// per user-function call.
    @inline(__always) func poll() throws {
        if Session.interruptRequested { throw Stop(interrupted: true) }
        LanguageLimits.stepBudget &-= 1
        if LanguageLimits.stepBudget < 0 { throw Stop(interrupted: false) }
    }

    /// `poll` for a loop at `loc`, which the error points at.
    @inline(__always) func poll(at loc: Loc) throws {
        do { try poll() } catch { throw located(error, loc) }
    }
}
