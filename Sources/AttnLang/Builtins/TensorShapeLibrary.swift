import TensorRuntime

/// Views and joins (LANGUAGE.md §5 "Shape"). Results are views of their input wherever
/// PyTorch returns views, so that writes through one are seen in the other.
enum TensorShapeLibrary {
    static let library = Library(name: "Shape", builtins: builtins)

    static func method(_ name: String, summary: String, example: String,
                       _ declare: (Signature) -> Builtin.Body) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Shape", summary: summary, example: example, declare)
    }

    /// A view or copy of x with a shape given spread out or as one list (`view`, `reshape`, `expand`, `permute`).
    static func reshaping(_ name: String, _ sizes: String = "shape", hint: String = "sizes", summary: String, example: String,
                          _ f: @escaping (Tensor, [Int]) throws -> Tensor) -> Builtin {
        method(name, summary: summary, example: example) { p in
            let x = p.tensor("x", keepDType: true), shape = p.rest(sizes, hint: hint)
            return { a in .tensor(try f(a[x], a.sizes(shape))) }
        }
    }

    /// A function of x alone (`t`, `contiguous`, `clone`).
    static func unary(_ name: String, summary: String, example: String, _ f: @escaping (Tensor) throws -> Tensor) -> Builtin {
        method(name, summary: summary, example: example) { p in
            let x = p.tensor("x", keepDType: true)
            return { a in .tensor(try f(a[x])) }
        }
    }

    /// `cat`/`stack`: a list of tensors joined along dim.
    static func join(_ name: String, summary: String, example: String, _ f: @escaping ([Tensor], Int) throws -> Tensor) -> Builtin {
        Builtin(name, section: "Shape", summary: summary, example: example) { p in
            let tensors = p.arg("tensors", [Tensor].self), dim = p.int("dim", default: 0)
            return { a in .tensor(try f(a[tensors], a[dim])) }
        }
    }

    static let builtins: [Builtin] = [
        reshaping("view",
                  summary: "The same elements seen with another shape (one size may be -1); x must be laid out compatibly, as torch.view.",
                  example: "arange(6).view(2, -1)") { try TensorRuntime.view($0, $1) },
        reshaping("reshape", summary: "Like view, but copies when the layout requires it.",
                  example: "arange(6).reshape((3, 2))") { try TensorRuntime.reshape($0, $1) },
        method("unsqueeze", summary: "Inserts a dimension of size 1 at dim.",
               example: "arange(3).unsqueeze(0).shape") { p in
            let x = p.tensor("x", keepDType: true), dim = p.int("dim")
            return { a in .tensor(try TensorRuntime.unsqueeze(a[x], a[dim])) }
        },
        method("squeeze", summary: "Removes dimensions of size 1 (only dim when given).",
               example: "zeros(1, 3, 1).squeeze().shape") { p in
            let x = p.tensor("x", keepDType: true), dim = p.optional("dim", Int.self)
            return { a in
                let t = try a[x]
                if let d = try a[dim] { return .tensor(try TensorRuntime.squeeze(t, d)) }
                return .tensor(try TensorRuntime.squeeze(t))
            }
        },
        method("transpose", summary: "Swaps two dimensions (a view).",
               example: "zeros(1, 5, 4).transpose(1, 2).shape") { p in
            let x = p.tensor("x", keepDType: true), dim0 = p.int("dim0"), dim1 = p.int("dim1")
            return { a in .tensor(try TensorRuntime.transpose(a[x], a[dim0], a[dim1])) }
        },
        reshaping("permute", "dims", hint: "numbers", summary: "Reorders all dimensions (spread out or one list).",
                  example: "zeros(2, 3, 4).permute(2, 0, 1).shape") { try TensorRuntime.permute($0, $1) },
        unary("t", summary: "Transpose of a matrix (tensors of rank ≤ 2).",
              example: "tensor([[1, 2, 3]]).t()") { try TensorRuntime.t($0) },
        reshaping("expand", summary: "Broadcasts size-1 dimensions to a larger size without copying (-1 keeps a size).",
                  example: "tensor([[1], [2]]).expand(2, 3)") { try TensorRuntime.expand($0, $1) },
        method("flatten", summary: "Merges dimensions start_dim...end_dim into one.",
               example: "zeros(2, 3, 4).flatten(1).shape") { p in
            let x = p.tensor("x", keepDType: true), start = p.int("start_dim", default: 0), end = p.int("end_dim", default: -1)
            return { a in .tensor(try TensorRuntime.flatten(a[x], startDim: a[start], endDim: a[end])) }
        },
        unary("contiguous", summary: "x itself when laid out row-major, otherwise a row-major copy.",
              example: "zeros(2, 3).t().contiguous().shape") { try TensorRuntime.contiguous($0) },
        unary("clone", summary: "A copy with its own storage (gradients flow back to x).",
              example: "ones(2).clone()") { try TensorRuntime.clone($0) },
        join("cat", summary: "Joins tensors along an existing dimension.",
             example: "cat([ones(2, 1), zeros(2, 2)], dim: 1)") { try TensorRuntime.cat($0, dim: $1) },
        join("stack", summary: "Joins tensors of one shape along a new dimension.",
             example: "stack([ones(3), zeros(3)]).shape") { try TensorRuntime.stack($0, dim: $1) },
        method("size", summary: "The shape as a tuple, or the size of one dimension, as torch's x.size(dim).",
               example: "zeros(2, 3).size(-1)") { p in
            let x = p.tensor("x", keepDType: true), dim = p.optional("dim", Int.self)
            return { a in
                let t = try a[x]
                guard let d = try a[dim] else { return shapeValue(t.shape) }
                let n = try normalizeDim(d, rank: t.rank, op: "size")
                guard n < t.shape.count else { return .number(1) }
                return .number(Double(t.shape[n]))
            }
        },
        method("numel", summary: "The number of elements.", example: "zeros(2, 3).numel()") { p in
            let x = p.tensor("x", keepDType: true)
            return { a in .number(Double(try a[x].count)) }
        },
        method("dim", summary: "The number of dimensions, as torch's x.dim() (the attribute x.ndim).",
               example: "zeros(2, 3).dim()") { p in
            let x = p.tensor("x", keepDType: true)
            return { a in .number(Double(try a[x].rank)) }
        },
    ]
}
