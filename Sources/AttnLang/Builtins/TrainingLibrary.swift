import TensorRuntime

/// Training (LANGUAGE.md §5 "Training"): autograd entry points, losses, optimizers and
/// gradient clipping. Optimizers and `clip_grad_norm` take a model, `params(model)` or a list
/// of tensors.
enum TrainingLibrary {
    static let library = Library(name: "Training", builtins: builtins, attributes: attributes)

    static let x = Parameter("x", "tensor")
    static let paramsParameter = Parameter("params", "dict or list of tensors")

    static func optimizer(_ v: Value, op: String) throws -> Optimizer {
        guard case .optimizer(let o) = v, let opt = o.optimizer as? Optimizer else {
            throw LangError("\(op): expected an optimizer (adam or sgd), not \(describeForError(v))")
        }
        return opt
    }

    /// The two numbers of `betas: (0.9, 0.999)`.
    static func pair(_ a: Arguments, _ i: Int) throws -> (Float, Float) {
        let items: [Value]
        switch a.arg(i) {
        case .tuple(let t): items = t
        case .list(let l): items = l.items
        default: throw a.failure(i, "a pair of numbers", a.arg(i))
        }
        guard items.count == 2, case .number(let p) = items[0], case .number(let q) = items[1] else {
            throw a.failure(i, "a pair of numbers", a.arg(i))
        }
        return (Float(p), Float(q))
    }

    static let builtins: [Builtin] = [
        Builtin("backward", [x, Parameter("gradient", "tensor", default: Value.none)], methodOf: [.tensor], section: "Training",
                summary: "Computes gradients of x (a one-element loss, or any tensor given its gradient) into .grad of every leaf with requires_grad; gradients add up until cleared.",
                example: "w = tensor([1, 2], requires_grad: true)\nloss = sum(w * w)\nloss.backward()\nw.grad") { a in
            try a.tensorArg(0).backward(a.optionalTensorArg(1))
            return .none
        },
        Builtin("detach", [x], methodOf: [.tensor], section: "Training",
                summary: "The same values cut from the graph (no gradient flows through); shares storage with x.",
                example: "w = ones(2, requires_grad: true)\n(w * 2).detach().requires_grad") { a in
            .tensor(try a.tensorArg(0).detach())
        },
        Builtin("no_grad", [Parameter("fn", "function", default: Value.none)], section: "Training",
                summary: "Calls fn with no arguments without recording gradients (evaluation, greedy decoding) and returns its result; without fn, a context manager for `with no_grad() { ... }`.",
                example: "w = ones(2, requires_grad: true)\nfn doubled() { return w * 2 }\nno_grad(doubled).requires_grad\nwith no_grad() { y = w * 2 }\ny.requires_grad") { a in
            let function = a.arg(0)
            if function.isNone { return noGradContext() }
            guard case .function = function else { throw a.failure(0, "a function", function) }
            let context = a.context
            return try GradMode.withoutGrad { try context.call(function, []) }
        },
        Builtin("nll_loss", [Parameter("logp", "tensor"), Parameter("target", "tensor"),
                             Parameter("reduction", "string", default: .string("mean"))],
                methodOf: [.tensor], section: "Training",
                summary: "Negative log-likelihood of class ids target [N] under log-probabilities logp [N, C] (F.nll_loss); reduction \"mean\", \"sum\" or \"none\".",
                example: "logp = log_softmax(tensor([[1, 2, 3]]), dim: -1)\nnll_loss(logp, tensor([2]))") { a in
            .tensor(try TensorRuntime.nllLoss(a.tensorArg(0), a.tensorArg(1), reduction: a.stringArg(2)))
        },
        Builtin("cross_entropy", [Parameter("logits", "tensor"), Parameter("target", "tensor"),
                                  Parameter("reduction", "string", default: .string("mean"))],
                methodOf: [.tensor], section: "Training",
                summary: "nll_loss(log_softmax(logits, dim: -1), target) in one step (F.cross_entropy).",
                example: "cross_entropy(tensor([[1, 2, 3], [1, 0, 0]]), tensor([2, 0]))") { a in
            .tensor(try TensorRuntime.crossEntropy(a.tensorArg(0), a.tensorArg(1), reduction: a.stringArg(2)))
        },
        Builtin("adam", [paramsParameter, Parameter("lr", "number", default: .number(0.001)),
                         Parameter("betas", "(number, number)", default: .tuple([.number(0.9), .number(0.999)])),
                         Parameter("eps", "number", default: .number(1e-8)),
                         Parameter("weight_decay", "number", default: .number(0))],
                section: "Training",
                summary: "An Adam optimizer (torch.optim.Adam) over a model, params(model) or a list of tensors.",
                example: "model = {\"out\": linear(3, 2)}\nopt = adam(params(model), lr: 0.01)") { a in
            let tensors = try ModelLibrary.parameterTensors(a.arg(0), registry: a.context.registry, op: "adam")
            let opt = try Adam(params: tensors, lr: a.floatArg(1), betas: pair(a, 2), eps: a.floatArg(3),
                               weightDecay: a.floatArg(4))
            return .optimizer(OptimizerObject(kind: "adam", optimizer: opt))
        },
        Builtin("sgd", [paramsParameter, Parameter("lr", "number"), Parameter("momentum", "number", default: .number(0)),
                        Parameter("weight_decay", "number", default: .number(0))],
                section: "Training",
                summary: "Stochastic gradient descent (torch.optim.SGD) over a model, params(model) or a list of tensors.",
                example: "w = zeros(3, requires_grad: true)\nopt = sgd([w], lr: 0.1, momentum: 0.9)") { a in
            let tensors = try ModelLibrary.parameterTensors(a.arg(0), registry: a.context.registry, op: "sgd")
            let opt = try SGD(params: tensors, lr: a.floatArg(1), momentum: a.floatArg(2), weightDecay: a.floatArg(3))
            return .optimizer(OptimizerObject(kind: "sgd", optimizer: opt))
        },
        Builtin("step", [Parameter("optimizer", "optimizer")], methodOf: [.optimizer], section: "Training",
                summary: "Updates every parameter that has a gradient, in place.",
                example: "w = tensor([1.0], requires_grad: true)\nopt = sgd([w], lr: 0.5)\nsum(w * w).backward()\nopt.step()\nw") { a in
            try optimizer(a.arg(0), op: "step").step()
            return .none
        },
        Builtin("zero_grad", [Parameter("optimizer", "optimizer, model or list of tensors")], methodOf: [.optimizer, .layer, .dict],
                section: "Training",
                summary: "Clears the gradients (sets .grad to none) of an optimizer's parameters, or of a model's.",
                example: "w = tensor([1.0], requires_grad: true)\nsum(w * 3).backward()\nzero_grad([w])\nw.grad") { a in
            if case .optimizer = a.arg(0) {
                try optimizer(a.arg(0), op: "zero_grad").zeroGrad()
            } else {
                for t in try ModelLibrary.parameterTensors(a.arg(0), registry: a.context.registry, op: "zero_grad") {
                    t.grad = nil
                }
            }
            return .none
        },
        Builtin("clip_grad_norm", [paramsParameter, Parameter("max", "number")], section: "Training",
                summary: "Scales all gradients together so their joint 2-norm is at most max (clip_grad_norm_); returns the norm before clipping.",
                example: "w = tensor([3.0, 4.0], requires_grad: true)\nsum(w * w).backward()\nclip_grad_norm([w], 1)\nw.grad") { a in
            let tensors = try ModelLibrary.parameterTensors(a.arg(0), registry: a.context.registry, op: "clip_grad_norm")
            return .tensor(Tensor.scalar(try TensorRuntime.clipGradNorm(tensors, maxNorm: a.floatArg(1))))
        },
    ]

