import TensorRuntime

/// More of torch (LANGUAGE.md 9.4): tiling, picking by position or mask, triangles, pieces,
/// sorting, running sums, random and in-place initialisers, and `tolist`. Each builtin is a
/// free function of TensorRuntime and, through `methodOf`, a tensor method.
enum TensorMoreLibrary {
    static let library = Library(name: "More of torch", builtins: builtins, attributes: attributes)

    static func method(_ name: String, section: String, summary: String, example: String,
                       _ declare: (Signature) -> Builtin.Body) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: section, summary: summary, example: example, declare)
    }

    static func pair(_ r: (values: Tensor, indices: Tensor)) -> Value { .tuple([.tensor(r.values), .tensor(r.indices)]) }
    static func pieces(_ ts: [Tensor]) -> Value { .tuple(ts.map(Value.tensor)) }

    static let builtins: [Builtin] = shape + picking + initialisers

    static let shape: [Builtin] = [
        method("repeat", section: "Shape",
               summary: "x tiled along each dimension (repeats spread out or one list; more repeats than dimensions add leading ones), as torch's x.repeat.",
               example: "tensor([1, 2]).repeat(2, 2)") { p in
            let x = p.tensor("x", keepDType: true), repeats = p.rest("repeats", hint: "sizes")
            return { a in .tensor(try TensorRuntime.repeat(a[x], a.sizes(repeats))) }
        },
        method("repeat_interleave", section: "Shape",
               summary: "Each element repeated `repeats` times (a number, or one count per element as a list or tensor) along dim; without dim, of the flattened x.",
               example: "repeat_interleave(tensor([1, 2, 3]), 2)\ntensor([[1, 2], [3, 4]]).repeat_interleave(tensor([1, 2]), dim: 0)") { p in
            let x = p.tensor("x", keepDType: true), repeats = p.value("repeats", hint: "number, list or tensor")
            let dim = p.optional("dim", Int.self)
            return { a in
                let t = try a[x], d = try a[dim]
                if case .number(let n) = a.value(repeats), let r = wholeNumber(n) {
                    return .tensor(try TensorRuntime.repeatInterleave(t, r, dim: d))
                }
                guard let counts = wholeNumbers(a.value(repeats)) else {
                    throw a.failure(repeats, "a whole number or a list of whole numbers")
                }
                return .tensor(try TensorRuntime.repeatInterleave(t, counts: counts, dim: d))
            }
        },
        method("chunk", section: "Shape",
               summary: "At most `chunks` views along dim, each ⌈size / chunks⌉ long but the last (a tuple), as torch.chunk.",
               example: "a, b = arange(5).chunk(2)\nb") { p in
            let x = p.tensor("x", keepDType: true), chunks = p.int("chunks"), dim = p.int("dim", default: 0)
            return { a in pieces(try TensorRuntime.chunk(a[x], a[chunks], dim: a[dim])) }
        },
        method("tril", section: "Shape",
               summary: "The lower triangle of the last two dimensions (j - i <= diagonal), zeros above.",
               example: "tril(ones(3, 3))") { p in
            let x = p.tensor("x", keepDType: true), diagonal = p.int("diagonal", default: 0)
            return { a in .tensor(try TensorRuntime.tril(a[x], diagonal: a[diagonal])) }
        },
        method("triu", section: "Shape",
               summary: "The upper triangle of the last two dimensions (j - i >= diagonal), zeros below.",
               example: "triu(ones(3, 3), diagonal: 1)") { p in
            let x = p.tensor("x", keepDType: true), diagonal = p.int("diagonal", default: 0)
            return { a in .tensor(try TensorRuntime.triu(a[x], diagonal: a[diagonal])) }
        },
        splitBuiltin,
    ]

    /// `split` on a tensor (by size, or by a list of sizes) and, through the same entry, on a
    /// string: a string first argument is handed to the string library's `split`.
    static let splitBuiltin = Builtin("split", methodOf: [.tensor, .string], section: "Shape",
            summary: "split(x, size_or_sizes, dim: 0): views of a tensor, `size` long each (the last shorter) or of the listed sizes (a tuple), as torch.split. On a string: split(s, sep) as Python's str.split.",
            example: "a, b = split(arange(5), [2, 3])\nb\nsplit(\"a b c\")") { p in
        let x = p.value("x", hint: "tensor or string"), sep = p.value("sep", hint: "size, list of sizes or separator", default: Value.none)
        // maxsplit belongs to the string form; declared here so that `s.split(maxsplit: 1)` binds.
        // A third positional argument is dim for a tensor and maxsplit for a string
        // (`s.split(" ", 1)`, as Python), so dim's default is none rather than 0.
        let dim = p.optional("dim", Int.self)
        let maxsplit = p.value("maxsplit", hint: "number (strings)", default: Value.none)
        return { a in
            if case .tensor(let t) = a.value(x) {
                let d = try a[dim] ?? 0
                if case .number(let n) = a.value(sep), let size = wholeNumber(n) {
                    return pieces(try TensorRuntime.split(t, size: size, dim: d))
                }
                guard let sizes = wholeNumbers(a.value(sep)) else {
                    throw a.failure(sep, "a split size or a list of sizes for a tensor")
                }
                return pieces(try TensorRuntime.split(t, sizes: sizes, dim: d))
            }
            if a.isNone(maxsplit) && !a.isNone(dim) { a.values[maxsplit.slot] = a.value(dim) }
            return try delegate(&a, to: stringSplit(a.context.registry))
        }
    }

    /// The string `split` this library's `split` replaced: the last one registered before it.
    static func stringSplit(_ registry: Registry) throws -> Builtin {
        let mine = TensorMoreLibrary.library.name
        let earlier = registry.libraries.prefix { $0.name != mine }
        for library in earlier.reversed() {
            if let b = library.builtins.first(where: { $0.name == "split" && $0.methodOf.contains(.string) }) { return b }
        }
        throw LangError("split: expected a tensor or a string")
    }

    /// Calls `other` with this call's arguments, matched by parameter name (defaults for the rest).
    /// An argument given here that `other` has no parameter for is an error, never dropped.
    static func delegate(_ a: inout Arguments, to other: Builtin) throws -> Value {
        let mine = a.builtin.parameters
        for (k, p) in mine.enumerated().dropFirst() where !a.values[k].isNone && p.defaultValue.map({ !sameValue($0, a.values[k]) }) ?? true {
            guard other.parameters.contains(where: { $0.name == p.name }) else {
                throw LangError("\(a.builtin.name): \(p.name) is not an argument of \(a.builtin.name) on \(describeForError(a.values[0])) (it is one for tensors)")
            }
        }
        var values: [Value] = []
        for (i, p) in other.parameters.enumerated() {
            if i == 0 {
                values.append(a.values[0])
            } else if let k = mine.firstIndex(where: { $0.name == p.name }), !a.values[k].isNone {
                values.append(a.values[k])
            } else {
                values.append(p.defaultValue ?? .none)
            }
        }
        var args = Arguments(builtin: other, values: values, rest: [], context: a.context)
        return try other.body(&args)
    }

    static let picking: [Builtin] = [
        method("gather", section: "Math",
               summary: "out[i][j] = x[i][index[i][j]] for dim 1 (likewise for any dim), as torch.gather; index has x's rank.",
               example: "gather(tensor([[1, 2], [3, 4]]), 1, tensor([[0, 0], [1, 0]]))") { p in
            let x = p.tensor("x", keepDType: true), dim = p.int("dim"), index = p.tensor("index", keepDType: true)
            return { a in .tensor(try TensorRuntime.gather(a[x], dim: a[dim], index: a[index])) }
        },
        method("index_select", section: "Math",
               summary: "The entries at the positions `index` (a 1-D tensor or list) along dim, as torch.index_select.",
               example: "index_select(tensor([[1, 2], [3, 4], [5, 6]]), 0, tensor([2, 0]))") { p in
            let x = p.tensor("x", keepDType: true), dim = p.int("dim"), index = p.value("index", hint: "tensor or list")
            return { a in
                let positions: Tensor
                if case .tensor(let t) = a.value(index) { positions = t }
                else if let list = wholeNumbers(a.value(index)) { positions = try Tensor.int64(shape: [list.count], data: list.map { Int64($0) }) }
                else { throw a.failure(index, "a tensor or list of positions") }
                return .tensor(try TensorRuntime.indexSelect(a[x], dim: a[dim], index: positions))
            }
        },
        method("masked_select", section: "Math",
               summary: "The elements of x where mask (broadcast with x) is true, in order, as a 1-D tensor.",
               example: "x = tensor([[1, -2], [-3, 4]])\nmasked_select(x, x > 0)") { p in
            let x = p.tensor("x", keepDType: true), mask = p.tensor("mask", keepDType: true)
            return { a in .tensor(try TensorRuntime.maskedSelect(a[x], a[mask])) }
        },
        method("nonzero", section: "Math",
               summary: "The positions of the nonzero elements, one row each ([count, ndim]); as_tuple: true gives one 1-D tensor per dimension.",
               example: "nonzero(tensor([[0, 1], [2, 0]]))") { p in
            let x = p.tensor("x", keepDType: true), asTuple = p.bool("as_tuple", default: false)
            return { a in
                let positions = try TensorRuntime.nonzero(a[x])
                guard try a[asTuple] else { return .tensor(positions) }
                return .tuple(try (0..<positions.shape[1]).map { .tensor(try positions.index([.all, .at($0)]).contiguous()) })
            }
        },
        Builtin("sort", methodOf: [.tensor, .list], section: "Math",
                summary: "(values, indices) of x sorted along dim, ascending unless descending; stable, nan counted largest, as torch.sort. A list sorts in place, as Python's list.sort(key:, reverse:), and gives none.",
                example: "sort(tensor([3, 1, 2]))\nsort(tensor([3, 1, 2]), descending: true)\nxs = [\"bb\", \"a\", \"ccc\"]\nxs.sort(key: len, reverse: true)\nxs") { p in
            let x = p.arg("x", Value.self, hint: "tensor or list", keepDType: true), dim = p.int("dim", default: -1)
            let descending = p.bool("descending", default: false)
            let key = p.value("key", hint: "function", default: Value.none), reverse = p.bool("reverse", default: false)
            return { a in
                if case .list(let l) = a.value(x) {
                    guard try a[dim] == -1, try !a[descending] else {
                        throw LangError("sort: a list sorts with key: and reverse: (dim: and descending: are for tensors)")
                    }
                    l.items = try ListLibrary.sortedItems(l.items, key: a.value(key), reverse: a[reverse], a, "sort")
                    return .none
                }
                guard a.value(key).isNone, try !a[reverse] else {
                    throw LangError("sort: a tensor sorts with dim: and descending: (key: and reverse: are for lists)")
                }
                let t = try Tensor.read(a.value(x), a, x.slot)
                return pair(try TensorRuntime.sort(t, dim: a[dim], descending: a[descending]))
            }
        },
        method("argsort", section: "Math",
               summary: "The positions that sort x along dim (the indices of sort).",
               example: "argsort(tensor([3, 1, 2]))") { p in
            let x = p.tensor("x", keepDType: true), dim = p.int("dim", default: -1), descending = p.bool("descending", default: false)
            return { a in .tensor(try TensorRuntime.argsort(a[x], dim: a[dim], descending: a[descending])) }
        },
        method("cumsum", section: "Math",
               summary: "Running sums along dim, as torch.cumsum.",
               example: "cumsum(tensor([1, 2, 3]), dim: 0)") { p in
            let x = p.tensor("x", keepDType: true), dim = p.int("dim")
            return { a in .tensor(try TensorRuntime.cumsum(a[x], dim: a[dim])) }
        },
        method("tolist", section: "Math",
               summary: "The elements as nested lists of numbers (bools for a bool tensor; a 0-D tensor gives one value), as torch's x.tolist().",
               example: "tensor([[1, 2], [3, 4]]).tolist()") { p in
            let x = p.tensor("x", keepDType: true)
            return { a in tensorList(try a[x]) }
        },
    ]

    /// Nested lists of a tensor's elements, row-major: numbers (int64 exact up to 2^53), or
    /// bools for a bool tensor.
    static func tensorList(_ t: Tensor) -> Value {
        let values = t.doubleValues()
        let isBool = t.dtype == .bool
        var next = 0
        func build(_ dim: Int) -> Value {
            guard dim < t.rank else {
                defer { next += 1 }
                return isBool ? .bool(values[next] != 0) : .number(values[next])
            }
            return .list(ListObject((0..<t.shape[dim]).map { _ in build(dim + 1) }))
        }
        return build(0)
    }

    static let initialisers: [Builtin] = [
        Builtin("empty", section: "Create",
                summary: "A tensor of the given shape, as torch.empty (attn fills it with zeros, so nothing depends on leftover memory).",
                example: "empty(2, 3)") { p in
            let shape = p.rest("shape", hint: "sizes"), requiresGrad = p.bool("requires_grad", default: false)
            return { a in
                let t = try TensorRuntime.empty(a.sizes(shape))
                t.requiresGrad = try a[requiresGrad]
                return .tensor(t)
            }
        },
        Builtin("normal", section: "Create",
                summary: "Normal samples of the given shape with this mean and std, as torch.normal(mean, std, size), from the seeded generator.",
                example: "seed(0)\nnormal(0, 0.1, 2, 3)") { p in
            let mean = p.number("mean"), std = p.number("std"), shape = p.rest("shape", hint: "sizes")
            let requiresGrad = p.bool("requires_grad", default: false)
            return { a in
                let t = try TensorRuntime.normal(mean: a[mean], std: a[std], a.sizes(shape))
                t.requiresGrad = try a[requiresGrad]
                return .tensor(t)
            }
        },
        method("normal_", section: "Create",
               summary: "Fills x in place with normal samples (nn.init.normal_ / x.normal_), drawn as PyTorch draws them; returns x. Allowed on parameters.",
               example: "seed(0)\nw = zeros(2, 3, requires_grad: true)\nw.normal_(0, 0.01)") { p in
            let x = p.tensor("x", keepDType: true), mean = p.number("mean", default: 0), std = p.number("std", default: 1)
            return { a in .tensor(try TensorRuntime.normal_(a[x], mean: a[mean], std: a[std])) }
        },
        method("uniform_", section: "Create",
               summary: "Fills x in place with uniform samples in [a, b) (nn.init.uniform_ / x.uniform_); returns x.",
               example: "seed(0)\nzeros(3).uniform_(-0.1, 0.1)") { p in
            let x = p.tensor("x", keepDType: true), low = p.number("a", default: 0), high = p.number("b", default: 1)
            return { a in .tensor(try TensorRuntime.uniform_(a[x], from: a[low], to: a[high])) }
        },
        method("fill_", section: "Create",
               summary: "Sets every element of x to value in place (nn.init.constant_); returns x.",
               example: "ones(2, 2).fill_(7)") { p in
            let x = p.tensor("x", keepDType: true), value = p.float("value")
            return { a in .tensor(try TensorRuntime.fill_(a[x], a[value])) }
        },
        method("zero_", section: "Create",
               summary: "Sets every element of x to 0 in place (nn.init.zeros_); returns x.",
               example: "ones(3).zero_()") { p in
            let x = p.tensor("x", keepDType: true)
            return { a in .tensor(try TensorRuntime.zero_(a[x])) }
        },
    ]

    /// `x.data`: the values without the graph, sharing storage (as PyTorch's `.data`); assigning
    /// copies new values in without recording (`w.data = w.data - lr * w.grad`).
    static let attributes: [Attribute] = [
        Attribute(kind: .tensor, name: "data",
                  summary: "The same values detached from the graph, sharing storage; assigning copies values in without recording gradients.",
                  get: { v in
                      guard case .tensor(let t) = v else { throw LangError(".data needs a tensor") }
                      return .tensor(t.detach())
                  },
                  set: { v, newValue in
                      guard case .tensor(let t) = v else { throw LangError(".data needs a tensor") }
                      guard case .tensor(let source) = newValue else {
                          throw LangError(".data can be set to a tensor, not \(describeForError(newValue))")
                      }
                      guard source.shape == t.shape else {
                          throw LangError(".data: a tensor of shape \(shapeString(source.shape)) cannot replace the values of a tensor of shape \(shapeString(t.shape))")
                      }
                      try GradMode.withoutGrad { try t.detach().assign([], source) }
                  }),
    ]

    /// Whether a default and a given argument are the same number (so `dim: 0` counts as not given).
    static func sameValue(_ x: Value, _ y: Value) -> Bool {
        if case .number(let p) = x, case .number(let q) = y { return p == q }
        return false
    }
}
