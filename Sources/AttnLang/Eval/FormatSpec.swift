import TensorRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `format(x, spec)` and the fields of f-strings: Python's format-spec mini-language
/// (`[[fill]align][sign][z][#][0][width][grouping][.precision][type]`).
///
/// Numbers have one type in attn, so a whole number below 2^53 formats as Python formats an
/// int (`f"{3}"` is `3`, `f"{255:x}"` is `ff`) and any other number as Python formats a float;
/// `f`, `e`, `g` and `%` treat both alike, as Python does. A bool with a spec formats as 1 or 0
/// (as Python's `True`); a one-element tensor formats its value.
func formatValue(_ value: Value, _ spec: String) throws -> String {
    switch value {
    case .number(let x): return try FormatSpec(spec).number(x)
    case .string(let s): return try FormatSpec(spec).string(s)
    case .bool(let b): return spec.isEmpty ? value.str : try FormatSpec(spec).number(b ? 1 : 0)
    case .tensor(let t) where t.count == 1 && (t.rank == 0 || !spec.isEmpty):
        // As torch's Tensor.__format__: a 0-d tensor formats its item, even with an empty spec.
        return try FormatSpec(spec).number(Double(try t.item()))
    default:
        if spec.isEmpty { return value.str }
        throw LangError("format: \(value.kindDescription) takes no format spec (got '\(spec)'); only numbers, strings and one-element tensors do")
    }
}

struct FormatSpec {
    let spec: String
    var fill: Unicode.Scalar?
    var align: Unicode.Scalar?
    var sign: Unicode.Scalar?
    var noNegativeZero = false
    var alternate = false
    var zeroPad = false
    var width = 0
    var grouping: Unicode.Scalar?
    var precision: Int?
    var type: Unicode.Scalar?

    /// Widths and precisions past this are mistakes, not formatting.
    static let maxDigits = 10_000

    init(_ spec: String) throws {
        self.spec = spec
        let s = Array(spec.unicodeScalars)
        var i = 0
        func isAlign(_ c: Unicode.Scalar) -> Bool { c == "<" || c == ">" || c == "=" || c == "^" }
        if s.count >= 2 && isAlign(s[1]) {
            fill = s[0]; align = s[1]; i = 2
        } else if let c = s.first, isAlign(c) {
            align = c; i = 1
        }
        if i < s.count, s[i] == "+" || s[i] == "-" || s[i] == " " { sign = s[i]; i += 1 }
        if i < s.count, s[i] == "z" { noNegativeZero = true; i += 1 }
        if i < s.count, s[i] == "#" { alternate = true; i += 1 }
        if i < s.count, s[i] == "0" { zeroPad = true; i += 1 }
        func digits() throws -> Int? {
            let start = i
            var n = 0
            while i < s.count, isDigit(s[i]) {
                n = n * 10 + Int(s[i].value - 48)
                if n > FormatSpec.maxDigits { throw LangError("format: width or precision too large in '\(spec)' (at most \(FormatSpec.maxDigits))") }
                i += 1
            }
            return i > start ? n : nil
        }
        width = try digits() ?? 0
        if i < s.count, s[i] == "," || s[i] == "_" { grouping = s[i]; i += 1 }
        if i < s.count, s[i] == "." {
            i += 1
            guard let p = try digits() else { throw LangError("format: missing precision after '.' in '\(spec)'") }
            precision = p
        }
        if i < s.count { type = s[i]; i += 1 }
        if i < s.count { throw LangError("format: invalid format spec '\(spec)'") }
    }

    private func unknownType(_ kind: String) -> LangError {
        LangError("format: unknown format code '\(type.map(String.init) ?? "")' for \(kind) (in '\(spec)')")
    }

    // MARK: - Strings

    func string(_ s: String) throws -> String {
        guard type == nil || type == "s" else { throw unknownType("a string") }
        if sign != nil {
            throw LangError("format: a sign is not allowed for a string (in '\(spec)')")
        }
        if alternate { throw LangError("format: '#' is not allowed for a string (in '\(spec)')") }
        if let grouping { throw LangError("format: cannot use '\(grouping)' with a string (in '\(spec)')") }
        if align == "=" { throw LangError("format: '=' alignment is not allowed for a string (in '\(spec)')") }
        var body = String.UnicodeScalarView(s.unicodeScalars)
        if let precision, body.count > precision { body = String.UnicodeScalarView(body.prefix(precision)) }
        return pad(sign: "", body: String(body), defaultAlign: "<")
    }

