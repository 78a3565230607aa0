import TensorRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers are IEEE doubles: `1 / 0` is `inf`, `0 / 0` is `nan`. `%` takes the sign of the
/// divisor and `//` floors, as in Python. Returns nil for `@` and the bitwise operators, which
/// `binary` handles (they need whole numbers or bools).
@inline(__always)
func numberArithmetic(_ op: BinaryOp, _ x: Double, _ y: Double) -> Double? {
    switch op {
    case .add: return x + y
    case .subtract: return x - y
    case .multiply: return x * y
    case .divide: return x / y
    case .power: return pow(x, y)
    case .remainder:
        let r = fmod(x, y)
        return r != 0 && (r < 0) != (y < 0) ? r + y : r
    case .floorDivide: return floorDivide(x, y)
    case .matmul, .bitAnd, .bitOr: return nil
    }
}

/// CPython's float floor division (float_floor_div): exact where `floor(x / y)` would be off
/// by one from rounding of the quotient.
func floorDivide(_ x: Double, _ y: Double) -> Double {
    guard y != 0 else { return (x / y).rounded(.down) }
    var mod = fmod(x, y)
    var div = (x - mod) / y
    if mod != 0 && (y < 0) != (mod < 0) {
        mod += y
        div -= 1
    }
    guard div != 0 else { return (0.0).withSign(of: x / y) }
    var floored = div.rounded(.down)
    if div - floored > 0.5 { floored += 1 }
    return floored
}

extension Double {
    func withSign(of other: Double) -> Double { other.sign == .minus ? -abs(self) : abs(self) }
}

extension Interpreter {
    /// Every binary operator on values other than two numbers.
    func binary(_ op: BinaryOp, _ x: Value, _ y: Value) throws -> Value {
        if op == .remainder, case .string(let template) = x { return .string(try percentFormat(template, y)) }
        switch (x, y) {
        case (.tensor(let a), .tensor(let b)):
            return .tensor(try tensorArithmetic(op, .tensor(a), .tensor(b)))
        case (.tensor(let a), _):
            if let q = y.arithmeticNumber { return .tensor(try tensorArithmetic(op, .tensor(a), .scalar(q))) }
        case (_, .tensor(let b)):
            if let p = x.arithmeticNumber { return .tensor(try tensorArithmetic(op, .scalar(p), .tensor(b))) }
        case (.string(let a), .string(let b)) where op == .add:
            try checkStringSize(a, b)
            return .string(a + b)
        case (.list(let a), .list(let b)) where op == .add:
            try checkSize(a.items.count + b.items.count, "list")
            return .list(ListObject(a.items + b.items))
        case (.tuple(let a), .tuple(let b)) where op == .add:
            try checkSize(a.count + b.count, "tuple")
            return .tuple(a + b)
        case (.string(let s), .number), (.number, .string(let s)):
            if op == .multiply {
                // An empty string repeated 1e15 times must not loop 1e15 times.
                let n = s.isEmpty ? 0 : try repetitions(x, y)
                try checkSize(s.unicodeScalars.count, times: n, "string")
                return .string(String(repeating: s, count: n))
            }
        case (.list(let l), .number), (.number, .list(let l)):
            if op == .multiply {
                let n = l.items.isEmpty ? 0 : try repetitions(x, y)
                try checkSize(l.items.count, times: n, "list")
                var items: [Value] = []
                items.reserveCapacity(l.items.count * n)
                for _ in 0..<n { items.append(contentsOf: l.items) }
                return .list(ListObject(items))
            }
        case (.bool(let a), .bool(let b)) where op == .bitAnd || op == .bitOr:
            return .bool(op == .bitAnd ? a && b : a || b)
        default:
            if let p = x.arithmeticNumber, let q = y.arithmeticNumber {
                if let r = numberArithmetic(op, p, q) { return .number(r) }
                if op == .bitAnd || op == .bitOr {
                    let (a, b) = (try bitOperand(p, op.rawValue), try bitOperand(q, op.rawValue))
                    return .number(Double(op == .bitAnd ? a & b : a | b))
                }
            }
        }
        throw LangError("unsupported operand types for \(op.rawValue): \(x.kindDescription) and \(y.kindDescription)")
    }

