import TensorRuntime

/// Attributes of tensors (`x.shape`, `x.dtype`, `x.T`, `x.grad`, `x.ndim`, `x.requires_grad`, `x.is_leaf`).
enum TensorAttributesLibrary {
    static let library = Library(name: "Attributes", builtins: [], attributes: attributes)

    static func tensor(_ v: Value, _ name: String) throws -> Tensor {
        guard case .tensor(let t) = v else { throw LangError(".\(name) needs a tensor, not \(describeForError(v))") }
        return t
    }

    static let attributes: [Attribute] = [
        Attribute(kind: .tensor, name: "shape", summary: "The sizes as a tuple: (1, 1, 5).") { v in
            shapeValue(try tensor(v, "shape").shape)
        },
        Attribute(kind: .tensor, name: "dtype", summary: "The element type: \"float32\", \"int64\" or \"bool\".") { v in
            .string(try tensor(v, "dtype").dtype.name)
        },
        Attribute(kind: .tensor, name: "ndim", summary: "The number of dimensions.") { v in
            .number(Double(try tensor(v, "ndim").rank))
        },
        Attribute(kind: .tensor, name: "T", summary: "The tensor with its dimensions reversed (the transpose of a matrix).") { v in
            let t = try tensor(v, "T")
            if t.rank <= 2 { return .tensor(try TensorRuntime.t(t)) }
            return .tensor(try TensorRuntime.permute(t, Array((0..<t.rank).reversed())))
        },
        Attribute(kind: .tensor, name: "grad",
                  summary: "The gradient accumulated by backward() (none before); assign none to clear it.",
                  get: { v in
                      guard let g = try tensor(v, "grad").grad else { return .none }
                      return .tensor(g)
                  },
                  set: { v, newValue in
                      let t = try tensor(v, "grad")
                      switch newValue {
                      case .none: t.grad = nil
                      case .tensor(let g):
                          guard g.shape == t.shape else {
                              throw LangError(".grad: a gradient of shape \(shapeString(g.shape)) cannot be assigned to a tensor of shape \(shapeString(t.shape))")
                          }
                          t.grad = g.detach()
                      default:
                          throw LangError(".grad can be set to none or a tensor, not \(describeForError(newValue))")
                      }
                  }),
        Attribute(kind: .tensor, name: "requires_grad",
                  summary: "Whether gradients are recorded for this tensor; settable on leaves (tensors not computed from others).",
                  get: { v in .bool(try tensor(v, "requires_grad").requiresGrad) },
                  set: { v, newValue in
                      let t = try tensor(v, "requires_grad")
                      guard case .bool(let flag) = newValue else {
                          throw LangError(".requires_grad must be set to true or false, not \(describeForError(newValue))")
                      }
                      guard t.isLeaf else {
                          throw LangError(".requires_grad can only be changed on leaf tensors; use detach() for a tensor computed from others")
                      }
                      try t.setRequiresGrad(flag)
                  }),
        Attribute(kind: .tensor, name: "is_leaf", summary: "True unless the tensor was computed from tensors that require grad.") { v in
            .bool(try tensor(v, "is_leaf").isLeaf)
        },
    ]
}
