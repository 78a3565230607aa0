import TensorRuntime

/// `template % values`: Python's printf-style string formatting, as the PyTorch tutorial prints
/// its progress (`'%s (%d %d%%) %.4f' % (timeSince(start), iter, percent, loss)`). A tuple gives
/// one value per conversion; anything else is the one value. Numeric conversions go through the
/// format-spec formatter (FormatSpec.swift): `%-08.3f` is the spec `<08.3f`. Not supported:
/// `%(name)s` with a dict.
extension Interpreter {
    func percentFormat(_ template: String, _ values: Value) throws -> String {
        var arguments: [Value]
        if case .tuple(let items) = values { arguments = items } else { arguments = [values] }
        var next = 0
        func take() throws -> Value {
            guard next < arguments.count else { throw LangError("not enough arguments for format string") }
            next += 1
            return arguments[next - 1]
        }
        let s = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var length = 0   // out's scalars, counted as they come (counting `out` each time is quadratic)
        var i = 0
        while i < s.count {
            guard s[i] == "%" else { out.append(s[i]); length += 1; i += 1; continue }
            i += 1
            guard i < s.count else { throw LangError("incomplete format") }
            if s[i] == "(" { throw LangError("%(name) formatting with a dict is not supported; use an f-string") }
            var conversion = PercentConversion()
            while i < s.count, let flag = "-+ #0".unicodeScalars.first(where: { $0 == s[i] }) {
                conversion.flags.insert(Character(flag))
                i += 1
            }
            func number() throws -> Int? {
                if i < s.count, s[i] == "*" {
                    i += 1
                    guard let n = try Int(exactly: numericValue(take(), "*")), Swift.abs(n) <= FormatSpec.maxDigits else {
                        throw LangError("* wants a whole number of at most \(FormatSpec.maxDigits)")
                    }
                    // As Python: a negative width from `*` left-aligns.
                    if n < 0 { conversion.flags.insert("-") }
                    return Swift.abs(n)
                }
                var digits = ""
                while i < s.count, s[i].properties.numericType == .decimal, s[i].isASCII { digits.unicodeScalars.append(s[i]); i += 1 }
                guard !digits.isEmpty else { return nil }
                guard let n = Int(digits), n <= FormatSpec.maxDigits else { throw LangError("width or precision too big in format string") }
                return n
            }
            conversion.width = try number()
            if i < s.count, s[i] == "." {
                i += 1
                conversion.precision = try number() ?? 0
            }
            while i < s.count, s[i] == "h" || s[i] == "l" || s[i] == "L" { i += 1 }
            guard i < s.count else { throw LangError("incomplete format") }
            let type = s[i]
            i += 1
            if type == "%" { out.append("%"); length += 1; continue }
            let piece = try conversion.format(take(), type: type).unicodeScalars
            out.append(contentsOf: piece)
            length += piece.count
            try checkSize(length, "string")
        }
        // As Python: a value left over is an error, except a list or dict given as the one value.
        if next < arguments.count, !(values.kind == .list || values.kind == .dict) {
            throw LangError("not all arguments converted during string formatting")
        }
        return String(out)
    }
}

/// A number for a numeric conversion, read as a number parameter reads it.
private func numericValue(_ v: Value, _ conversion: String) throws -> Double {
    if let x = try v.scalarNumber() { return x }
    throw LangError("%\(conversion) format: a real number is required, not \(v.kindDescription)")
}

/// One `%[flags][width][.precision]type` conversion.
private struct PercentConversion {
    var flags = Set<Character>()
    var width: Int?
    var precision: Int?

    func format(_ value: Value, type: Unicode.Scalar) throws -> String {
        switch type {
        case "s", "r", "a":
            return try field(type == "s" ? value.str : value.repr, precision: precision)
        case "c":
            if case .string(let c) = value, c.count == 1 { return try field(c) }
            let code = try numericValue(value, "c")
            guard code == code.rounded(), let scalar = Unicode.Scalar(UInt32(exactly: code) ?? 0x110000) else {
                throw LangError("%c requires an int in range(0x110000) or a single character")
            }
            return try field(String(scalar))
        case "d", "i", "u", "x", "X", "o":
            let x = try numericValue(value, String(type))
            guard x.isFinite else { throw LangError("cannot convert float \(x.isNaN ? "NaN" : "infinity") to integer") }
            var digitsSpec = String(type == "i" || type == "u" ? "d" : Character(type))
            // Python's precision on an integer is a minimum count of digits.
            if let precision {
                let digits = try formatValue(.number(Swift.abs(x.rounded(.towardZero))), (flags.contains("#") ? "#" : "") + digitsSpec)
                let prefixCount = flags.contains("#") && type != "d" && type != "i" && type != "u" ? 2 : 0
                let body = digits.dropFirst(prefixCount)
                let padded = String(digits.prefix(prefixCount)) + String(repeating: "0", count: Swift.max(0, precision - body.count)) + body
                let sign = x < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : ""
                return try field(sign + padded)
            }
            if flags.contains("#") { digitsSpec = "#" + digitsSpec }
            return try formatValue(.number(x.rounded(.towardZero)), spec(digitsSpec))
        case "f", "F", "e", "E", "g", "G":
            let x = try numericValue(value, String(type))
            let typeSpec = (flags.contains("#") ? "#" : "") + ".\(precision ?? 6)" + String(Character(type))
            return try formatValue(.number(x), spec(typeSpec))
        default:
            throw LangError("unsupported format character '\(Character(type))' (0x\(String(type.value, radix: 16)))")
        }
    }

    /// The format spec for a number: alignment, sign and zero padding from the flags, then
    /// the width, then `rest` (alternate form, precision, type).
    private func spec(_ rest: String) -> String {
        var spec = flags.contains("-") ? "<" : ""
        if flags.contains("+") { spec += "+" } else if flags.contains(" ") { spec += " " }
        if rest.hasPrefix("#") { spec += "#" }
        if flags.contains("0") && !flags.contains("-") { spec += "0" }
        if let width { spec += String(width) }
        return spec + (rest.hasPrefix("#") ? String(rest.dropFirst()) : rest)
    }

    /// `text` (its first `precision` characters) in the field, by the format-spec formatter:
    /// right-aligned, or left with the `-` flag.
    private func field(_ text: String, precision: Int? = nil) throws -> String {
        let spec = (flags.contains("-") ? "<" : ">") + (width.map(String.init) ?? "") + (precision.map { ".\($0)" } ?? "")
        return try formatValue(.string(text), spec)
    }
}
