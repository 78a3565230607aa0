import TensorRuntime

/// Tensor creation: literals, constant fills, ranges and the seeded random generator
/// (LANGUAGE.md §5 "Create"). Every creator takes `requires_grad:` to make a trainable leaf;
/// literals, fills and ranges take `dtype:` ("float32", "int64", "bool", or `long`/`float`/`bool`).
enum TensorCreateLibrary {
    static let library = Library(name: "Create", builtins: builtins)

    /// Every creator's last parameter: `requires_grad: true` makes the result a trainable leaf.
    static func requiresGrad(_ p: Signature) -> Arg<Bool> { p.bool("requires_grad", default: false) }

    /// Marks `t` as a trainable leaf when asked.
    static func finish(_ t: Tensor, _ a: Arguments, _ requiresGrad: Arg<Bool>) throws -> Value {
        if try a[requiresGrad] { try t.setRequiresGrad(true) }
        return .tensor(t)
    }

    /// The `dtype:` parameter (none: the creator's own choice).
    static func dtypeArg(_ p: Signature) -> Arg<Value> { p.value("dtype", hint: "\"float32\", \"int64\" or \"bool\"", default: Value.none) }

    /// `t` converted to the requested dtype, if any.
    static func converted(_ t: Tensor, _ a: Arguments, _ dtype: Arg<Value>) throws -> Tensor {
        guard let d = try TensorDTypeLibrary.dtype(a.value(dtype), a.builtin.name) else { return t }
        return try t.to(d)
    }

    /// A creator taking a spread-out or list shape: `zeros(2, 3)`, `zeros((2, 3))`.
    static func shaped(_ name: String, summary: String, example: String,
                       _ make: @escaping ([Int]) throws -> Tensor) -> Builtin {
        Builtin(name, section: "Create", summary: summary, example: example) { p in
            let shape = p.rest("shape", hint: "sizes"), dtype = dtypeArg(p), grad = requiresGrad(p)
            return { a in try finish(try converted(make(try a.sizes(shape)), a, dtype), a, grad) }
        }
    }

    /// A creator shaped like another tensor: `zeros_like(x)`.
    /// `keepDType`: the result has x's dtype (zeros_like, ones_like), as in PyTorch.
    static func like(_ name: String, summary: String, example: String, keepDType: Bool = false,
                     _ make: @escaping ([Int]) throws -> Tensor) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Create", summary: summary, example: example) { p in
            let x = p.tensor("x", keepDType: true), grad = requiresGrad(p)
            return { a in
                let t = try a[x]
                return try finish(try make(t.shape).to(keepDType ? t.dtype : .float32), a, grad)
            }
        }
    }

    static let builtins: [Builtin] = [
        Builtin("tensor", section: "Create",
                summary: "A new tensor from a number or nested lists of numbers (float32), as torch.tensor; a tensor argument is copied.",
                example: "tensor([[1, 2], [3, 4]])") { p in
            let data = p.value("data", hint: "number, nested list or tensor"), dtype = dtypeArg(p), grad = requiresGrad(p)
            return { a in
                var t: Tensor
                if case .tensor(let source) = a.value(data) {
                    t = try source.detach().clone()
                } else {
                    t = try tensorFromValue(a.value(data), op: "tensor")
                    // As torch.tensor: a list of bools gives a bool tensor.
                    if t.count > 0 && TensorDTypeLibrary.allBools(a.value(data)) { t = try t.to(.bool) }
                }
                return try finish(try converted(t, a, dtype), a, grad)
            }
        },
        shaped("zeros", summary: "A tensor of zeros; the shape is spread out or one list.",
               example: "zeros(2, 3)") { try TensorRuntime.zeros($0) },
        shaped("ones", summary: "A tensor of ones; the shape is spread out or one list.",
               example: "ones((2, 3))") { try TensorRuntime.ones($0) },
        Builtin("full", section: "Create", summary: "A tensor of the given shape filled with value.",
                example: "full((2, 2), 0.5)") { p in
            let shape = p.arg("shape", [Int].self, hint: "list of sizes"), value = p.number("value")
            let dtype = dtypeArg(p), grad = requiresGrad(p)
            return { a in
                // Filled in the target dtype, so an int64 fill is exact.
                if let d = try TensorDTypeLibrary.dtype(a.value(dtype), "full"), d == .int64 {
                    let n = try a[shape].reduce(1) { $0 * $1 }
                    guard n >= 0 else { throw LangError("full: sizes must be non-negative") }
                    let t = try Tensor.int64(shape: a[shape], data: [Int64](repeating: Int64(try a[value]), count: n), op: "full")
                    return try finish(t, a, grad)
                }
                return try finish(try converted(TensorRuntime.full(a[shape], Float(a[value])), a, dtype), a, grad)
            }
        },
        like("zeros_like", summary: "Zeros with the shape and dtype of x.", example: "zeros_like(ones(2, 3))", keepDType: true) {
            try TensorRuntime.zeros($0)
        },
        like("ones_like", summary: "Ones with the shape and dtype of x.", example: "ones_like(zeros(2))", keepDType: true) {
            try TensorRuntime.ones($0)
        },
        Builtin("arange", section: "Create",
                summary: "Numbers from start (default 0) up to but excluding end, as torch.arange: arange(n), arange(a, b), arange(a, b, step); int64 when all are whole numbers.",
                example: "arange(5)\narange(1, 2, 0.25)") { p in
            let start = p.number("start"), end = p.optional("end", Double.self), step = p.number("step", default: 1)
            let dtype = dtypeArg(p), grad = requiresGrad(p)
            return { a in
                let bounds = try a[end].map { (try a[start], $0) } ?? (0, try a[start])
                let s = try a[step]
                let whole = [bounds.0, bounds.1, s].allSatisfy { $0 == $0.rounded() }
                let d = try TensorDTypeLibrary.dtype(a.value(dtype), "arange") ?? (whole ? .int64 : .float32)
                let t = try TensorRuntime.arange(start: bounds.0, end: bounds.1, step: s, dtype: d == .float32 ? .float32 : .int64)
                return try finish(try t.to(d), a, grad)
            }
        },
        Builtin("eye", section: "Create", summary: "The n × n identity matrix (n × m with m).",
                example: "eye(3)") { p in
            let n = p.int("n"), m = p.optional("m", Int.self), grad = requiresGrad(p)
            return { a in try finish(try TensorRuntime.eye(a[n], a[m]), a, grad) }
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
        Builtin("randint", section: "Create",
                summary: "Whole numbers uniform in [low, high): a tensor when a shape is given (torch.randint), otherwise one number.",
                example: "seed(0)\nrandint(0, 10, (2, 3))\nrandint(1, 7)") { p in
            let low = p.int("low"), high = p.int("high"), shape = p.rest("shape", hint: "sizes")
            return { a in
                if a[shape].isEmpty {
                    return .number(Double(try CoreLibrary.randomInteger(a[low], a[high])))
                }
                return .tensor(try TensorRuntime.randint(a[low], a[high], a.sizes(shape)))
            }
        },
        Builtin("seed", section: "Create",
                summary: "Seeds the one generator behind every random tensor and number (torch.manual_seed); returns none.",
                example: "seed(42)") { p in
            let n = p.int("n")
            return { a in
                let value = try a[n]
                guard value >= 0 else { throw LangError("seed: the seed must be a non-negative whole number, not \(value)") }
                TensorRuntime.manualSeed(UInt64(value))
                return .none
            }
        },
    ]
}
