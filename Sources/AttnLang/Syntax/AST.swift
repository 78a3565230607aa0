/// A source position packed into plain integers so that copying a node never touches a
/// reference count: `file` indexes the interpreter's list of sources.
public struct Loc: Sendable, Equatable {
    public var file: Int32
    public var line: Int32
    public var column: Int32
    /// Columns covered on `line` (a span that continues on later lines is cut at the line's end).
    public var length: Int32

    public init(file: Int, line: Int, column: Int, length: Int) {
        self.file = Int32(truncatingIfNeeded: file)
        self.line = Int32(truncatingIfNeeded: line)
        self.column = Int32(truncatingIfNeeded: column)
        self.length = Int32(truncatingIfNeeded: max(length, 1))
    }
}

/// Where a name lives, decided by the resolver before anything runs.
enum Slot {
    /// Not resolved yet (parser output).
    case unresolved
    /// The current function call's frame.
    case local(Int)
    /// A frame `depth` functions out (a closure's captured variable).
    case captured(depth: Int, slot: Int)
    /// The session's globals (top-level variables and builtins).
    case global(Int)
}

enum UnaryOp { case negate, plus, invert }

enum BinaryOp: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", matmul = "@", power = "**"
    case floorDivide = "//", bitAnd = "&", bitOr = "|"
}

enum CompareOp: String {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case isIn = "in", notIn = "not in"
}

/// Arguments written at a call site: positional first, then `name: value`.
struct CallArguments {
    var positional: [Expr]
    var keywords: [(name: String, value: Expr)]
    /// What this call site learned on earlier runs (shared by the resolved copy of the node).
    var site = CallSite()
}

/// Per-call-site caches: the builtin that `x.name(...)` resolved to for the last receiver kind
/// (no registry lookup by name on repeated calls), and the parameter index of each keyword
/// for the last builtin called from here.
final class CallSite {
    var methodKind: ValueKind?
    var method: Builtin?
    /// For a layer receiver, the layer type `method` belongs to.
    var methodLayerType: LayerType?
    /// The callee (a `Builtin` or a `FunctionDecl`) `keywordSlots` were computed for.
    var keywordCallee: AnyObject?
    var keywordSlots: [Int] = []
    /// The argument array of the last builtin call from here, emptied, kept for the next call.
    var argumentBuffer: [Value] = []
    /// Syntax, set by the parser: which positional arguments are written `*xs` (their items are
    /// passed one by one, as Python's `zip(*pairs)`); empty when none is. Kept here rather than
    /// in `CallArguments`, whose every copy would retain one more array per call.
    var spreads: [Bool] = []
}

/// One item between the brackets of an index: `i`, `a:b:c`, `...`.
enum IndexItem {
    case single(Expr)
    case slice(start: Expr?, end: Expr?, step: Expr?)
    case ellipsis
}

/// A piece of an f-string after parsing: text, or a field's expression, `!r`/`!s`, and spec.
enum FormatPart {
    case text(String)
    case field(Expr, conversion: Unicode.Scalar?, spec: [FormatPart]?)
}

/// One clause of a comprehension, in source order.
enum ComprehensionClause {
    case forIn(Target, Expr)
    case condition(Expr)
}

/// `[e for x in xs if c]` or `{k: v for ...}`. Its loop variables live in a frame of their own
/// (`slotCount` slots), so they do not leak into the enclosing scope, as in Python 3. The
/// first iterable is resolved and evaluated in the enclosing scope.
final class Comprehension {
    var element: Expr
    /// The value of a dict comprehension (`element` is then its key).
    var value: Expr?
    var clauses: [ComprehensionClause]
    var slotCount = 0

    init(element: Expr, value: Expr?, clauses: [ComprehensionClause]) {
        self.element = element
        self.value = value
        self.clauses = clauses
    }
}

