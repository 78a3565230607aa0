// Arithmetic and comparisons on tensors of any dtype, with PyTorch's type promotion.
//
// Two float32 operands go straight to the float32 kernels (`add`, `mul`, ... unchanged); only
// int64 and bool operands take the paths below, so float32 code pays one dtype check.

/// The operators `+ - * / // % **` on tensors.
public enum ArithmeticOp: String, Sendable {
    case add, sub, mul, div, floorDiv = "floor_divide", remainder, pow

    /// The op an operator symbol stands for (`"+"`, `"//"`, `"**"`, ...), or nil.
    public init?(symbol: String) {
        switch symbol {
        case "+": self = .add
        case "-": self = .sub
        case "*": self = .mul
        case "/": self = .div
        case "//": self = .floorDiv
        case "%": self = .remainder
        case "**": self = .pow
        default: return nil
        }
    }
}

/// The comparison operators on tensors; each gives a bool tensor.
public enum ComparisonOp: String, Sendable {
    case eq, ne, lt, le, gt, ge

    /// The comparison with its operands swapped: `s < x` is `x > s`.
    public var flipped: ComparisonOp {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }
}

/// `a op b` for two tensors: bool < int64 < float32, `/` always float32, `//` and `%` keep int64.
public func arithmetic(_ op: ArithmeticOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    if a.dtype == .float32 && b.dtype == .float32 { return try floatArithmetic(op, a, b) }
    let dtype = op == .div ? TensorDType.float32 : TensorDType.promoted(a.dtype, b.dtype)
    if dtype == .float32 { return try floatArithmetic(op, a.promotedToFloat(), b.promotedToFloat()) }
    return try integerArithmetic(op, a, b, bothBool: dtype == .bool)
}

/// `x op s` (or `s op x` when `numberFirst`) for a tensor and a number: a whole number counts as
/// an integer, so `arange(4) * 2` is int64 and `arange(4) * 2.5` float32.
public func arithmetic(_ op: ArithmeticOp, _ x: Tensor, number s: Double, numberFirst: Bool = false) throws -> Tensor {
    let dtype = op == .div || x.dtype == .float32 ? TensorDType.float32 : x.dtype.promoted(withNumber: s)
    if dtype == .float32 {
        let f = try x.promotedToFloat(), v = Float(s)
        switch (op, numberFirst) {
        case (.add, _): return try add(f, v)
        case (.mul, _): return try mul(f, v)
        case (.sub, false): return try sub(f, v)
        case (.sub, true): return try sub(v, f)
        case (.div, false): return try div(f, v)
        case (.div, true): return try div(v, f)
        case (.pow, false): return try pow(f, v)
        case (.pow, true): return try pow(v, f)
        default:
            let scalar = Tensor.scalar(v)
            return try floatArithmetic(op, numberFirst ? scalar : f, numberFirst ? f : scalar)
        }
    }
    let scalar = try Tensor.int64(shape: [], data: [Int64(s)])
    return try integerArithmetic(op, numberFirst ? scalar : x, numberFirst ? x : scalar, bothBool: false)
}

/// Both operands float32 (or promoted to it).
func floatArithmetic(_ op: ArithmeticOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    switch op {
    case .add: return try add(a, b)
    case .sub: return try sub(a, b)
    case .mul: return try mul(a, b)
    case .div: return try div(a, b)
    case .pow: return try pow(a, b)
    case .floorDiv: return try floorDivide(a, b)
    case .remainder: return try remainder(a, b)
    }
}

