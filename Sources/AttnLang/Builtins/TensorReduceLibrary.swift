import TensorRuntime

/// Reductions and products (LANGUAGE.md §5 "Math"): sums, extremes with their indices,
/// top-k, and matrix products (BLAS underneath).
enum TensorReduceLibrary {
    static let library = Library(name: "Reduce", builtins: reductions + products)

    static let x = Parameter("x", "tensor")
    static let dim = Parameter("dim", "number or list", default: Value.none)
    static let keepdim = Parameter("keepdim", "bool", default: .bool(false))

    /// `sum`/`mean`: all elements, or the dimensions given as a number or a list.
    static func total(_ name: String, summary: String, example: String,
                      all: @escaping (Tensor) throws -> Tensor,
                      along: @escaping (Tensor, [Int], Bool) throws -> Tensor) -> Builtin {
        Builtin(name, [x, dim, keepdim], methodOf: [.tensor], section: "Reduce", summary: summary,
                example: example) { a in
            let t = try a.tensorArg(0)
            if case .none = a.arg(1) { return .tensor(try all(t)) }
            return .tensor(try along(t, a.intListArg(1), a.boolArg(2)))
        }
    }

    /// `max`/`min`: of all elements; with a dimension (`dim:` or the second positional
    /// argument, as torch.max(x, 1)) a (values, indices) tuple as in PyTorch. Without a tensor
    /// they are Python's max/min over the arguments or one list, so the one builtin per name
    /// serves both (`max(3, 4)`, `max(losses)`).
    static func extreme(_ name: String, largest: Bool) -> Builtin {
        Builtin(name, [Parameter("x", "tensor, numbers or a list", variadic: true),
                       Parameter("dim", "number", default: Value.none), keepdim],
                methodOf: [.tensor], section: "Reduce",
                summary: "The \(largest ? "largest" : "smallest") element of a tensor; with dim, a tuple (values, indices) along dim. On numbers or one list, as Python's \(name).",
                example: "\(name)(tensor([[1, 5], [7, 2]]))\n\(name)(tensor([[1, 5], [7, 2]]), dim: 1)\n\(name)(3, 4, 1)") { a in
            guard case .tensor(let t)? = a.rest.first else {
                guard case .none = a.arg(1) else { throw LangError("\(name): dim needs a tensor") }
                return try CoreLibrary.numberMinMax(a.rest, isMax: largest)
            }
            var dim = try a.optionalIntArg(1)
            if a.rest.count == 2 {
                guard dim == nil, case .number(let d) = a.rest[1], let n = wholeNumber(d) else {
                    throw LangError("\(name): the second argument must be a dimension, not \(describeForError(a.rest[1])) (elementwise maximum: where(a > b, a, b))")
                }
                dim = n
            } else if a.rest.count > 2 {
                throw LangError("\(name): expected a tensor and at most a dimension, got \(a.rest.count) arguments")
            }
            guard let d = dim else {
                return .tensor(try largest ? TensorRuntime.max(t) : TensorRuntime.min(t))
            }
            let r = try largest ? TensorRuntime.max(t, dim: d, keepdim: a.boolArg(2))
                                : TensorRuntime.min(t, dim: d, keepdim: a.boolArg(2))
            return .tuple([.tensor(r.values), .tensor(r.indices)])
        }
    }

    static let reductions: [Builtin] = [
        total("sum", summary: "Sum of all elements, or along dim (a number or list) keeping the dimension with keepdim: true.",
              example: "sum(tensor([[1, 2], [3, 4]]), dim: 0)",
              all: { try TensorRuntime.sum($0) }, along: { try TensorRuntime.sum($0, dims: $1, keepdim: $2) }),
        total("mean", summary: "Mean of all elements, or along dim (a number or list).",
              example: "mean(tensor([[1, 2], [3, 4]]), dim: -1, keepdim: true)",
              all: { try TensorRuntime.mean($0) }, along: { try TensorRuntime.mean($0, dims: $1, keepdim: $2) }),
        extreme("max", largest: true),
        extreme("min", largest: false),
        Builtin("argmax", [x, Parameter("dim", "number", default: Value.none), keepdim], methodOf: [.tensor],
                section: "Reduce", summary: "Index of the largest element (of the flattened tensor, or along dim).",
                example: "argmax(tensor([[1, 5], [7, 2]]), dim: 1)") { a in
            .tensor(try TensorRuntime.argmax(a.tensorArg(0), dim: a.optionalIntArg(1), keepdim: a.boolArg(2)))
        },
        Builtin("topk", [x, Parameter("k", "number"), Parameter("dim", "number", default: .number(-1)),
                         Parameter("largest", "bool", default: .bool(true))],
                methodOf: [.tensor], section: "Reduce",
                summary: "The k largest (or smallest) elements along dim, sorted, as a tuple (values, indices).",
                example: "topk(tensor([0.1, 0.7, 0.2]), 2)") { a in
            let r = try TensorRuntime.topk(a.tensorArg(0), k: a.intArg(1), dim: a.intArg(2), largest: a.boolArg(3))
            return .tuple([.tensor(r.values), .tensor(r.indices)])
        },
        Builtin("item", [x], methodOf: [.tensor], section: "Reduce",
                summary: "The number held by a one-element tensor.",
                example: "tensor([[2.5]]).item()") { a in
            .number(Double(try a.tensorArg(0).item()))
        },
    ]

    static func product(_ name: String, summary: String, example: String,
                        _ f: @escaping (Tensor, Tensor) throws -> Tensor) -> Builtin {
        Builtin(name, [Parameter("a", "tensor"), Parameter("b", "tensor")], methodOf: [.tensor], section: "Products",
                summary: summary, example: example) { a in
            .tensor(try f(a.tensorArg(0), a.tensorArg(1)))
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
