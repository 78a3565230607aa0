/// The one escaper for markup: text placed in SVG figures, in HTML/XHTML pages (elements and
/// attribute values, double- or single-quoted) goes through here.
///
/// XML 1.0 forbids control characters other than tab, newline and carriage return, even as
/// character references, and a stray ESC or NUL from a printed string would make the page or
/// figure fail to parse; each becomes U+FFFD, the replacement character.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        append(text.unicodeScalars, to: &out)
        return out
    }

    public static func append<S: Sequence>(_ scalars: S, to out: inout String) where S.Element == Unicode.Scalar {
        for s in scalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t", "\r": out.unicodeScalars.append(s)
            default:
                if s.value < 0x20 || s.value == 0x7F { out += "\u{FFFD}" } else { out.unicodeScalars.append(s) }
            }
        }
    }
}