    private func repetitions(_ x: Value, _ y: Value) throws -> Int {
        let count: Value
        if case .number = x { count = x } else { count = y }
        return max(try count.toInt(what: "repetition count"), 0)
    }

    func checkSize(_ count: Int, _ what: String) throws {
        if count > LanguageLimits.maxElements {
            throw LangError("\(what) too large: \(count) elements (the limit is \(LanguageLimits.maxElements))")
        }
    }

    /// The length limit for `a + b`. UTF-8 lengths are O(1) and never smaller than the
    /// character counts, so only strings near the limit are counted exactly (counting every
    /// time made `s += "x"` in a loop quadratic).
    func checkStringSize(_ a: String, _ b: String) throws {
        if a.utf8.count + b.utf8.count <= LanguageLimits.maxElements { return }
        try checkSize(a.unicodeScalars.count + b.unicodeScalars.count, "string")
    }

    /// `count * times` items, checked without overflowing.
    func checkSize(_ count: Int, times: Int, _ what: String) throws {
        let (total, overflow) = count.multipliedReportingOverflow(by: times)
        if overflow { throw LangError("\(what) too large: \(Value.number(Double(count) * Double(times)).repr) elements (the limit is \(LanguageLimits.maxElements))") }
        try checkSize(total, what)
    }

    /// A whole number for `& | ~` (as Python's ints).
    func bitOperand(_ x: Double, _ op: String) throws -> Int {
        guard let n = wholeNumber(x) else {
            throw LangError("\(op) needs whole numbers (or bools, or tensors), got \(formatLanguageNumber(x))")
        }
        return n
    }

    func unary(_ op: UnaryOp, _ x: Value) throws -> Value {
        switch (op, x) {
        case (.invert, .number(let v)): return .number(Double(~(try bitOperand(v, "~"))))
        case (.invert, .tensor(let t)): return .tensor(try tensorInvert(t))
        case (.invert, .bool): throw LangError("~ on a bool is not its negation (use 'not'); ~ is for tensors and whole numbers")
        case (.negate, .number(let v)): return .number(-v)
        case (.plus, .number): return x
        case (.negate, .bool(let b)): return .number(b ? -1 : 0)
        case (.plus, .bool(let b)): return .number(b ? 1 : 0)
        case (.negate, .tensor(let t)): return .tensor(try tensorNegate(t))
        case (.plus, .tensor): return x
        default:
            throw LangError("unsupported operand type for unary \(op == .negate ? "-" : (op == .plus ? "+" : "~")): \(x.kindDescription)")
        }
    }

    func compare(_ op: CompareOp, _ x: Value, _ y: Value) throws -> Value {
        switch op {
        case .isIn: return .bool(try contains(y, x))
        case .notIn: return .bool(!(try contains(y, x)))
        default: break
        }
        switch (x, y) {
        case (.tensor(let a), .tensor(let b)): return .tensor(try tensorCompare(op, .tensor(a), .tensor(b)))
        case (.tensor(let a), _):
            if let q = y.arithmeticNumber { return .tensor(try tensorCompare(op, .tensor(a), .scalar(q))) }
        case (_, .tensor(let b)):
            if let p = x.arithmeticNumber { return .tensor(try tensorCompare(op, .scalar(p), .tensor(b))) }
        default: break
        }
        switch op {
        case .equal: return .bool(valuesEqual(x, y))
        case .notEqual: return .bool(!valuesEqual(x, y))
        default: break
        }
        let order: Int
        if let p = x.arithmeticNumber, let q = y.arithmeticNumber {
            if p.isNaN || q.isNaN { return .bool(false) }
            order = p < q ? -1 : (p > q ? 1 : 0)
        } else if case .string(let a) = x, case .string(let b) = y {
            order = a < b ? -1 : (a > b ? 1 : 0)
        } else {
            throw LangError("cannot compare \(x.kindDescription) and \(y.kindDescription) with \(op.rawValue)")
        }
        switch op {
        case .less: return .bool(order < 0)
        case .lessEqual: return .bool(order <= 0)
        case .greater: return .bool(order > 0)
        default: return .bool(order >= 0)
        }
    }

