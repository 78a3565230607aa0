import CKernels
/// A recorded operation: how to turn the gradient of its output into gradients of its inputs.
///
/// Each differentiable primitive creates one next to its forward kernel (see `Tensor.record`),
/// so that forward and backward of an op are read together.
public final class GradFn {
    public let name: String
    public let inputs: [Tensor]
    /// Whether the backward closure keeps tensors of the forward pass (PyTorch's saved
    /// tensors). Nodes that keep none can be run again after `backward()` has released the graph.
    public let savesTensors: Bool
    /// Given d(loss)/d(output), returns d(loss)/d(input) for each input, in order, each with
    /// exactly that input's shape; nil where an input needs no gradient. Nil once released.
    private var body: ((Tensor) throws -> [Tensor?])?
    /// The form of `body` an op may give instead (see `AccumulatingBackward`).
    private var accumulatingBody: AccumulatingBackward?

    /// Given d(loss)/d(output) and, for each input, the running sum of that input's gradient when
    /// the backward pass owns one (otherwise nil): adds the op's gradient for those inputs straight
    /// into their sums and returns nil for them, and returns the others as a plain backward does,
    /// each a fresh buffer that no other tensor shares. For ops whose large gradients arrive once
    /// per time step — a weight's outer product, an embedding table — so that each is added in
    /// place rather than written out and then added (a third of a training step's memory traffic).
    public typealias AccumulatingBackward = (Tensor, [Tensor?]) throws -> [Tensor?]

    public init(name: String, inputs: [Tensor], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.savesTensors = !GradFn.keepsNothing.contains(name)
        self.body = backward
    }

    public init(name: String, inputs: [Tensor], accumulating: @escaping AccumulatingBackward) {
        self.name = name
        self.inputs = inputs
        self.savesTensors = !GradFn.keepsNothing.contains(name)
        self.accumulatingBody = accumulating
    }

    /// Whether `backward(_:into:)` adds into running sums (and returns only fresh buffers).
    public var accumulates: Bool { accumulatingBody != nil }

    /// Ops whose backward needs no tensor of the forward pass (only shapes or numbers), as
    /// their PyTorch counterparts save none: `backward()` may pass through them twice.
    static let keepsNothing: Set<String> = [
        "add", "sub", "neg", "sum", "mean", "view", "reshape", "unsqueeze", "squeeze", "transpose",
        "permute", "expand", "index", "cat", "clone", "contiguous", "copy_slices", "tril", "triu",
        "cumsum",
    ]

    /// d(loss)/d(inputs) for d(loss)/d(output); PyTorch's error once the graph was released.
    public func backward(_ gradient: Tensor) throws -> [Tensor?] {
        if let accumulatingBody { return try accumulatingBody(gradient, Array(repeating: nil, count: inputs.count)) }
        guard let body else {
            throw TensorError("backward", "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward(). Specify retain_graph: true if you need to backward through the graph a second time")
        }
        return try body(gradient)
    }

    /// d(loss)/d(inputs), adding into `sums` where the op accumulates (see `AccumulatingBackward`).
    /// A plain op ignores `sums`, and no array of them is made per node for it.
    public func backward(_ gradient: Tensor, into sums: [Tensor?]) throws -> [Tensor?] {
        guard let accumulatingBody else { return try backward(gradient) }
        return try accumulatingBody(gradient, sums)
    }

    /// Frees what the backward closure keeps, as PyTorch frees saved tensors after backward.
    func release() {
        if savesTensors {
            body = nil
            accumulatingBody = nil
        }
    }
}

/// Whether operations record themselves for `backward()`. Off inside `no_grad`, optimizer
/// steps and backward passes themselves (no higher-order gradients).
public enum GradMode {
    public static var isEnabled = true

    /// Runs `body` with recording off, restoring the previous mode afterwards (also on throw).
    public static func withoutGrad<T>(_ body: () throws -> T) rethrows -> T {
        let previous = isEnabled
        isEnabled = false
        defer { isEnabled = previous }
        return try body()
    }
}

extension Tensor {
    /// Attaches `backward` to `output` when recording is on and any input requires grad;
    /// returns `output` either way so that ops end with `return record(...)`.
    @inlinable
    public static func record(_ output: Tensor, _ name: String, _ inputs: [Tensor],
                              _ backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        guard GradMode.isEnabled else { return output }
        var needed = false
        for input in inputs where input.requiresGrad { needed = true; break }
        guard needed else { return output }
        output.requiresGrad = true
        output.gradFn = GradFn(name: name, inputs: inputs, backward: backward)
        return output
    }

