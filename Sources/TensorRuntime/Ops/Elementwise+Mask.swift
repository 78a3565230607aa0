// Comparisons (0/1 float tensors, no gradient), masked_fill and where.

@inline(__always)
func compare(_ a: Tensor, _ b: Tensor, op: String, _ f: (Float, Float) -> Bool) throws -> Tensor {
    try binaryMap(a, b, op: op) { f($0, $1) ? 1 : 0 }
}

@inline(__always)
func compare(_ a: Tensor, _ s: Float, op: String, _ f: (Float, Float) -> Bool) throws -> Tensor {
    try scalarMap(a, op: op) { f($0, s) ? 1 : 0 }
}

public func eq(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(a, b, op: "eq") { $0 == $1 } }
public func ne(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(a, b, op: "ne") { $0 != $1 } }
public func lt(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(a, b, op: "lt") { $0 < $1 } }
public func le(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(a, b, op: "le") { $0 <= $1 } }
public func gt(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(a, b, op: "gt") { $0 > $1 } }
public func ge(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(a, b, op: "ge") { $0 >= $1 } }
public func eq(_ a: Tensor, _ s: Float) throws -> Tensor { try compare(a, s, op: "eq") { $0 == $1 } }
public func ne(_ a: Tensor, _ s: Float) throws -> Tensor { try compare(a, s, op: "ne") { $0 != $1 } }
public func lt(_ a: Tensor, _ s: Float) throws -> Tensor { try compare(a, s, op: "lt") { $0 < $1 } }
public func le(_ a: Tensor, _ s: Float) throws -> Tensor { try compare(a, s, op: "le") { $0 <= $1 } }
public func gt(_ a: Tensor, _ s: Float) throws -> Tensor { try compare(a, s, op: "gt") { $0 > $1 } }
public func ge(_ a: Tensor, _ s: Float) throws -> Tensor { try compare(a, s, op: "ge") { $0 >= $1 } }

/// `x` with `value` wherever `mask` is nonzero; x and mask broadcast together, as PyTorch's
/// out-of-place masked_fill. x: [*], mask: broadcastable with [*].
public func maskedFill(_ x: Tensor, _ mask: Tensor, _ value: Float) throws -> Tensor {
    if x.dtype != .float32 || mask.dtype == .int64 { return try typedMaskedFill(x, mask, value) }
    let out = try binaryMap(x, mask, op: "masked_fill") { $1 != 0 ? value : $0 }
    guard mustRecord(x) else { return out }
    let shape = x.shape
    return Tensor.record(out, "masked_fill", [x]) { g in
        [try reduceBroadcastGrad(binaryMap(g, mask, op: "masked_fill") { $1 != 0 ? 0 : $0 }, to: shape)]
    }
}

/// Elementwise `mask != 0 ? a : b`, all three broadcast together.
public func `where`(_ mask: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    if a.dtype != .float32 || b.dtype != .float32 || mask.dtype == .int64 { return try typedWhere(mask, a, b) }
    let shape = try broadcastShapes(try broadcastShapes(mask.shape, a.shape, op: "where"), b.shape, op: "where")
    let out = try Tensor.uninitialized(shape, op: "where")
    let n = out.count
    if n > 0 {
        // Materialise the condition at the output shape, then one strided pass per branch.
        let cond = try Tensor.uninitialized(shape, op: "where")
        stridedCopy(from: mask, into: cond)
        stridedCopy(from: b, into: out)
        let branch = try Tensor.uninitialized(shape, op: "where")
        stridedCopy(from: a, into: branch)
        let po = out.dataPointer, pc = cond.dataPointer, pa = branch.dataPointer
        for i in 0..<n where pc[i] != 0 { po[i] = pa[i] }
    }
    guard mustRecord(a, b) else { return out }
    return Tensor.record(out, "where", [mask, a, b]) { g in
        [nil,
         a.requiresGrad ? try reduceBroadcastGrad(binaryMap(g, mask, op: "where") { $1 != 0 ? $0 : 0 }, to: a.shape) : nil,
         b.requiresGrad ? try reduceBroadcastGrad(binaryMap(g, mask, op: "where") { $1 != 0 ? 0 : $0 }, to: b.shape) : nil]
    }
}

extension Tensor {
    public func eq(_ other: Tensor) throws -> Tensor { try TensorRuntime.eq(self, other) }
    public func ne(_ other: Tensor) throws -> Tensor { try TensorRuntime.ne(self, other) }
    public func lt(_ other: Tensor) throws -> Tensor { try TensorRuntime.lt(self, other) }
    public func le(_ other: Tensor) throws -> Tensor { try TensorRuntime.le(self, other) }
    public func gt(_ other: Tensor) throws -> Tensor { try TensorRuntime.gt(self, other) }
    public func ge(_ other: Tensor) throws -> Tensor { try TensorRuntime.ge(self, other) }
    public func eq(_ s: Float) throws -> Tensor { try TensorRuntime.eq(self, s) }
    public func ne(_ s: Float) throws -> Tensor { try TensorRuntime.ne(self, s) }
    public func lt(_ s: Float) throws -> Tensor { try TensorRuntime.lt(self, s) }
    public func le(_ s: Float) throws -> Tensor { try TensorRuntime.le(self, s) }
    public func gt(_ s: Float) throws -> Tensor { try TensorRuntime.gt(self, s) }
    public func ge(_ s: Float) throws -> Tensor { try TensorRuntime.ge(self, s) }
    public func maskedFill(_ mask: Tensor, _ value: Float) throws -> Tensor {
        try TensorRuntime.maskedFill(self, mask, value)
    }
    public func `where`(_ mask: Tensor, _ other: Tensor) throws -> Tensor {
        try TensorRuntime.where(mask, self, other)
    }
}