    // MARK: - Numbers

    func number(_ x: Double) throws -> String {
        switch type {
        case nil:
            if precision == nil, let n = exactInteger(x) { return try integer(n) }
            return try float(x)
        case "d", "b", "o", "x", "X", "c":
            guard let n = exactInteger(x) else {
                if x.isFinite && x == x.rounded() {
                    throw LangError("format: \(formatLanguageNumber(x)) is too large for '\(type!)'")
                }
                throw LangError("format: '\(type!)' needs a whole number, got \(formatLanguageNumber(x))")
            }
            return try integer(n)
        case "n":
            if let n = exactInteger(x) { return try integer(n) }
            return try float(x)
        case "e", "E", "f", "F", "g", "G", "%":
            return try float(x)
        default:
            throw unknownType("a number")
        }
    }

    /// The whole numbers that format as Python ints (larger ones lose digits as doubles).
    private func exactInteger(_ x: Double) -> Int? {
        // -0 keeps its sign, as attn prints it (`-0`), so it takes the float path.
        guard x.isFinite, x == x.rounded(), abs(x) < 9_007_199_254_740_992, !(x == 0 && x.sign == .minus) else { return nil }
        return Int(x)
    }

    private func integer(_ n: Int) throws -> String {
        if precision != nil { throw LangError("format: a precision is not allowed for '\(type.map(String.init) ?? "d")' (in '\(spec)')") }
        let magnitude = n.magnitude
        var prefix = ""
        var digits: String
        var groupSize = 3
        switch type {
        case "b": digits = String(magnitude, radix: 2); prefix = "0b"; groupSize = 4
        case "o": digits = String(magnitude, radix: 8); prefix = "0o"; groupSize = 4
        case "x": digits = String(magnitude, radix: 16); prefix = "0x"; groupSize = 4
        case "X": digits = String(magnitude, radix: 16, uppercase: true); prefix = "0X"; groupSize = 4
        case "c":
            if sign != nil { throw LangError("format: a sign is not allowed with 'c' (in '\(spec)')") }
            if alternate { throw LangError("format: '#' is not allowed with 'c' (in '\(spec)')") }
            if grouping != nil { throw LangError("format: cannot use '\(grouping!)' with 'c' (in '\(spec)')") }
            guard n >= 0, n < 0x110000, let scalar = Unicode.Scalar(UInt32(n)) else {
                throw LangError("format: 'c' needs a character code in 0...0x10FFFF, got \(n)")
            }
            return pad(sign: "", body: String(Character(scalar)), defaultAlign: ">")
        default: digits = String(magnitude)
        }
        if grouping == ",", groupSize == 4 { throw LangError("format: cannot use ',' with '\(type!)' (in '\(spec)')") }
        if !alternate { prefix = "" }
        let signText = signPrefix(negative: n < 0) + prefix
        return finish(sign: signText, integerDigits: digits, rest: "", groupSize: groupSize)
    }

    private func float(_ x: Double) throws -> String {
        let negative = !x.isNaN && x.sign == .minus
        let a = abs(x)
        let upper = type == "E" || type == "F" || type == "G"
        if !a.isFinite {
            let word = a.isNaN ? "nan" : "inf"
            let body = (upper ? word.uppercased() : word) + (type == "%" ? "%" : "")
            return pad(sign: signPrefix(negative: negative), body: body, defaultAlign: ">")
        }
        var body: String
        switch type {
        case "f", "F": body = cFormat(a, "f", precision ?? 6, alternate)
        case "e", "E": body = cFormat(a, "e", precision ?? 6, alternate)
        case "g", "G", "n": body = cFormat(a, "g", precision ?? 6, alternate)
        case "%": body = cFormat(a * 100, "f", precision ?? 6, alternate) + "%"
        default: body = precision.map { shortGeneral(a, max($0, 1)) } ?? formatLanguageNumber(a)
        }
        if upper { body = body.uppercased() }
        // `z`: a negative number that rounds to zero shows as zero, without its sign.
        let zero = !body.contains { $0 >= "1" && $0 <= "9" }
        let signText = signPrefix(negative: negative && !(noNegativeZero && zero))
        let digitsEnd = body.firstIndex { !($0 >= "0" && $0 <= "9") } ?? body.endIndex
        return finish(sign: signText, integerDigits: String(body[..<digitsEnd]), rest: String(body[digitsEnd...]), groupSize: 3)
    }