    /// `record` for an op that adds its gradients into running sums (`GradFn.AccumulatingBackward`).
    public static func record(_ output: Tensor, _ name: String, _ inputs: [Tensor],
                              accumulating backward: @escaping GradFn.AccumulatingBackward) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return output }
        output.requiresGrad = true
        output.gradFn = GradFn(name: name, inputs: inputs, accumulating: backward)
        return output
    }

    /// Reverse-mode differentiation from `self`. Without `gradient`, `self` must hold one element
    /// (as PyTorch's `loss.backward()`). Gradients are added into `.grad` of every leaf that
    /// requires grad. Unless `retainGraph`, the pass releases what the graph's nodes saved, so a
    /// second pass through a node that saved tensors is PyTorch's error.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        guard requiresGrad else {
            throw TensorError("backward", "the tensor does not require grad and has no grad_fn (was it computed under no_grad, or from tensors without requires_grad?)")
        }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == shape else {
                throw TensorError("backward", "gradient of shape \(shapeString(gradient.shape)) does not match tensor of shape \(shapeString(shape))")
            }
            seed = gradient
        } else {
            guard count == 1 else {
                throw TensorError("backward", "grad can be implicitly created only for tensors with one element, not shape \(shapeString(shape))")
            }
            seed = try Tensor.filled(shape, 1, op: "backward")
        }
        try GradMode.withoutGrad {
            let order = topologicalOrder()
            var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
            // Sums this pass allocated itself: referenced only from `grads`, so later terms are
            // added in place and a leaf may keep the buffer. (A gradient an op returns may alias
            // another tensor, e.g. add's backward hands the same `g` to both inputs.)
            var owned = Set<ObjectIdentifier>()
            for node in order.reversed() {
                let nodeKey = ObjectIdentifier(node)
                guard let g = grads.removeValue(forKey: nodeKey) else { continue }
                let gIsOwned = owned.remove(nodeKey) != nil
                guard let fn = node.gradFn else {
                    try node.accumulateGrad(g, owned: gIsOwned)
                    continue
                }
                let inputGrads: [Tensor?]
                if fn.accumulates {
                    let sums = fn.inputs.map { input -> Tensor? in
                        let key = ObjectIdentifier(input)
                        return owned.contains(key) ? grads[key] : nil
                    }
                    inputGrads = try fn.backward(g, into: sums)
                } else {
                    inputGrads = try fn.backward(g)
                }
                if !retainGraph { fn.release() }
                for (input, inputGrad) in zip(fn.inputs, inputGrads) {
                    guard input.requiresGrad, let inputGrad else { continue }
                    guard inputGrad.shape == input.shape else {
                        throw TensorError("backward", "internal: \(fn.name) produced a gradient of shape \(shapeString(inputGrad.shape)) for an input of shape \(shapeString(input.shape))")
                    }
                    let key = ObjectIdentifier(input)
                    if let existing = grads[key] {
                        if owned.contains(key) {
                            try addInPlace(existing, inputGrad)
                        } else {
                            grads[key] = try addSameShape(existing, inputGrad)
                            owned.insert(key)
                        }
                    } else {
                        grads[key] = inputGrad
                        // An accumulating op's gradients are fresh buffers: later terms go into them.
                        if fn.accumulates { owned.insert(key) }
                    }
                }
            }
        }
    }

    /// Tensors reachable from `self` through `gradFn.inputs` that require grad, each after all
    /// of its inputs. Iterative, so that graphs of long loops cannot overflow the stack.
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (node, next) = stack.popLast() {
            let inputs = node.gradFn?.inputs ?? []
            if next < inputs.count {
                stack.append((node, next + 1))
                let child = inputs[next]
                if child.requiresGrad && visited.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }

    /// Adds `g` into `.grad`; the first gradient is copied so `.grad` never aliases another
    /// tensor, unless `owned` says that `g` is a sum no one else holds.
    func accumulateGrad(_ g: Tensor, owned: Bool = false) throws {
        if let existing = grad {
            try addInPlace(existing, g)
        } else {
            grad = owned && g.isContiguous ? g : try g.clonedContiguous(op: "backward")
        }
    }

    /// `self` if contiguous, otherwise a contiguous copy (no autograd; for kernels).
    @inlinable
    public func contiguousData() throws -> Tensor {
        if isContiguous { return self }
        return try clonedContiguous(op: "contiguous")
    }

    /// A new contiguous tensor with the same elements (no autograd).
    public func clonedContiguous(op: String) throws -> Tensor {
        if dtype != .float32 { return try clonedContiguousTyped(op: op) }
        let out = try Tensor.uninitialized(shape, op: op)
        copyStrided(to: out.dataPointer)
        return out
    }
}

/// Elementwise sum of two tensors of equal shape in a new buffer, without recording
/// (gradient accumulation). One pass when `a` is contiguous, rather than a copy and an add.
func addSameShape(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.isContiguous else {
        let out = try a.clonedContiguous(op: "backward")
        try addInPlace(out, b)
        return out
    }
    let out = try Tensor.uninitialized(a.shape, op: "backward")
    let src = try b.contiguousData()
    attn_add(a.dataPointer, src.dataPointer, out.dataPointer, out.count)
    return out
}

/// `a += b` for a contiguous `a` that no other tensor shares (a gradient buffer).
func addInPlace(_ a: Tensor, _ b: Tensor) throws {
    let src = try b.contiguousData()
    attn_add(a.dataPointer, src.dataPointer, a.dataPointer, a.count)
}
