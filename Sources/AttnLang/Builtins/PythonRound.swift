import TensorRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's `round(x, ndigits)`: the exact binary value of `x` rounded half-to-even at the
/// `ndigits`-th decimal (negative: left of the point), as CPython does with dtoa. So
/// `round(2.675, 2)` is 2.67 (2.675 is stored as 2.67499999…), and `round(123.456, -400)`
/// is 0. C's `%.Nf`/`%.Ne` round the exact binary value the same way; `strtod` reads back.
func pythonRound(_ x: Double, _ ndigits: Int) -> Double {
    guard x.isFinite, x != 0 else { return x }
    if ndigits > 323 { return x }              // every double is already that precise
    if ndigits < -308 { return 0.0 * x }       // keeps the sign, as CPython
    if ndigits >= 0 {
        if Swift.abs(x) >= 0x1p52 { return x } // already a whole number
        return strtod(cFormat(x, "%.\(ndigits)f"), nil)
    }
    // Round at 10^k, k = -ndigits, by significant digits: `digits` of them before the point.
    let k = -ndigits
    let exponent = Int(cFormat(Swift.abs(x), "%.17e").split(separator: "e").last ?? "0") ?? 0
    let digits = exponent + 1
    if digits - k <= 0 {
        // |x| < 10^k: the result is 0 or ±10^k, half going to 0 (the even multiple).
        let unit = pow(10.0, Double(k))
        return Swift.abs(x) > unit / 2 ? (x < 0 ? -unit : unit) : 0.0 * x
    }
    return strtod(cFormat(x, "%.\(digits - k - 1)e"), nil)
}