/// int64 (or two bool) operands: exact integer arithmetic, wrapping on overflow as PyTorch.
func integerArithmetic(_ op: ArithmeticOp, _ a: Tensor, _ b: Tensor, bothBool: Bool) throws -> Tensor {
    if bothBool {
        // PyTorch: bool + bool is `or`, bool * bool is `and`; bool - bool is refused.
        switch op {
        case .add: return try bitwiseOr(a, b)
        case .mul: return try bitwiseAnd(a, b)
        case .sub: throw TensorError("sub", "subtraction of two bool tensors is not supported; use ~ or logical_xor")
        default: break
        }
    }
    return try int64Map(a, b, op: op.rawValue) { x, y in
        switch op {
        case .add: return x &+ y
        case .sub: return x &- y
        case .mul: return x &* y
        case .div: return 0  // never: `/` promotes to float32 first
        case .floorDiv:
            guard y != 0 else { throw TensorError("floor_divide", "integer division by zero") }
            return floorDivInt64(x, y)
        case .remainder:
            guard y != 0 else { throw TensorError("remainder", "integer division by zero (ZeroDivisionError)") }
            return x &- floorDivInt64(x, y) &* y
        case .pow:
            guard y >= 0 else { throw TensorError("pow", "integers to negative integer powers are not allowed") }
            return powInt64(x, y)
        }
    }
}

/// Python's floor division of integers (rounds toward negative infinity).
@inline(__always)
func floorDivInt64(_ x: Int64, _ y: Int64) -> Int64 {
    if x == .min && y == -1 { return .min }
    let q = x / y
    return (x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q
}

func powInt64(_ base: Int64, _ exponent: Int64) -> Int64 {
    var result: Int64 = 1, b = base, e = exponent
    while e > 0 {
        if e & 1 == 1 { result = result &* b }
        b = b &* b
        e >>= 1
    }
    return result
}

/// out = f(a, b) over the broadcast of two tensors read as int64 (bool as 0/1); int64 result.
func int64Map(_ a: Tensor, _ b: Tensor, op: String, _ f: (Int64, Int64) throws -> Int64) throws -> Tensor {
    let shape = try broadcastShapes(a.shape, b.shape, op: op)
    let x = try a.expand(shape).int64Values(), y = try b.expand(shape).int64Values()
    let out = try Tensor.uninitialized(shape, dtype: .int64, op: op)
    let po = out.int64Pointer
    for i in 0..<x.count { po[i] = try f(x[i], y[i]) }
    return out
}

/// `a op b` elementwise → bool, comparing in the promoted dtype (int64 exactly).
public func compare(_ op: ComparisonOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    if TensorDType.promoted(a.dtype, b.dtype) == .float32 {
        let x = try a.promotedToFloat(), y = try b.promotedToFloat()
        let out: Tensor
        switch op {
        case .eq: out = try eq(x, y)
        case .ne: out = try ne(x, y)
        case .lt: out = try lt(x, y)
        case .le: out = try le(x, y)
        case .gt: out = try gt(x, y)
        case .ge: out = try ge(x, y)
        }
        return out.retagged(.bool)
    }
    let shape = try broadcastShapes(a.shape, b.shape, op: op.rawValue)
    let x = try a.expand(shape).int64Values(), y = try b.expand(shape).int64Values()
    return try Tensor.bools(shape: shape, data: zip(x, y).map { holds(op, $0, $1) }, op: op.rawValue)
}

/// `x op s` → bool; an int64 tensor compares exactly with any number.
public func compare(_ op: ComparisonOp, _ x: Tensor, number s: Double) throws -> Tensor {
    if x.dtype != .int64 {
        let f = try x.promotedToFloat(), v = Float(s)
        let out: Tensor
        switch op {
        case .eq: out = try eq(f, v)
        case .ne: out = try ne(f, v)
        case .lt: out = try lt(f, v)
        case .le: out = try le(f, v)
        case .gt: out = try gt(f, v)
        case .ge: out = try ge(f, v)
        }
        return out.retagged(.bool)
    }
    return try Tensor.bools(shape: x.shape, data: x.doubleValues().map { holds(op, $0, s) }, op: op.rawValue)
}

@inline(__always)
func holds<T: Comparable>(_ op: ComparisonOp, _ x: T, _ y: T) -> Bool {
    switch op {
    case .eq: return x == y
    case .ne: return x != y
    case .lt: return x < y
    case .le: return x <= y
    case .gt: return x > y
    case .ge: return x >= y
    }
}
