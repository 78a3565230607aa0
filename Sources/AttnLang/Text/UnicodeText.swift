import CICU

/// Unicode normalisation (through ICU: the standard library has no public normaliser) and
/// general categories (from the standard library's own Unicode data), as Python's
/// `unicodedata.normalize` and `unicodedata.category`.
enum UnicodeText {
    /// The four forms `unicodedata.normalize` takes, in the shim's numbering.
    static let forms = ["NFC": Int32(0), "NFD": 1, "NFKC": 2, "NFKD": 3]

    static func normalize(_ s: String, form: String) throws -> String {
        guard let code = forms[form] else {
            throw LangError("normalize: unknown form \(Value.string(form).repr) (use \"NFC\", \"NFD\", \"NFKC\" or \"NFKD\")")
        }
        let source = Array(s.utf16)
        if source.isEmpty { return s }
        // Decomposition rarely triples a string's length; ICU says how much it needs otherwise.
        var capacity = source.count * 3 + 16
        for _ in 0..<2 {
            var output = [UInt16](repeating: 0, count: capacity)
            var error: Int32 = 0
            let needed = attn_icu_normalize(Int32(code), source, Int32(source.count), &output, Int32(capacity), &error)
            guard needed >= 0 else { throw LangError("normalize: ICU failed with error code \(error)") }
            if Int(needed) <= capacity {
                return String(decoding: output[0..<Int(needed)], as: UTF16.self)
            }
            capacity = Int(needed)
        }
        throw LangError("normalize: ICU could not size the result")
    }

    /// Python's two-letter general category ("Lu", "Mn", "Zs", ...) of one code point.
    static func category(_ scalar: Unicode.Scalar) -> String {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter: return "Lu"
        case .lowercaseLetter: return "Ll"
        case .titlecaseLetter: return "Lt"
        case .modifierLetter: return "Lm"
        case .otherLetter: return "Lo"
        case .nonspacingMark: return "Mn"
        case .spacingMark: return "Mc"
        case .enclosingMark: return "Me"
        case .decimalNumber: return "Nd"
        case .letterNumber: return "Nl"
        case .otherNumber: return "No"
        case .connectorPunctuation: return "Pc"
        case .dashPunctuation: return "Pd"
        case .openPunctuation: return "Ps"
        case .closePunctuation: return "Pe"
        case .initialPunctuation: return "Pi"
        case .finalPunctuation: return "Pf"
        case .otherPunctuation: return "Po"
        case .mathSymbol: return "Sm"
        case .currencySymbol: return "Sc"
        case .modifierSymbol: return "Sk"
        case .otherSymbol: return "So"
        case .spaceSeparator: return "Zs"
        case .lineSeparator: return "Zl"
        case .paragraphSeparator: return "Zp"
        case .control: return "Cc"
        case .format: return "Cf"
        case .surrogate: return "Cs"
        case .privateUse: return "Co"
        case .unassigned: return "Cn"
        @unknown default: return "Cn"
        }
    }
}

/// Strings as Python sees them: sequences of code points (so `len`, indexing, slicing and
/// `for c in s` agree with Python on decomposed text such as NFD output).
extension String {
    var codePointCount: Int { unicodeScalars.count }

    /// One string per code point, as `list(s)` in Python.
    var codePoints: [Value] { unicodeScalars.map { .string(String($0)) } }
}
