import TensorRuntime

/// Views and joins (LANGUAGE.md §5 "Shape"). Results are views of their input wherever
/// PyTorch returns views, so that writes through one are seen in the other.
enum TensorShapeLibrary {
    static let library = Library(name: "Shape", builtins: builtins)

    static let x = Parameter("x", "tensor")

    static func method(_ name: String, _ parameters: [Parameter], summary: String, example: String,
                       _ body: @escaping (inout Arguments) throws -> Value) -> Builtin {
        Builtin(name, parameters, methodOf: [.tensor], section: "Shape", summary: summary,
                example: example, body: body)
    }

    static let builtins: [Builtin] = [
        method("view", [x, Parameter("shape", "sizes", variadic: true)],
               summary: "The same elements seen with another shape (one size may be -1); x must be laid out compatibly, as torch.view.",
               example: "arange(6).view(2, -1)") { a in
            .tensor(try TensorRuntime.view(a.tensorArg(0), a.shapeArg()))
        },
        method("reshape", [x, Parameter("shape", "sizes", variadic: true)],
               summary: "Like view, but copies when the layout requires it.",
               example: "arange(6).reshape((3, 2))") { a in
            .tensor(try TensorRuntime.reshape(a.tensorArg(0), a.shapeArg()))
        },
        method("unsqueeze", [x, Parameter("dim", "number")],
               summary: "Inserts a dimension of size 1 at dim.",
               example: "arange(3).unsqueeze(0).shape") { a in
            .tensor(try TensorRuntime.unsqueeze(a.tensorArg(0), a.intArg(1)))
        },
        method("squeeze", [x, Parameter("dim", "number", default: Value.none)],
               summary: "Removes dimensions of size 1 (only dim when given).",
               example: "zeros(1, 3, 1).squeeze().shape") { a in
            let t = try a.tensorArg(0)
            if let d = try a.optionalIntArg(1) { return .tensor(try TensorRuntime.squeeze(t, d)) }
            return .tensor(try TensorRuntime.squeeze(t))
        },
        method("transpose", [x, Parameter("dim0", "number"), Parameter("dim1", "number")],
               summary: "Swaps two dimensions (a view).",
               example: "zeros(1, 5, 4).transpose(1, 2).shape") { a in
            .tensor(try TensorRuntime.transpose(a.tensorArg(0), a.intArg(1), a.intArg(2)))
        },
        method("permute", [x, Parameter("dims", "numbers", variadic: true)],
               summary: "Reorders all dimensions (spread out or one list).",
               example: "zeros(2, 3, 4).permute(2, 0, 1).shape") { a in
            .tensor(try TensorRuntime.permute(a.tensorArg(0), a.shapeArg()))
        },
        method("t", [x], summary: "Transpose of a matrix (tensors of rank ≤ 2).",
               example: "tensor([[1, 2, 3]]).t()") { a in
            .tensor(try TensorRuntime.t(a.tensorArg(0)))
        },
        method("expand", [x, Parameter("shape", "sizes", variadic: true)],
               summary: "Broadcasts size-1 dimensions to a larger size without copying (-1 keeps a size).",
               example: "tensor([[1], [2]]).expand(2, 3)") { a in
            .tensor(try TensorRuntime.expand(a.tensorArg(0), a.shapeArg()))
        },
        method("flatten", [x, Parameter("start_dim", "number", default: .number(0)),
                           Parameter("end_dim", "number", default: .number(-1))],
               summary: "Merges dimensions start_dim...end_dim into one.",
               example: "zeros(2, 3, 4).flatten(1).shape") { a in
            .tensor(try TensorRuntime.flatten(a.tensorArg(0), startDim: a.intArg(1), endDim: a.intArg(2)))
        },
        method("contiguous", [x], summary: "x itself when laid out row-major, otherwise a row-major copy.",
               example: "zeros(2, 3).t().contiguous().shape") { a in
            .tensor(try TensorRuntime.contiguous(a.tensorArg(0)))
        },
        method("clone", [x], summary: "A copy with its own storage (gradients flow back to x).",
               example: "ones(2).clone()") { a in
            .tensor(try TensorRuntime.clone(a.tensorArg(0)))
        },
        Builtin("cat", [Parameter("tensors", "list of tensors"), Parameter("dim", "number", default: .number(0))],
                section: "Shape", summary: "Joins tensors along an existing dimension.",
                example: "cat([ones(2, 1), zeros(2, 2)], dim: 1)") { a in
            .tensor(try TensorRuntime.cat(a.tensorListArg(0), dim: a.intArg(1)))
        },
        Builtin("stack", [Parameter("tensors", "list of tensors"), Parameter("dim", "number", default: .number(0))],
                section: "Shape", summary: "Joins tensors of one shape along a new dimension.",
                example: "stack([ones(3), zeros(3)]).shape") { a in
            .tensor(try TensorRuntime.stack(a.tensorListArg(0), dim: a.intArg(1)))
        },
        method("size", [x, Parameter("dim", "number", default: Value.none)],
               summary: "The shape as a tuple, or the size of one dimension, as torch's x.size(dim).",
               example: "zeros(2, 3).size(-1)") { a in
            let t = try a.tensorArg(0)
            guard let d = try a.optionalIntArg(1) else { return shapeValue(t.shape) }
            let n = try normalizeDim(d, rank: t.rank, op: "size")
            guard n < t.shape.count else { return .number(1) }
            return .number(Double(t.shape[n]))
        },
        method("numel", [x], summary: "The number of elements.", example: "zeros(2, 3).numel()") { a in
            .number(Double(try a.tensorArg(0).count))
        },
    ]
}
