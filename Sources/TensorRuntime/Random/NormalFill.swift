/// The vectorised normal fill PyTorch uses for float32 tensors of 16 or more contiguous
/// elements (`normal_fill_AVX2` in `aten/src/ATen/native/cpu/DistributionTemplates.h`, which
/// both the AVX2 and the AVX-512 builds run), replayed one lane at a time.
///
/// 1. Every element receives a float32 uniform u in [0, 1) (24 bits), in order.
/// 2. Each full chunk of 16 is transformed in place: for j in 0..<8, with u1 = 1 − data[j] and
///    u2 = data[j + 8], r = √(−2·log u1), θ = float32(2π)·u2, data[j] = r·cos θ·std + mean and
///    data[j + 8] = r·sin θ·std + mean.
/// 3. If the count is not a multiple of 16, the last 16 elements are drawn again (16 new
///    uniforms) and transformed as one more chunk, overwriting the tail of the previous chunk.
///
/// log, sin and cos are not the C library's: PyTorch calls the Cephes-style polynomials of
/// `avx_mathfun.h`, and the compiler fuses their multiply-adds into FMAs. The functions below
/// reproduce those polynomials and exactly those fusions (checked bit for bit against
/// torch 2.15 on AVX-512 over 1.1 million samples), so results do not depend on the machine's
/// libm.
enum NormalFill {
    /// Fills `count` (≥ 16) elements at `data` as `tensor.normal_(mean, std)` does.
    static func fill(_ data: UnsafeMutablePointer<Float>, count: Int, mean: Float, std: Float,
                     generator g: RandomGenerator) {
        for i in 0..<count { data[i] = g.nextFloat() }
        var start = 0
        while start &+ 16 <= count {
            transform16(data + start, mean: mean, std: std)
            start &+= 16
        }
        if count % 16 != 0 {
            let tail = data + (count &- 16)
            for i in 0..<16 { tail[i] = g.nextFloat() }
            transform16(tail, mean: mean, std: std)
        }
    }

    @inline(__always)
    static func transform16(_ data: UnsafeMutablePointer<Float>, mean: Float, std: Float) {
        let twoPi = Float(2 * Double.pi)
        for j in 0..<8 {
            let u1 = 1 - data[j]
            let u2 = data[j &+ 8]
            let radius = (-2 * log(u1)).squareRoot()
            let (s, c) = sinCos(twoPi * u2)
            data[j] = mean.addingProduct(radius * c, std)
            data[j &+ 8] = mean.addingProduct(radius * s, std)
        }
    }

    /// Natural log for x in (0, 1] (Cephes `logf` as in `log256_ps`); nan for x ≤ 0.
    @inline(__always)
    static func log(_ input: Float) -> Float {
        if !(input > 0) { return .nan }
        // Denormals are cut off to the smallest normal, as the vector code does.
        let clamped = Swift.max(input, Float(bitPattern: 0x0080_0000))
        let bits = clamped.bitPattern
        var e = Float(Int32(bitPattern: bits >> 23) &- 0x7F) + 1
        // Mantissa scaled into [0.5, 1).
        var x = Float(bitPattern: (bits & ~0x7F80_0000) | 0x3F00_0000)
        if x < 0.707106781186547524 {
            e -= 1
            x = (x - 1) + x
        } else {
            x -= 1
        }
        let z = x * x
        var y: Float = 7.0376836292E-2
        y = (-1.1514610310E-1 as Float).addingProduct(y, x)
        y = (1.1676998740E-1 as Float).addingProduct(y, x)
        y = (-1.2420140846E-1 as Float).addingProduct(y, x)
        y = (1.4249322787E-1 as Float).addingProduct(y, x)
        y = (-1.6668057665E-1 as Float).addingProduct(y, x)
        y = (2.0000714765E-1 as Float).addingProduct(y, x)
        y = (-2.4999993993E-1 as Float).addingProduct(y, x)
        y = (3.3333331174E-1 as Float).addingProduct(y, x)
        y *= x
        y = (e * -2.12194440e-4).addingProduct(y, z)
        y -= z * 0.5  // exact product: fused or not gives the same value
        x += y
        return x.addingProduct(e, 0.693359375)
    }

    /// sin and cos of x ≥ 0 (Cephes `sincosf` as in `sincos256_ps`).
    @inline(__always)
    static func sinCos(_ input: Float) -> (sin: Float, cos: Float) {
        var x = Swift.abs(input)
        // Octant, rounded up to even, as the vector code's truncating conversion does.
        let scaled = x * 1.27323954473516
        guard scaled < 1e9 else { return (.nan, .nan) }  // only for |θ| far beyond 2π
        let j = (Int32(scaled) &+ 1) & ~1
        let octant = Float(j)
        x = x.addingProduct(octant, -0.78515625)
        x = x.addingProduct(octant, -2.4187564849853515625e-4)
        x = x.addingProduct(octant, -3.77489497744594108e-8)
        let z = x * x

        var c: Float = 2.443315711809948E-005
        c = (-1.388731625493765E-003 as Float).addingProduct(c, z)
        c = (4.166664568298827E-002 as Float).addingProduct(c, z)
        c *= z
        c = (-(z * 0.5)).addingProduct(c, z)
        c += 1

        var s: Float = -1.9515295891E-4
        s = (8.3321608736E-3 as Float).addingProduct(s, z)
        s = (-1.6666654611E-1 as Float).addingProduct(s, z)
        s *= z
        s = x.addingProduct(s, x)

        let useSinPolynomial = (j & 2) == 0
        var sinValue = useSinPolynomial ? s : c
        var cosValue = useSinPolynomial ? c : s
        if (input.sign == .minus) != ((j & 4) != 0) { sinValue = -sinValue }
        if (~(j &- 2) & 4) != 0 { cosValue = -cosValue }
        return (sinValue, cosValue)
    }
}
