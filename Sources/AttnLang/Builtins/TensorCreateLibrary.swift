import TensorRuntime

/// Tensor creation: literals, constant fills, ranges and the seeded random generator
/// (LANGUAGE.md §5 "Create"). Every creator takes `requires_grad:` to make a trainable leaf.
enum TensorCreateLibrary {
    static let library = Library(name: "Create", builtins: builtins)

    static let requiresGrad = Parameter("requires_grad", "bool", default: .bool(false))

    /// Marks `t` as a trainable leaf when the `requires_grad` slot `i` is true.
    static func finish(_ t: Tensor, _ a: inout Arguments, requiresGradSlot i: Int) throws -> Value {
        if try a.boolArg(i) { t.requiresGrad = true }
        return .tensor(t)
    }

    /// A creator taking a spread-out or list shape: `zeros(2, 3)`, `zeros((2, 3))`.
    static func shaped(_ name: String, summary: String, example: String,
                       _ make: @escaping ([Int]) throws -> Tensor) -> Builtin {
        Builtin(name, [Parameter("shape", "sizes", variadic: true), requiresGrad], section: "Create",
                summary: summary, example: example) { a in
            try finish(try make(try a.shapeArg()), &a, requiresGradSlot: 1)
        }
    }

    /// A creator shaped like another tensor: `zeros_like(x)`.
    static func like(_ name: String, summary: String, example: String,
                     _ make: @escaping ([Int]) throws -> Tensor) -> Builtin {
        Builtin(name, [Parameter("x", "tensor"), requiresGrad], methodOf: [.tensor], section: "Create",
                summary: summary, example: example) { a in
            try finish(try make(try a.tensorArg(0).shape), &a, requiresGradSlot: 1)
        }
    }

    static let builtins: [Builtin] = [
        Builtin("tensor", [Parameter("data", "number, nested list or tensor"), requiresGrad], section: "Create",
                summary: "A new tensor from a number or nested lists of numbers (float32), as torch.tensor; a tensor argument is copied.",
                example: "tensor([[1, 2], [3, 4]])") { a in
            let data = a.arg(0)
            let t: Tensor
            if case .tensor(let source) = data {
                t = try source.detach().clone()
            } else {
                t = try tensorFromValue(data, op: "tensor")
            }
            return try finish(t, &a, requiresGradSlot: 1)
        },
        shaped("zeros", summary: "A tensor of zeros; the shape is spread out or one list.",
               example: "zeros(2, 3)") { try TensorRuntime.zeros($0) },
        shaped("ones", summary: "A tensor of ones; the shape is spread out or one list.",
               example: "ones((2, 3))") { try TensorRuntime.ones($0) },
        Builtin("full", [Parameter("shape", "list of sizes"), Parameter("value", "number"), requiresGrad],
                section: "Create", summary: "A tensor of the given shape filled with value.",
                example: "full((2, 2), 0.5)") { a in
            let shape = try a.intListArg(0)
            return try finish(try TensorRuntime.full(shape, a.floatArg(1)), &a, requiresGradSlot: 2)
        },
        like("zeros_like", summary: "Zeros with the shape of x.", example: "zeros_like(ones(2, 3))") {
            try TensorRuntime.zeros($0)
        },
        like("ones_like", summary: "Ones with the shape of x.", example: "ones_like(zeros(2))") {
            try TensorRuntime.ones($0)
        },
        Builtin("arange", [Parameter("start", "number"), Parameter("end", "number", default: Value.none),
                           Parameter("step", "number", default: .number(1)), requiresGrad],
                section: "Create",
                summary: "Numbers from start (default 0) up to but excluding end, as torch.arange: arange(n), arange(a, b), arange(a, b, step).",
                example: "arange(5)\narange(1, 2, 0.25)") { a in
            let first = try a.numberArg(0)
            let t: Tensor
            if let end = try a.optionalNumberArg(1) {
                t = try TensorRuntime.arange(start: first, end: end, step: a.numberArg(2))
            } else {
                t = try TensorRuntime.arange(start: 0, end: first, step: a.numberArg(2))
            }
            return try finish(t, &a, requiresGradSlot: 3)
        },
        Builtin("eye", [Parameter("n", "number"), Parameter("m", "number", default: Value.none), requiresGrad],
                section: "Create", summary: "The n × n identity matrix (n × m with m).",
                example: "eye(3)") { a in
            try finish(try TensorRuntime.eye(a.intArg(0), a.optionalIntArg(1)), &a, requiresGradSlot: 2)
        },
        shaped("randn", summary: "Standard normal samples from the seeded generator (torch.randn's numbers after the same seed).",
               example: "seed(0)\nrandn(2, 3)") { try TensorRuntime.randn($0) },
        shaped("rand", summary: "Uniform samples in [0, 1) from the seeded generator, as torch.rand.",
               example: "seed(0)\nrand(3)") { try TensorRuntime.rand($0) },
        like("randn_like", summary: "Standard normal samples with the shape of x.", example: "randn_like(zeros(2, 2))") {
            try TensorRuntime.randn($0)
        },
        like("rand_like", summary: "Uniform samples in [0, 1) with the shape of x.", example: "rand_like(zeros(2, 2))") {
            try TensorRuntime.rand($0)
        },
        Builtin("randint", [Parameter("low", "number"), Parameter("high", "number"),
                            Parameter("shape", "sizes", variadic: true)],
                section: "Create",
                summary: "Whole numbers uniform in [low, high): a tensor when a shape is given (torch.randint), otherwise one number.",
                example: "seed(0)\nrandint(0, 10, (2, 3))\nrandint(1, 7)") { a in
            let low = try a.intArg(0), high = try a.intArg(1)
            if a.rest.isEmpty {
                return .number(Double(try CoreLibrary.randomInteger(low, high)))
            }
            return .tensor(try TensorRuntime.randint(low, high, a.shapeArg()))
        },
        Builtin("seed", [Parameter("n", "number")], section: "Create",
                summary: "Seeds the one generator behind every random tensor and number (torch.manual_seed); returns none.",
                example: "seed(42)") { a in
            let n = try a.intArg(0)
            guard n >= 0 else { throw LangError("seed: the seed must be a non-negative whole number, not \(n)") }
            TensorRuntime.manualSeed(UInt64(n))
            return .none
        },
    ]
}
