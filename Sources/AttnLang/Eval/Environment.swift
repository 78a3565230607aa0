/// The session's global variables: top-level names and builtins, addressed by index.
///
/// Storage is a raw buffer rather than an array so that a read in a hot loop is one load
/// (no exclusivity or copy-on-write checks). Indices come from the resolver, never from users.
final class Globals {
    private(set) var names: [String] = []
    private var indexByName: [String: Int] = [:]
    private(set) var storage: UnsafeMutablePointer<Value?>
    private var capacity: Int

    init() {
        capacity = 256
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: nil, count: capacity)
    }

    deinit {
        storage.deinitialize(count: capacity)
        storage.deallocate()
    }

    var count: Int { names.count }

    /// The index of `name`, creating an unassigned global the first time.
    func index(for name: String) -> Int {
        if let i = indexByName[name] { return i }
        let i = names.count
        if i == capacity { grow() }
        names.append(name)
        indexByName[name] = i
        return i
    }

    func lookup(_ name: String) -> Int? { indexByName[name] }

    @inline(__always) subscript(i: Int) -> Value? {
        get { storage[i] }
        set { storage[i] = newValue }
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Value?>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: storage, count: capacity)
        (bigger + capacity).initialize(repeating: nil, count: capacity)
        storage.deallocate()
        storage = bigger
        capacity *= 2
    }

    /// Unassigns every global (names keep their indices: resolved code stays valid).
    func clear() {
        for i in 0..<names.count { storage[i] = nil }
    }
}

/// The locals of one function call. Closures keep their defining call's frame alive through
/// `parent`, which is how a nested function reads its enclosing function's variables.
///
/// One allocation holds the header and the slots (a call costs one malloc, not two).
final class Frame: ManagedBuffer<Frame.Header, Value?> {
    struct Header {
        let count: Int
        let parent: Frame?
    }

    static func make(count: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: max(count, 1)) { _ in Header(count: count, parent: parent) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: nil, count: max(count, 1)) }
        return frame
    }

    deinit {
        // Assigning nil releases each value through the specialised code path; the generic
        // `deinitialize(count:)` cost ~10x more per call. A nil slot holds nothing to destroy.
        let count = withUnsafeMutablePointerToHeader { $0.pointee.count }
        let p = slots
        for i in 0..<max(count, 1) { p[i] = nil }
    }

    /// The slots; valid while the frame is alive (every caller holds a reference to it).
    @inline(__always) var slots: UnsafeMutablePointer<Value?> {
        withUnsafeMutablePointerToElements { $0 }
    }

    @inline(__always) var parent: Frame? {
        withUnsafeMutablePointerToHeader { $0.pointee.parent }
    }
}

/// A function defined with `fn`: its declaration, defaults (evaluated once, where the function
/// is defined, as in Python) and the frame it closes over.
final class FunctionObject {
    let decl: FunctionDecl
    let defaults: [Value?]
    let closure: Frame?
    /// Copied out of `decl` so that a call reads immutable fields.
    let body: [Stmt]
    let slotCount: Int
    let parameterCount: Int

    init(decl: FunctionDecl, defaults: [Value?], closure: Frame?) {
        self.decl = decl
        self.defaults = defaults
        self.closure = closure
        body = decl.body
        slotCount = decl.slotCount
        parameterCount = decl.parameters.count
    }

    /// The function behind a `.user` callable (nil for anything else).
    @inline(__always) static func from(_ object: AnyObject) -> FunctionObject? {
        ObjectIdentifier(type(of: object)) == ObjectIdentifier(FunctionObject.self) ? unsafeDowncast(object, to: FunctionObject.self) : nil
    }

    var signature: String {
        let parts = decl.parameters.enumerated().map { i, p -> String in
            if let d = defaults[i] { return "\(p.name): \(d.repr)" }
            return p.name
        }
        return "\(decl.name)(\(parts.joined(separator: ", ")))"
    }
}

/// A runtime error located in source; becomes a `Diagnostic` when it reaches the session.
struct RuntimeError: Error {
    var message: String
    var loc: Loc
    /// User functions the error has left so far, innermost first, with their call sites;
    /// a call site is nil until the error reaches it (see `Interpreter.located`).
    var frames: [(function: String, site: Loc?)] = []
    /// Stopped by `Session.interruptRequested`, not by a fault of the program.
    var interrupted = false
}

/// A run stopped from outside the program: Ctrl-C, or the step budget spent. Thrown only by
/// `Interpreter.poll`, the one place that checks both.
struct Stop: Error {
    let interrupted: Bool
    var message: String { interrupted ? "interrupted" : "step budget exhausted" }
}

/// How a statement finished.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// Limits that keep hostile programs from exhausting memory or the stack.
public enum LanguageLimits {
    /// Nested function calls before "recursion depth exceeded".
    nonisolated(unsafe) public static var maxCallDepth = 1000
    /// Elements in one list or characters in one string. One million: a list of numbers costs
    /// ~25 bytes an element, so ten million (250 MB, seconds to build) is already a mistake in a
    /// notebook; tensors are the container for bulk data. `set_limit("elements", n)` raises it.
    nonisolated(unsafe) public static var maxElements = 1_000_000
    /// Loop iterations and user-function calls left before "step budget exhausted", counted
    /// down where the interrupt flag is polled. Unlimited by default; the fuzzers set it so that
    /// `while true {}` ends deterministically (a timer would make runs irreproducible).
    nonisolated(unsafe) public static var stepBudget = Int.max
}
