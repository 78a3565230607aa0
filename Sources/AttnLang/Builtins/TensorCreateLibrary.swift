import TensorRuntime

/// Tensor creation: literals, constant fills, ranges and the seeded random generator
/// (LANGUAGE.md §5 "Create"). Every creator takes `requires_grad:` to make a trainable leaf.
enum TensorCreateLibrary {
    static let library = Library(name: "Create", builtins: builtins)

    /// Every creator's last parameter: `requires_grad: true` makes the result a trainable leaf.
    static func requiresGrad(_ p: Signature) -> Arg<Bool> { p.bool("requires_grad", default: false) }

    /// Marks `t` as a trainable leaf when asked.
    static func finish(_ t: Tensor, _ a: Arguments, _ requiresGrad: Arg<Bool>) throws -> Value {
        if try a[requiresGrad] { t.requiresGrad = true }
        return .tensor(t)
    }

    /// A creator taking a spread-out or list shape: `zeros(2, 3)`, `zeros((2, 3))`.
    static func shaped(_ name: String, summary: String, example: String,
                       _ make: @escaping ([Int]) throws -> Tensor) -> Builtin {
        Builtin(name, section: "Create", summary: summary, example: example) { p in
            let shape = p.rest("shape", hint: "sizes"), grad = requiresGrad(p)
            return { a in try finish(try make(try a.sizes(shape)), a, grad) }
        }
    }

    /// A creator shaped like another tensor: `zeros_like(x)`.
    static func like(_ name: String, summary: String, example: String,
                     _ make: @escaping ([Int]) throws -> Tensor) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Create", summary: summary, example: example) { p in
            let x = p.tensor("x"), grad = requiresGrad(p)
            return { a in try finish(try make(try a[x].shape), a, grad) }
        }
    }

    static let builtins: [Builtin] = [
        Builtin("tensor", section: "Create",
                summary: "A new tensor from a number or nested lists of numbers (float32), as torch.tensor; a tensor argument is copied.",
                example: "tensor([[1, 2], [3, 4]])") { p in
            let data = p.value("data", hint: "number, nested list or tensor"), grad = requiresGrad(p)
            return { a in
                let t: Tensor
                if case .tensor(let source) = a.value(data) {
                    t = try source.detach().clone()
                } else {
                    t = try tensorFromValue(a.value(data), op: "tensor")
                }
                return try finish(t, a, grad)
            }
        },
        shaped("zeros", summary: "A tensor of zeros; the shape is spread out or one list.",
               example: "zeros(2, 3)") { try TensorRuntime.zeros($0) },
        shaped("ones", summary: "A tensor of ones; the shape is spread out or one list.",
               example: "ones((2, 3))") { try TensorRuntime.ones($0) },
        Builtin("full", section: "Create", summary: "A tensor of the given shape filled with value.",
                example: "full((2, 2), 0.5)") { p in
            let shape = p.arg("shape", [Int].self, hint: "list of sizes"), value = p.float("value"), grad = requiresGrad(p)
            return { a in try finish(try TensorRuntime.full(a[shape], a[value]), a, grad) }
        },
        like("zeros_like", summary: "Zeros with the shape of x.", example: "zeros_like(ones(2, 3))") {
            try TensorRuntime.zeros($0)
        },
        like("ones_like", summary: "Ones with the shape of x.", example: "ones_like(zeros(2))") {
            try TensorRuntime.ones($0)
        },
        Builtin("arange", section: "Create",
                summary: "Numbers from start (default 0) up to but excluding end, as torch.arange: arange(n), arange(a, b), arange(a, b, step).",
                example: "arange(5)\narange(1, 2, 0.25)") { p in
            let start = p.number("start"), end = p.optional("end", Double.self), step = p.number("step", default: 1)
            let grad = requiresGrad(p)
            return { a in
                let first = try a[start]
                let t: Tensor
                if let end = try a[end] {
                    t = try TensorRuntime.arange(start: first, end: end, step: a[step])
                } else {
                    t = try TensorRuntime.arange(start: 0, end: first, step: a[step])
                }
                return try finish(t, a, grad)
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