    /// `opt.lr`, readable and assignable (learning-rate schedules).
    static let attributes: [Attribute] = [
        Attribute(kind: .optimizer, name: "lr", summary: "The learning rate; assign to change it between steps.",
                  get: { v in
                      guard case .optimizer(let o) = v else { throw LangError(".lr needs an optimizer") }
                      // The runtime keeps lr in float32; reading it back through its shortest
                      // decimal form shows 0.01 rather than 0.009999999776482582.
                      if let adam = o.optimizer as? Adam { return .number(Double(adam.lr.description) ?? Double(adam.lr)) }
                      if let sgd = o.optimizer as? SGD { return .number(Double(sgd.lr.description) ?? Double(sgd.lr)) }
                      throw LangError(".lr: unknown optimizer \(o.kind)")
                  },
                  set: { v, newValue in
                      guard case .optimizer(let o) = v else { throw LangError(".lr needs an optimizer") }
                      guard case .number(let x) = newValue, x.isFinite, x >= 0 else {
                          throw LangError(".lr must be set to a finite number >= 0, not \(describeForError(newValue))")
                      }
                      if let adam = o.optimizer as? Adam { adam.lr = Float(x) }
                      else if let sgd = o.optimizer as? SGD { sgd.lr = Float(x) }
                      else { throw LangError(".lr: unknown optimizer \(o.kind)") }
                  }),
    ]
}

/// `no_grad()`: a context manager (`__enter__` turns recording off, `__exit__` restores the
/// mode it found), so `with` needs no knowledge of gradients.
func noGradContext() -> Value {
    final class Saved { var mode = true }
    let saved = Saved()
    let enter = Builtin("__enter__", [], section: "Training", summary: "Stops recording gradients.", example: "") { _ in
        saved.mode = GradMode.isEnabled
        GradMode.isEnabled = false
        return .none
    }
    let exit = Builtin("__exit__", [], section: "Training", summary: "Restores gradient recording.", example: "") { _ in
        GradMode.isEnabled = saved.mode
        return .none
    }
    return .dict(DictObject([("__enter__", .function(.builtin(enter))), ("__exit__", .function(.builtin(exit)))]))
}
