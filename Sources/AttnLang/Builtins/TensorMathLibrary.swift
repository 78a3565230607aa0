import TensorRuntime

/// Elementwise math, softmax and masks (LANGUAGE.md §5 "Math"). All of them record for
/// autograd through the runtime; comparisons and masks give 0/1 tensors.
enum TensorMathLibrary {
    static let library = Library(name: "Math", builtins: builtins)

    static let x = Parameter("x", "tensor")

    static func unary(_ name: String, _ summary: String, _ f: @escaping (Tensor) throws -> Tensor) -> Builtin {
        Builtin(name, [x], methodOf: [.tensor], section: "Math", summary: summary,
                example: "\(name)(tensor([-1, 0, 0.5]))") { a in
            .tensor(try f(try a.tensorArg(0)))
        }
    }

    static let builtins: [Builtin] = [
        unary("exp", "e to the power of each element.") { try TensorRuntime.exp($0) },
        Builtin("log", [x], methodOf: [.tensor], section: "Math",
                summary: "Natural logarithm of each element (-inf at 0, nan below).",
                example: "log(tensor([1, 2.718282, 10]))") { a in
            .tensor(try TensorRuntime.log(a.tensorArg(0)))
        },
        Builtin("sqrt", [x], methodOf: [.tensor], section: "Math", summary: "Square root of each element.",
                example: "sqrt(tensor([1, 4, 2]))") { a in
            .tensor(try TensorRuntime.sqrt(a.tensorArg(0)))
        },
        unary("abs", "Absolute value of each element.") { try TensorRuntime.abs($0) },
        unary("neg", "Negation of each element (same as unary -).") { try TensorRuntime.neg($0) },
        unary("tanh", "Hyperbolic tangent of each element.") { try TensorRuntime.tanh($0) },
        unary("sigmoid", "1 / (1 + e^-x) of each element.") { try TensorRuntime.sigmoid($0) },
        unary("relu", "max(x, 0) of each element.") { try TensorRuntime.relu($0) },
        Builtin("pow", [x, Parameter("exponent", "number or tensor")], methodOf: [.tensor], section: "Math",
                summary: "x to the power exponent, elementwise and broadcasting (same as **).",
                example: "pow(tensor([1, 2, 3]), 2)") { a in
            switch (a.arg(0), a.arg(1)) {
            case (.number(let base), .tensor(let e)): return .tensor(try TensorRuntime.pow(Float(base), e))
            case (_, .number(let e)): return .tensor(try TensorRuntime.pow(a.tensorArg(0), Float(e)))
            default: return .tensor(try TensorRuntime.pow(a.tensorArg(0), a.tensorArg(1)))
            }
        },
        Builtin("clamp", [x, Parameter("min", "number", default: Value.none), Parameter("max", "number", default: Value.none)],
                methodOf: [.tensor], section: "Math", summary: "Limits each element to [min, max] (either bound may be none).",
                example: "clamp(tensor([-2, 0.5, 3]), min: 0, max: 1)") { a in
            let lo = try a.optionalNumberArg(1).map(Float.init), hi = try a.optionalNumberArg(2).map(Float.init)
            return .tensor(try TensorRuntime.clamp(a.tensorArg(0), min: lo, max: hi))
        },
        Builtin("softmax", [x, Parameter("dim", "number", default: .number(-1))], methodOf: [.tensor], section: "Math",
                summary: "exp(x) / sum(exp(x)) along dim (default: the last), computed stably.",
                example: "softmax(tensor([1, 2, 3]), dim: -1)") { a in
            .tensor(try TensorRuntime.softmax(a.tensorArg(0), dim: a.intArg(1)))
        },
        Builtin("log_softmax", [x, Parameter("dim", "number", default: .number(-1))], methodOf: [.tensor], section: "Math",
                summary: "log(softmax(x, dim)) computed stably (what nll_loss expects).",
                example: "log_softmax(tensor([1, 2, 3]), dim: -1)") { a in
            .tensor(try TensorRuntime.logSoftmax(a.tensorArg(0), dim: a.intArg(1)))
        },
        Builtin("masked_fill", [x, Parameter("mask", "tensor"), Parameter("value", "number")], methodOf: [.tensor],
                section: "Masks", summary: "x with value wherever mask is non-zero (the mask broadcasts), as torch.masked_fill.",
                example: "masked_fill(zeros(2, 3), tensor([0, 1, 0]), -inf)") { a in
            .tensor(try TensorRuntime.maskedFill(a.tensorArg(0), a.tensorArg(1), a.floatArg(2)))
        },
        Builtin("where", [Parameter("mask", "tensor"), Parameter("a", "tensor or number"), Parameter("b", "tensor or number")],
                section: "Masks",
                // Not a method: torch's x.where(cond, y) puts the values first, and method
                // syntax here would mean where(x, ...) with x as the mask.
                summary: "Elements of a where mask is non-zero and of b elsewhere, broadcasting all three.",
                example: "where(tensor([1, 0, 1]), tensor([1, 2, 3]), 0)") { a in
            .tensor(try TensorRuntime.where(a.tensorArg(0), a.tensorArg(1), a.tensorArg(2)))
        },
        Builtin("allclose", [Parameter("a", "tensor"), Parameter("b", "tensor"),
                             Parameter("atol", "number", default: .number(1e-8)),
                             Parameter("rtol", "number", default: .number(1e-5))],
                methodOf: [.tensor], section: "Math",
                summary: "True when |a - b| ≤ atol + rtol·|b| everywhere (shapes broadcast), as torch.allclose.",
                example: "allclose(tensor([1, 2]), tensor([1, 2.000001]))") { a in
            .bool(try allClose(a.tensorArg(0), a.tensorArg(1), atol: a.numberArg(2), rtol: a.numberArg(3)))
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
