import TensorRuntime

/// The tree-walking evaluator. One per `Session`; it owns the globals and the sources parsed
/// so far (diagnostics raised in a function defined in an earlier REPL entry quote that entry).
final class Interpreter: CallContext {
    let registry: Registry
    let globals = Globals()
    var sources: [SourceFile] = []
    /// What the running top-level statement displayed so far.
    var output: [DisplayItem] = []
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

    func display(_ item: DisplayItem) { output.append(item) }

    func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try invoke(function, .values(arguments), site: nil)
    }

    func checkInterrupt() throws {
        if Session.interruptRequested { throw Stop(interrupted: true) }
    }

    // MARK: - Errors

    /// Attaches `loc` to an error from a builtin or the runtime; located errors pass unchanged.
    func located(_ error: Error, _ loc: Loc) -> RuntimeError {
        switch error {
        case let e as RuntimeError: return e
        case let e as Stop: return RuntimeError(message: e.message, loc: loc, interrupted: e.interrupted)
        case let e as TensorError: return RuntimeError(message: e.description, loc: loc)
        case let e as LangError: return RuntimeError(message: e.message, loc: loc)
        case let e as Diagnostic: return RuntimeError(message: e.message, loc: loc)
        default: return RuntimeError(message: String(describing: error), loc: loc)
        }
    }

    func diagnostic(_ error: RuntimeError) -> Diagnostic {
        let i = Int(error.loc.file)
        let source = i >= 0 && i < sources.count ? sources[i] : nil
        let line = Int(error.loc.line)
        return Diagnostic(message: error.message, file: source?.name ?? "<unknown>", line: line,
                          column: Int(error.loc.column), length: Int(error.loc.length),
                          sourceLine: source?.line(line) ?? "")
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
