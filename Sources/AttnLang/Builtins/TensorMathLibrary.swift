import TensorRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Elementwise math, softmax and masks (LANGUAGE.md §5 "Math"). All of them record for
/// autograd through the runtime; comparisons and masks give 0/1 tensors.
enum TensorMathLibrary {
    static let library = Library(name: "Math", builtins: builtins)

    static func unary(_ name: String, _ summary: String, _ f: @escaping (Tensor) throws -> Tensor) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Math", summary: summary,
                example: "\(name)(tensor([-1, 0, 0.5]))") { p in
            let x = p.tensor("x")
            return { a in .tensor(try f(try a[x])) }
        }
    }

    /// A function of each element of a tensor, or of a number: then a number, computed in double
    /// precision as Python's `math` module does (`math.sqrt(d)` loses only its `math.`).
    static func ofTensorOrNumber(_ name: String, _ summary: String, example: String,
                                 tensor: @escaping (Tensor) throws -> Tensor,
                                 number: @escaping (Double) throws -> Double) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Math", summary: summary, example: example) { p in
            let x = p.value("x", hint: "tensor or number")
            return { a in
                switch a.value(x) {
                case .number(let v): return .number(try number(v))
                case .bool(let b): return .number(try number(b ? 1 : 0))
                case let v: return .tensor(try tensor(Tensor.read(v, a, x.slot)))
                }
            }
        }
    }

    /// `softmax`/`log_softmax`: along dim, the last by default.
    static func normalized(_ name: String, _ summary: String, _ f: @escaping (Tensor, Int) throws -> Tensor) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Math", summary: summary,
                example: "\(name)(tensor([1, 2, 3]), dim: -1)") { p in
            let x = p.tensor("x"), dim = p.int("dim", default: -1)
            return { a in .tensor(try f(a[x], a[dim])) }
        }
    }

    static let builtins: [Builtin] = [
        ofTensorOrNumber("exp", "e to the power of each element; of a number, a number (Python's math.exp).",
                         example: "exp(tensor([0, 1]))\nexp(1)", tensor: TensorRuntime.exp) { x in
            let y: Double = exp(x)
            if y.isInfinite && x.isFinite { throw LangError("exp: math range error (\(formatLanguageNumber(x)) is too large)") }
            return y
        },
        ofTensorOrNumber("log", "Natural logarithm of each element (-inf at 0, nan below); of a positive number, a number (Python's math.log).",
                         example: "log(tensor([1, 2.718282, 10]))\nlog(100) / log(10)", tensor: TensorRuntime.log) { x in
            guard x > 0 else { throw LangError("log: math domain error (\(formatLanguageNumber(x)) is not positive)") }
            return log(x) as Double
        },
        ofTensorOrNumber("sqrt", "Square root of each element; of a number, a number (Python's math.sqrt: scores / sqrt(d)).",
                         example: "sqrt(tensor([1, 4, 2]))\nsqrt(64)", tensor: TensorRuntime.sqrt) { x in
            guard x >= 0 else { throw LangError("sqrt: math domain error (\(formatLanguageNumber(x)) is negative)") }
            return x.squareRoot()
        },
        ofTensorOrNumber("abs", "Absolute value of each element; of a number, a number (Python's abs: abs(a - b) < 1e-4 compares numbers).",
                         example: "abs(tensor([-1, 0, 0.5]))\nabs(-2)", tensor: TensorRuntime.abs) { Swift.abs($0) },
        unary("neg", "Negation of each element (same as unary -).") { try TensorRuntime.neg($0) },
        ofTensorOrNumber("tanh", "Hyperbolic tangent of each element; of a number, a number (Python's math.tanh).",
                         example: "tanh(tensor([-1, 0, 0.5]))\ntanh(0.5)", tensor: TensorRuntime.tanh) { tanh($0) as Double },
        unary("sigmoid", "1 / (1 + e^-x) of each element.") { try TensorRuntime.sigmoid($0) },
        unary("relu", "max(x, 0) of each element.") { try TensorRuntime.relu($0) },
        Builtin("pow", methodOf: [.tensor], section: "Math",
                summary: "x to the power exponent, elementwise and broadcasting (same as **); of two numbers, a number (Python's pow).",
                example: "pow(tensor([1, 2, 3]), 2)\npow(2, 10)") { p in
            let x = p.tensor("x"), exponent = p.tensor("exponent", hint: "number or tensor")
            return { a in
                switch (a.value(x), a.value(exponent)) {
                case (.number(let base), .number(let e)): return .number(numberArithmetic(.power, base, e)!)
                case (.number(let base), .tensor(let e)): return .tensor(try TensorRuntime.pow(Float(base), e))
                case (_, .number(let e)): return .tensor(try TensorRuntime.pow(a[x], Float(e)))
                default: return .tensor(try TensorRuntime.pow(a[x], a[exponent]))
                }
            }
        },
        Builtin("clamp", methodOf: [.tensor], section: "Math", summary: "Limits each element to [min, max] (either bound may be none).",
                example: "clamp(tensor([-2, 0.5, 3]), min: 0, max: 1)") { p in
            let x = p.tensor("x"), lo = p.optional("min", Float.self), hi = p.optional("max", Float.self)
            return { a in .tensor(try TensorRuntime.clamp(a[x], min: a[lo], max: a[hi])) }
        },
        normalized("softmax", "exp(x) / sum(exp(x)) along dim (default: the last), computed stably.") {
            try TensorRuntime.softmax($0, dim: $1)
        },
        normalized("log_softmax", "log(softmax(x, dim)) computed stably (what nll_loss expects).") {
            try TensorRuntime.logSoftmax($0, dim: $1)
        },
        Builtin("masked_fill", methodOf: [.tensor],
                section: "Masks", summary: "x with value wherever mask is non-zero (the mask broadcasts), as torch.masked_fill.",
                example: "masked_fill(zeros(2, 3), tensor([0, 1, 0]), -inf)") { p in
            let x = p.tensor("x", keepDType: true), mask = p.tensor("mask", keepDType: true), value = p.float("value")
            return { a in .tensor(try TensorRuntime.maskedFill(a[x], a[mask], a[value])) }
        },
        Builtin("where", section: "Masks",
                // Not a method: torch's x.where(cond, y) puts the values first, and method
                // syntax here would mean where(x, ...) with x as the mask.
                summary: "Elements of a where mask is non-zero and of b elsewhere, broadcasting all three.",
                example: "where(tensor([1, 0, 1]), tensor([1, 2, 3]), 0)") { p in
            let mask = p.tensor("mask", keepDType: true), x = p.tensor("a", hint: "tensor or number", keepDType: true), y = p.tensor("b", hint: "tensor or number", keepDType: true)
            return { a in .tensor(try TensorRuntime.where(a[mask], a[x], a[y])) }
        },
        Builtin("allclose", methodOf: [.tensor], section: "Math",
                summary: "True when |a - b| ≤ atol + rtol·|b| everywhere (shapes broadcast), as torch.allclose.",
                example: "allclose(tensor([1, 2]), tensor([1, 2.000001]))") { p in
            let x = p.tensor("a"), y = p.tensor("b"), atol = p.number("atol", default: 1e-8), rtol = p.number("rtol", default: 1e-5)
            return { a in .bool(try allClose(a[x], a[y], atol: a[atol], rtol: a[rtol])) }
        },
    ]

    static func allClose(_ x: Tensor, _ y: Tensor, atol: Double, rtol: Double) throws -> Bool {
        let shape = try broadcastShapes(x.shape, y.shape, op: "allclose")
        let xs = try (x.shape == shape ? x : TensorRuntime.expand(x, shape)).toArray()
        let ys = try (y.shape == shape ? y : TensorRuntime.expand(y, shape)).toArray()
        for (p, q) in zip(xs, ys) {
            if p == q { continue }
            let d = Double(p), e = Double(q)
            guard Swift.abs(d - e) <= atol + rtol * Swift.abs(e) else { return false }
        }
        return true
    }
}
