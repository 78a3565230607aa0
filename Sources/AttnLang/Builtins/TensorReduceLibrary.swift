import TensorRuntime

/// Reductions and products (LANGUAGE.md §5 "Math"): sums, extremes with their indices,
/// top-k, and matrix products (BLAS underneath).
enum TensorReduceLibrary {
    static let library = Library(name: "Reduce", builtins: reductions + products)

    /// `sum`/`mean`: all elements, or the dimensions given as a number or a list.
    static func total(_ name: String, summary: String, example: String, keepDType: Bool = false,
                      all: @escaping (Tensor) throws -> Tensor,
                      along: @escaping (Tensor, [Int], Bool) throws -> Tensor) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Reduce", summary: summary, example: example) { p in
            let x = p.tensor("x", keepDType: keepDType), dim = p.optional("dim", [Int].self, hint: "number or list")
            let keepdim = p.bool("keepdim", default: false)
            return { a in
                let t = try a[x]
                guard let dims = try a[dim] else { return .tensor(try all(t)) }
                return .tensor(try along(t, dims, a[keepdim]))
            }
        }
    }

    /// `max`/`min`: of all elements; with a dimension (`dim:` or the second positional
    /// argument, as torch.max(x, 1)) a (values, indices) tuple as in PyTorch. Without a tensor
    /// they are Python's max/min over the arguments or one list, so the one builtin per name
    /// serves both (`max(3, 4)`, `max(losses)`).
    static func extreme(_ name: String, largest: Bool) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Reduce",
                summary: "The \(largest ? "largest" : "smallest") element of a tensor; with dim, a tuple (values, indices) along dim. On numbers or one list, as Python's \(name).",
                example: "\(name)(tensor([[1, 5], [7, 2]]))\n\(name)(tensor([[1, 5], [7, 2]]), dim: 1)\n\(name)(3, 4, 1)") { p in
            let values = p.rest("x", hint: "tensor, numbers or a list")
            let dim = p.optional("dim", Int.self), keepdim = p.bool("keepdim", default: false)
            return { a in
                let rest = a[values]
                guard case .tensor(let t)? = rest.first else {
                    guard a.isNone(dim) else { throw LangError("\(name): dim needs a tensor") }
                    return try CoreLibrary.numberMinMax(rest, isMax: largest)
                }
                var d = try a[dim]
                if rest.count == 2 {
                    guard d == nil, case .number(let n) = rest[1], let n = wholeNumber(n) else {
                        throw LangError("\(name): the second argument must be a dimension, not \(describeForError(rest[1])) (elementwise maximum: where(a > b, a, b))")
                    }
                    d = n
                } else if rest.count > 2 {
                    throw LangError("\(name): expected a tensor and at most a dimension, got \(rest.count) arguments")
                }
                guard let d else {
                    return .tensor(try largest ? TensorRuntime.max(t) : TensorRuntime.min(t))
                }
                let r = try largest ? TensorRuntime.max(t, dim: d, keepdim: a[keepdim])
                                    : TensorRuntime.min(t, dim: d, keepdim: a[keepdim])
                return .tuple([.tensor(r.values), .tensor(r.indices)])
            }
        }
    }

    static let reductions: [Builtin] = [
        total("sum", summary: "Sum of all elements, or along dim (a number or list) keeping the dimension with keepdim: true; int64 for bool and int64 tensors.",
              example: "sum(tensor([[1, 2], [3, 4]]), dim: 0)", keepDType: true,
              all: { try TensorRuntime.sum($0) }, along: { try TensorRuntime.sum($0, dims: $1, keepdim: $2) }),
        total("mean", summary: "Mean of all elements, or along dim (a number or list).",
              example: "mean(tensor([[1, 2], [3, 4]]), dim: -1, keepdim: true)",
              all: { try TensorRuntime.mean($0) }, along: { try TensorRuntime.mean($0, dims: $1, keepdim: $2) }),
        extreme("max", largest: true),
        extreme("min", largest: false),
        Builtin("argmax", methodOf: [.tensor],
                section: "Reduce", summary: "Index of the largest element (of the flattened tensor, or along dim).",
                example: "argmax(tensor([[1, 5], [7, 2]]), dim: 1)") { p in
            let x = p.tensor("x", keepDType: true), dim = p.optional("dim", Int.self), keepdim = p.bool("keepdim", default: false)
            return { a in .tensor(try TensorRuntime.argmax(a[x], dim: a[dim], keepdim: a[keepdim])) }
        },
        Builtin("topk", methodOf: [.tensor], section: "Reduce",
                summary: "The k largest (or smallest) elements along dim, sorted, as a tuple (values, indices).",
                example: "topk(tensor([0.1, 0.7, 0.2]), 2)") { p in
            let x = p.tensor("x", keepDType: true), k = p.int("k"), dim = p.int("dim", default: -1), largest = p.bool("largest", default: true)
            return { a in
                let r = try TensorRuntime.topk(a[x], k: a[k], dim: a[dim], largest: a[largest])
                return .tuple([.tensor(r.values), .tensor(r.indices)])
            }
        },
        Builtin("item", methodOf: [.tensor], section: "Reduce",
                summary: "The number held by a one-element tensor.",
                example: "tensor([[2.5]]).item()") { p in
            let x = p.tensor("x", keepDType: true)
            return { a in .number(try a[x].itemValue()) }
        },
    ]

    static func product(_ name: String, summary: String, example: String,
                        _ f: @escaping (Tensor, Tensor) throws -> Tensor) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Products", summary: summary, example: example) { p in
            let x = p.tensor("a"), y = p.tensor("b")
            return { a in .tensor(try f(a[x], a[y])) }
        }
    }

    static let products: [Builtin] = [
        product("matmul", summary: "Matrix product with torch.matmul's rules: vectors, matrices and broadcast batches (same as @).",
                example: "matmul(ones(2, 3), ones(3))") { try TensorRuntime.matmul($0, $1) },
        product("mm", summary: "Product of two matrices [n, m] · [m, p].",
                example: "mm(eye(2), tensor([[1, 2], [3, 4]]))") { try TensorRuntime.mm($0, $1) },
        product("bmm", summary: "Batched matrix product [B, n, m] · [B, m, p] → [B, n, p].",
                example: "bmm(ones(1, 1, 4), ones(1, 4, 5)).shape") { try TensorRuntime.bmm($0, $1) },
        product("dot", summary: "Dot product of two vectors.",
                example: "dot(tensor([1, 2, 3]), tensor([4, 5, 6]))") { try TensorRuntime.dot($0, $1) },
    ]
}
