import TensorRuntime

/// Training (LANGUAGE.md §5 "Training"): autograd entry points, losses, optimizers and
/// gradient clipping. Optimizers and `clip_grad_norm` take a model, `params(model)` or a list
/// of tensors.
enum TrainingLibrary {
    static let library = Library(name: "Training", builtins: builtins, attributes: attributes)

    static func paramsArg(_ p: Signature) -> Arg<Value> { p.value("params", hint: "dict or list of tensors") }

    static func optimizer(_ v: Value, op: String) throws -> Optimizer {
        guard case .optimizer(let o) = v else {
            throw LangError("\(op): expected an optimizer (adam or sgd), not \(describeForError(v))")
        }
        return o.optimizer
    }

    /// The two numbers of `betas: (0.9, 0.999)`.
    static func pair(_ a: Arguments, _ arg: Arg<Value>) throws -> (Float, Float) {
        let items: [Value]
        switch a.value(arg) {
        case .tuple(let t): items = t
        case .list(let l): items = l.items
        default: throw a.failure(arg, "a pair of numbers")
        }
        guard items.count == 2, case .number(let p) = items[0], case .number(let q) = items[1] else {
            throw a.failure(arg, "a pair of numbers")
        }
        return (Float(p), Float(q))
    }

    /// `nll_loss`/`cross_entropy`: scores with classes on dimension 1, class ids, a reduction,
    /// optional class weights and an ignored class id.
    static func loss(_ name: String, _ scores: String, summary: String, example: String,
                     _ f: @escaping (Tensor, Tensor, Tensor?, Int, String) throws -> Tensor) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Training", summary: summary, example: example) { p in
            let x = p.tensor(scores), target = p.tensor("target", keepDType: true), reduction = p.string("reduction", default: "mean")
            let weight = p.optional("weight", Tensor.self), ignoreIndex = p.int("ignore_index", default: -100)
            return { a in .tensor(try f(a[x], a[target], a[weight], a[ignoreIndex], a[reduction])) }
        }
    }

    static let builtins: [Builtin] = [
        Builtin("backward", methodOf: [.tensor], section: "Training",
                summary: "Computes gradients of x (a one-element loss, or any tensor given its gradient) into .grad of every leaf with requires_grad; gradients add up until cleared. The pass frees what the graph saved, so a second backward through it is an error unless the first passed retain_graph: true.",
                example: "w = tensor([1, 2], requires_grad: true)\nloss = sum(w * w)\nloss.backward()\nw.grad") { p in
            let x = p.tensor("x"), gradient = p.optional("gradient", Tensor.self)
            let retainGraph = p.bool("retain_graph", default: false)
            return { a in
                try a[x].backward(a[gradient], retainGraph: a[retainGraph])
                return .none
            }
        },
        Builtin("detach", methodOf: [.tensor], section: "Training",
                summary: "The same values cut from the graph (no gradient flows through); shares storage with x.",
                example: "w = ones(2, requires_grad: true)\n(w * 2).detach().requires_grad") { p in
            let x = p.tensor("x", keepDType: true)
            return { a in .tensor(try a[x].detach()) }
        },
        Builtin("no_grad", section: "Training",
                summary: "Calls fn with no arguments without recording gradients (evaluation, greedy decoding) and returns its result; without fn, the context manager of `with no_grad() { ... }`.",
                example: "w = ones(2, requires_grad: true)\nfn doubled() { return w * 2 }\nno_grad(doubled).requires_grad\nwith no_grad() { y = w * 2 }\ny.requires_grad") { p in
            let fn = p.value("fn", hint: "function", default: Value.none)
            return { a in
                let function = a.value(fn)
                if function.isNone { return noGradContext() }
                guard case .function = function else { throw a.failure(fn, "a function") }
                let context = a.context
                return try GradMode.withoutGrad { try context.call(function, []) }
            }
        },
        loss("nll_loss", "logp",
             summary: "Negative log-likelihood of class ids target [N, d1, ...] under log-probabilities logp [N, C, d1, ...] (or [N, C] and [N], [C] and []), as F.nll_loss; reduction \"mean\" (weighted: Σ losses / Σ weights), \"sum\" or \"none\"; weight: one per class; targets equal to ignore_index count for nothing.",
             example: "logp = log_softmax(tensor([[1, 2, 3]]), dim: -1)\nnll_loss(logp, tensor([2]))") {
            try TensorRuntime.nllLoss($0, $1, weight: $2, ignoreIndex: $3, reduction: $4)
        },
        loss("cross_entropy", "logits",
             summary: "nll_loss(log_softmax(logits, dim: 1), target, ...) in one step, as F.cross_entropy: logits [N, C, d1, ...] (classes on dimension 1), targets [N, d1, ...]; same reduction, weight and ignore_index.",
             example: "cross_entropy(tensor([[1, 2, 3], [1, 0, 0]]), tensor([2, 0]))\npred = zeros(2, 4, 3)\ncross_entropy(pred.permute(0, 2, 1), tensor([[0, 1, 2, 0], [1, 1, 1, 1]]), reduction: \"none\")") {
            try TensorRuntime.crossEntropy($0, $1, weight: $2, ignoreIndex: $3, reduction: $4)
        },
        Builtin("mse_loss", methodOf: [.tensor], section: "Training",
                summary: "Mean squared error (input - target)² (the two broadcast together), as F.mse_loss; reduction \"mean\", \"sum\" or \"none\".",
                example: "mse_loss(tensor([1, 2, 3]), tensor([1, 0, 0]))") { p in
            let x = p.tensor("input"), target = p.tensor("target"), reduction = p.string("reduction", default: "mean")
            return { a in .tensor(try TensorRuntime.mseLoss(a[x], a[target], reduction: a[reduction])) }
        },
        Builtin("adam", section: "Training",
                summary: "An Adam optimizer (torch.optim.Adam) over a model, params(model) or a list of tensors.",
                example: "model = {\"out\": linear(3, 2)}\nopt = adam(params(model), lr: 0.01)") { p in
            let params = paramsArg(p), lr = p.float("lr", default: 0.001)
            let betas = p.value("betas", hint: "(number, number)", default: .tuple([.number(0.9), .number(0.999)]))
            let eps = p.float("eps", default: 1e-8), weightDecay = p.float("weight_decay", default: 0)
            return { a in
                let tensors = try ModelLibrary.parameterTensors(a.value(params), registry: a.context.registry, op: "adam")
                let opt = try Adam(params: tensors, lr: a[lr], betas: pair(a, betas), eps: a[eps], weightDecay: a[weightDecay])
                return .optimizer(OptimizerObject(kind: "adam", optimizer: opt))
            }
        },
        Builtin("sgd", section: "Training",
                summary: "Stochastic gradient descent (torch.optim.SGD) over a model, params(model) or a list of tensors.",
                example: "w = zeros(3, requires_grad: true)\nopt = sgd([w], lr: 0.1, momentum: 0.9)") { p in
            let params = paramsArg(p), lr = p.float("lr"), momentum = p.float("momentum", default: 0)
            let weightDecay = p.float("weight_decay", default: 0)
            return { a in
                let tensors = try ModelLibrary.parameterTensors(a.value(params), registry: a.context.registry, op: "sgd")
                let opt = try SGD(params: tensors, lr: a[lr], momentum: a[momentum], weightDecay: a[weightDecay])
                return .optimizer(OptimizerObject(kind: "sgd", optimizer: opt))
            }
        },
        Builtin("step", methodOf: [.optimizer], section: "Training",
                summary: "Updates every parameter that has a gradient, in place.",
                example: "w = tensor([1.0], requires_grad: true)\nopt = sgd([w], lr: 0.5)\nsum(w * w).backward()\nopt.step()\nw") { p in
            let opt = p.value("optimizer", hint: "optimizer")
            return { a in
                try optimizer(a.value(opt), op: "step").step()
                return .none
            }
        },
        Builtin("zero_grad", methodOf: [.optimizer, .layer, .dict], section: "Training",
                summary: "Clears the gradients (sets .grad to none) of an optimizer's parameters, or of a model's.",
                example: "w = tensor([1.0], requires_grad: true)\nsum(w * 3).backward()\nzero_grad([w])\nw.grad") { p in
            let target = p.value("optimizer", hint: "optimizer, model or list of tensors")
            return { a in
                if case .optimizer = a.value(target) {
                    try optimizer(a.value(target), op: "zero_grad").zeroGrad()
                } else {
                    for t in try ModelLibrary.parameterTensors(a.value(target), registry: a.context.registry, op: "zero_grad") {
                        t.grad = nil
                    }
                }
                return .none
            }
        },
        Builtin("clip_grad_norm", section: "Training",
                summary: "Scales all gradients together so their joint 2-norm is at most max (clip_grad_norm_); returns the norm before clipping.",
                example: "w = tensor([3.0, 4.0], requires_grad: true)\nsum(w * w).backward()\nclip_grad_norm([w], 1)\nw.grad") { p in
            let params = paramsArg(p), maxNorm = p.float("max")
            p.torchName("max_norm", for: maxNorm)
            return { a in
                let tensors = try ModelLibrary.parameterTensors(a.value(params), registry: a.context.registry, op: "clip_grad_norm")
                return .tensor(Tensor.scalar(try TensorRuntime.clipGradNorm(tensors, maxNorm: a[maxNorm])))
            }
        },
    ]

    /// `opt.lr`, readable and assignable (learning-rate schedules).
    static let attributes: [Attribute] = [
        Attribute(kind: .optimizer, name: "lr", summary: "The learning rate; assign to change it between steps.",
                  get: { v in
                      guard case .optimizer(let o) = v else { throw LangError(".lr needs an optimizer") }
                      // The runtime keeps lr in float32; reading it back through its shortest
                      // decimal form shows 0.01 rather than 0.009999999776482582.
                      let lr = o.optimizer.lr
                      return .number(Double(lr.description) ?? Double(lr))
                  },
                  set: { v, newValue in
                      guard case .optimizer(let o) = v else { throw LangError(".lr needs an optimizer") }
                      guard case .number(let x) = newValue, x.isFinite, x >= 0 else {
                          throw LangError(".lr must be set to a finite number >= 0, not \(describeForError(newValue))")
                      }
                      o.optimizer.lr = Float(x)
                  }),
    ]
}

/// `no_grad()`: a context manager (`__enter__` turns recording off, `__exit__` restores the
/// mode it found), so `with` needs no knowledge of gradients.
func noGradContext() -> Value {
    final class Saved { var mode = true }
    let saved = Saved()
    let enter = Builtin("__enter__", section: "Training", summary: "Stops recording gradients.", example: "") { _ in
        return { _ in
            saved.mode = GradMode.isEnabled
            GradMode.isEnabled = false
            return .none
        }
    }
    let exit = Builtin("__exit__", section: "Training", summary: "Restores gradient recording.", example: "") { _ in
        return { _ in
            GradMode.isEnabled = saved.mode
            return .none
        }
    }
    return .dict(DictObject([("__enter__", .function(.builtin(enter))), ("__exit__", .function(.builtin(exit)))]))
}