indirect enum Expr {
    case literal(Value, Loc)
    case variable(String, Slot, Loc)
    case list([Expr], Loc)
    case tuple([Expr], Loc)
    case dict([(key: Expr, value: Expr)], Loc)
    case unary(UnaryOp, Expr, Loc)
    case not(Expr, Loc)
    case binary(BinaryOp, Expr, Expr, Loc)
    /// `a < b <= c` chains as in Python: each operand is evaluated once.
    case compare([CompareOp], [Expr], Loc)
    case and(Expr, Expr, Loc)
    case or(Expr, Expr, Loc)
    case call(Expr, CallArguments, Loc)
    /// `receiver.name(arguments)`: a dict entry, a layer method or a builtin in method syntax.
    case method(Expr, String, CallArguments, Loc)
    case attribute(Expr, String, Loc)
    case index(Expr, [IndexItem], Loc)
    /// `f"..."`.
    case format([FormatPart], Loc)
    /// `fn(x) => e` or `fn(a, b) { ... }`.
    case function(FunctionDecl)
    case comprehension(Comprehension, Loc)
    /// `a if c else b`, Python's conditional expression: (a, c, b).
    case conditional(Expr, Expr, Expr, Loc)

    var loc: Loc {
        switch self {
        case .literal(_, let l), .variable(_, _, let l), .list(_, let l), .tuple(_, let l), .dict(_, let l),
             .unary(_, _, let l), .not(_, let l), .binary(_, _, _, let l), .compare(_, _, let l),
             .and(_, _, let l), .or(_, _, let l), .call(_, _, let l), .method(_, _, _, let l),
             .attribute(_, _, let l), .index(_, _, let l), .format(_, let l), .comprehension(_, let l),
             .conditional(_, _, _, let l):
            return l
        case .function(let decl):
            return decl.loc
        }
    }
}

/// The left side of an assignment.
indirect enum Target {
    case variable(String, Slot, Loc)
    case index(Expr, [IndexItem], Loc)
    case attribute(Expr, String, Loc)
    /// `a, b = e`.
    case tuple([Target], Loc)

    var loc: Loc {
        switch self {
        case .variable(_, _, let l), .index(_, _, let l), .attribute(_, _, let l), .tuple(_, let l): return l
        }
    }
}

/// A `fn` definition; shared by every function value made from it.
final class FunctionDecl {
    let name: String
    let parameters: [(name: String, defaultValue: Expr?)]
    var body: [Stmt]
    /// Frame size: parameters first, then the other locals.
    var slotCount: Int = 0
    /// Default-value expressions after resolution (evaluated in the defining scope).
    var resolvedDefaults: [Expr?] = []
    /// Local names by slot, for messages about unassigned variables.
    var localNames: [String] = []
    let loc: Loc

    init(name: String, parameters: [(name: String, defaultValue: Expr?)], body: [Stmt], loc: Loc) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.loc = loc
    }
}

indirect enum Stmt {
    /// `silent` when the statement ended with `;` (a top-level result is then not shown).
    case expression(Expr, silent: Bool)
    case assign(Target, Expr, Loc)
    case compound(BinaryOp, Target, Expr, Loc)
    case ifElse([(condition: Expr, body: [Stmt])], elseBody: [Stmt]?, Loc)
    case whileLoop(Expr, [Stmt], Loc)
    /// `for x in e` or `for i, x in e` (the second target makes it destructure each item).
    case forLoop(Target, Expr, [Stmt], Loc)
    case function(Target, FunctionDecl)
    case returnValue(Expr?, Loc)
    case breakLoop(Loc)
    case continueLoop(Loc)
    /// `with e { }` / `with e as name { }`: e's `__enter__` runs before the block, `__exit__` after.
    case with(Expr, Target?, [Stmt], Loc)
}

/// A top-level statement with the lines it spans (for recorded outputs).
struct TopLevelStatement {
    var stmt: Stmt
    var firstLine: Int
    var lastLine: Int
}