    /// `item in container`: list and tuple items, dict keys, substrings.
    func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .list(let l): return l.items.contains { valuesEqual($0, item) }
        case .tuple(let t): return t.contains { valuesEqual($0, item) }
        case .range(let r):
            guard let x = item.arithmeticNumber, let n = wholeNumber(x) else { return false }
            let offset = n - r.start
            return offset % r.step == 0 && offset / r.step >= 0 && offset / r.step < r.count
        case .dict(let d):
            // `[1] in d` is an error in Python too: a list can never be a key.
            return d[try DictKey(item)] != nil
        case .string(let s):
            guard case .string(let sub) = item else {
                throw LangError("'in' on a string needs a string on the left, got \(item.kindDescription)")
            }
            return sub.isEmpty || s.contains(sub)
        default:
            throw LangError("'in' needs a list, tuple, dict or string on the right, got \(container.kindDescription)")
        }
    }
}

/// Structural equality for everything but tensors, layers, functions and optimizers (identity).
/// Iterative, with an explicit stack: containers nested any depth compare correctly (a depth
/// cut-off made `x == x` false past 1000 levels). A pair of containers already being compared
/// counts as equal where it recurs, so cyclic containers end too.
func valuesEqual(_ x: Value, _ y: Value) -> Bool {
    var pending: [(Value, Value)] = [(x, y)]
    var open = Set<[ObjectIdentifier]>()
    while let (p, q) = pending.popLast() {
        switch (p, q) {
        case (.list(let a), .list(let b)):
            if a === b || !open.insert([ObjectIdentifier(a), ObjectIdentifier(b)]).inserted { continue }
            guard a.items.count == b.items.count else { return false }
            pending.append(contentsOf: zip(a.items, b.items))
        case (.tuple(let a), .tuple(let b)):
            guard a.count == b.count else { return false }
            pending.append(contentsOf: zip(a, b))
        case (.dict(let a), .dict(let b)):
            // Order does not matter, as in Python.
            if a === b || !open.insert([ObjectIdentifier(a), ObjectIdentifier(b)]).inserted { continue }
            guard a.count == b.count else { return false }
            for (k, v) in a.pairs {
                guard let w = b[k] else { return false }
                pending.append((v, w))
            }
        default:
            if !scalarsEqual(p, q) { return false }
        }
    }
    return true
}

/// Equality of two values that are not both lists, tuples or dicts.
private func scalarsEqual(_ x: Value, _ y: Value) -> Bool {
    switch (x, y) {
    case (.none, .none): return true
    case (.string(let a), .string(let b)): return a == b
    case (.list, _), (.tuple, _), (.dict, _): return false
    case (.tensor(let a), .tensor(let b)): return a === b
    case (.layer(let a), .layer(let b)): return a === b
    case (.optimizer(let a), .optimizer(let b)): return a === b
    case (.range(let a), .range(let b)):
        // Equal when they hold the same numbers, as in Python.
        return a.count == b.count && (a.count == 0 || (a.start == b.start && (a.count == 1 || a.step == b.step)))
    case (.function(let f), .function(let g)):
        switch (f, g) {
        case (.builtin(let a), .builtin(let b)): return a === b
        case (.user(let a), .user(let b)): return a === b
        case (.bound(let a), .bound(let b)): return a === b
        default: return false
        }
    default:
        if let p = x.arithmeticNumber, let q = y.arithmeticNumber { return p == q }
        return false
    }
}

extension Value {
    /// Numbers, and booleans as 0 and 1 (as in Python and PyTorch).
    var arithmeticNumber: Double? {
        switch self {
        case .number(let x): return x
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
}