    /// Python's float format without a type but with a precision: like `g`, but a fixed-point
    /// result keeps a digit after the point, and exponents from p - 1 on are scientific.
    private func shortGeneral(_ a: Double, _ p: Int) -> String {
        let scientific = cFormat(a, "e", p - 1, alternate)
        let exponent = Int(scientific[scientific.index(after: scientific.firstIndex(of: "e")!)...]) ?? 0
        if exponent >= -4 && exponent < p - 1 {
            var fixed = cFormat(a, "f", p - 1 - exponent, alternate)
            if !alternate {
                while fixed.hasSuffix("0") { fixed.removeLast() }
                if fixed.hasSuffix(".") { fixed += "0" }
            }
            return fixed
        }
        guard !alternate, let e = scientific.firstIndex(of: "e") else { return scientific }
        var mantissa = String(scientific[..<e])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        return mantissa + scientific[e...]
    }

    private func signPrefix(negative: Bool) -> String {
        if negative { return "-" }
        return sign == "+" ? "+" : (sign == " " ? " " : "")
    }

    /// Groups the integer digits (zero padding included, as Python does when the fill is `0`
    /// and the alignment `=`), then pads to the width.
    private func finish(sign: String, integerDigits: String, rest: String, groupSize: Int) -> String {
        guard let grouping, !integerDigits.isEmpty else {
            return pad(sign: sign, body: integerDigits + rest, defaultAlign: ">")
        }
        let (fillChar, alignment) = effectiveFill(defaultAlign: ">")
        var minWidth = 0
        if fillChar == "0" && alignment == "=" {
            minWidth = width - sign.unicodeScalars.count - rest.unicodeScalars.count
        }
        let grouped = groupDigits(Array(integerDigits.unicodeScalars), separator: grouping, size: groupSize, minWidth: minWidth)
        return pad(sign: sign, body: grouped + rest, defaultAlign: ">")
    }

    /// CPython's thousands grouping: groups from the right, zero-filled up to `minWidth`.
    private func groupDigits(_ digits: [Unicode.Scalar], separator: Unicode.Scalar, size: Int, minWidth: Int) -> String {
        var groups: [String] = []
        var remaining = digits.count
        var end = digits.count
        var width = minWidth
        while true {
            let length = min(size, max(remaining, width, 1))
            let taken = max(0, min(remaining, length))
            let zeros = max(0, length - remaining)
            var group = String(repeating: "0", count: zeros)
            group.unicodeScalars.append(contentsOf: digits[(end - taken)..<end])
            groups.append(group)
            end -= taken
            remaining -= taken
            width -= length
            if remaining <= 0 && width <= 0 { break }
            width -= 1
        }
        return groups.reversed().joined(separator: String(separator))
    }

    private func effectiveFill(defaultAlign: Unicode.Scalar) -> (Unicode.Scalar, Unicode.Scalar) {
        var fillChar = fill ?? " "
        var alignment = align ?? defaultAlign
        if zeroPad && fill == nil {
            fillChar = "0"
            if align == nil && defaultAlign == ">" { alignment = "=" }
        }
        return (fillChar, alignment)
    }

    private func pad(sign: String, body: String, defaultAlign: Unicode.Scalar) -> String {
        let length = sign.unicodeScalars.count + body.unicodeScalars.count
        guard width > length else { return sign + body }
        let (fillChar, alignment) = effectiveFill(defaultAlign: defaultAlign)
        let n = width - length
        func fills(_ k: Int) -> String { String(repeating: String(fillChar), count: k) }
        switch alignment {
        case "<": return sign + body + fills(n)
        case "^": return fills(n / 2) + sign + body + fills(n - n / 2)
        case "=": return sign + fills(n) + body
        default: return fills(n) + sign + body
        }
    }
}

/// C's correctly rounded `%.*f` / `%.*e` / `%.*g` (what CPython uses too), for a finite `x >= 0`.
private func cFormat(_ x: Double, _ conversion: String, _ precision: Int, _ alternate: Bool) -> String {
    // The largest double has 309 integer digits.
    var buffer = [CChar](repeating: 0, count: 330 + precision)
    let format = (alternate ? "%#.*" : "%.*") + conversion
    _ = buffer.withUnsafeMutableBufferPointer { out in
        withVaList([Int32(precision), x]) { vsnprintf(out.baseAddress, out.count, format, $0) }
    }
    return String(cString: buffer)
}
