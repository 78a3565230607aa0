/// a·b + c rounded once to float32, as the FMA in PyTorch's compiled uniform kernel computes it.
///
/// Swift built for generic x86-64 cannot emit the FMA instruction, so `addingProduct` is a
/// library call; in the uniform fill (one multiply-add per element, no dependency chain) that
/// call dominates. The product of two floats is exact in double, so a·b + c needs only one
/// double rounding, and rounding that double to float is correct unless it landed exactly on
/// a midpoint between two floats (where the first rounding may have decided the tie) or
/// outside the normal float range; those rare cases take the library path.
@inline(__always)
func fusedMultiplyAdd(_ a: Float, _ b: Float, _ c: Float) -> Float {
    let sum = Double(a) * Double(b) + Double(c)
    let magnitude = sum.magnitude
    let isMidpoint = sum.bitPattern & 0x1FFF_FFFF == 0x1000_0000
    if !isMidpoint && ((magnitude >= 0x1p-126 && magnitude < 0x1p127) || sum == 0) {
        return Float(sum)
    }
    return c.addingProduct(a, b)
}
