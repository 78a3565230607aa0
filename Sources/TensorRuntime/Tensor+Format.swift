#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// PyTorch's tensor repr (torch/_tensor_str.py with the default print options), with the shape
// as an extra suffix placed by the same rule PyTorch uses for `dtype=`.

/// Print options, fixed at PyTorch's defaults.
enum PrintOptions {
    static let precision = 4
    static let threshold = 1000
    static let edgeItems = 3
    static let lineWidth = 80
    static let fixed = "%.\(precision)f"
    static let scientific = "%.\(precision)e"
}

extension Tensor: CustomStringConvertible {
    public var description: String { formatTensor(self) }
}

/// The tensor as PyTorch's `repr` prints it, followed by `shape=[..]` (and `requires_grad=True`
/// for leaves that require grad), e.g. `tensor([[ 0.3367,  0.1288],\n        [ 0.2303, -1.1229]], shape=[2, 2])`.
public func formatTensor(_ t: Tensor) -> String {
    let prefix = "tensor("
    let indent = prefix.count
    var suffixes = ["shape=" + shapeString(t.shape)]
    if t.requiresGrad && t.isLeaf { suffixes.append("requires_grad=True") }
    let body: String
    if t.count == 0 {
        body = "[]"
    } else {
        // Elements are read through the strides: a summarised view of a huge tensor reads only
        // the few elements it shows, and nothing is copied.
        let summarize = t.count > PrintOptions.threshold
        let kept = t.shape.map { keptIndices($0, summarize: summarize) }
        var printer: TensorPrinter
        switch t.dtype {
        case .float32:
            let formatter = ElementFormatter(displayed: displayedValues(t, kept: kept))
            let base = t.dataPointer
            printer = TensorPrinter(t, kept: kept, width: formatter.width) { formatter.format(base[$0]) }
        case .int64:
            // PyTorch pads `str(value)` to the widest displayed element.
            let base = t.int64Pointer
            let width = displayedOffsets(t, kept: kept).reduce(1) { Swift.max($0, String(base[$1]).utf8.count) }
            printer = TensorPrinter(t, kept: kept, width: width) { padded(String(base[$0]), width) }
        case .bool:
            let base = t.dataPointer
            let width = displayedOffsets(t, kept: kept).contains { base[$0] == 0 } ? 5 : 4
            printer = TensorPrinter(t, kept: kept, width: width) { padded(base[$0] != 0 ? "True" : "False", width) }
        }
        body = printer.render()
    }
    return addSuffixes(prefix + body, suffixes, indent: indent)
}

/// `_add_suffixes`: a suffix goes on the last line unless that would pass the line width.
/// (`lastLineLength` counts two more than the line holds, exactly as PyTorch computes it.)
func addSuffixes(_ text: String, _ suffixes: [String], indent: Int) -> String {
    var result = text
    let utf8 = text.utf8
    let lastNewline = utf8.lastIndex(of: UInt8(ascii: "\n")).map { utf8.distance(from: utf8.startIndex, to: $0) } ?? -1
    var lastLineLength = utf8.count - lastNewline + 1
    for suffix in suffixes {
        if lastLineLength + suffix.count + 2 > PrintOptions.lineWidth {
            result += ",\n" + String(repeating: " ", count: indent) + suffix
            lastLineLength = indent + suffix.count
        } else {
            result += ", " + suffix
            lastLineLength += suffix.count + 2
        }
    }
    return result + ")"
}

/// Indices of one dimension that are printed: all, or the first and last `edgeItems` when
/// summarising a dimension longer than twice that.
func keptIndices(_ size: Int, summarize: Bool) -> [Int] {
    let edge = PrintOptions.edgeItems
    if summarize && size > 2 * edge { return Array(0..<edge) + Array((size - edge)..<size) }
    return Array(0..<size)
}

/// The elements that will be shown (`get_summarized_data`), which alone decide the format.
func displayedValues(_ t: Tensor, kept: [[Int]]) -> [Float] {
    let base = t.dataPointer
    return displayedOffsets(t, kept: kept).map { base[$0] }
}

/// Offsets (from the tensor's first element) of the elements that will be shown.
func displayedOffsets(_ t: Tensor, kept: [[Int]]) -> [Int] {
    var out: [Int] = []
    out.reserveCapacity(kept.reduce(1) { $0 &* $1.count })
    func walk(_ dim: Int, _ offset: Int) {
        if dim == t.shape.count { out.append(offset); return }
        let stride = t.strides[dim]
        for i in kept[dim] { walk(dim + 1, offset &+ i &* stride) }
    }
    walk(0, 0)
    return out
}

/// `text` right-aligned to `width` columns.
func padded(_ text: String, _ width: Int) -> String {
    let pad = width - text.utf8.count
    return pad > 0 ? String(repeating: " ", count: pad) + text : text
}

/// `_Formatter`: chooses integer, fixed or scientific notation and one width for all elements.
struct ElementFormatter {
    var intMode = true
    var sciMode = false
    var width = 1

    init(displayed: [Float]) {
        var minAbs = Double.infinity, maxAbs = 0.0, any = false
        for v in displayed where v.isFinite && v != 0 {
            let a = Double(Swift.abs(v))
            minAbs = Swift.min(minAbs, a)
            maxAbs = Swift.max(maxAbs, a)
            any = true
            if intMode && v != v.rounded(.up) { intMode = false }
        }
        guard any else { return }
        sciMode = maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4
        for v in displayed where v.isFinite && v != 0 {
            let text: String
            if sciMode { text = cFormat(Double(v), PrintOptions.scientific) }
            else if intMode { text = cFormat(Double(v), "%.0f") + "." }
            else { text = cFormat(Double(v), PrintOptions.fixed) }
            width = Swift.max(width, text.utf8.count)
        }
    }

    /// One element, right-aligned to the common width.
    func format(_ value: Float) -> String {
        let v = Double(value)
        let text: String
        if !v.isFinite {
            text = v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf")
        } else if sciMode {
            text = cFormat(v, PrintOptions.scientific)
        } else if intMode {
            text = cFormat(v, "%.0f") + "."
        } else {
            text = cFormat(v, PrintOptions.fixed)
        }
        return padded(text, width)
    }
}

/// printf formatting of one finite double: C's %.Nf / %.Ne round the exact binary value
/// correctly, as Python's format does, so float32 values print as PyTorch prints them.
public func cFormat(_ value: Double, _ format: String) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
        let written = withVaList([value]) { vsnprintf(buffer.baseAddress, 512, format, $0) }
        guard written > 0 else { return "" }
        let length = Swift.min(Int(written), 511)
        return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: length), as: UTF8.self)
    }
}

/// `_tensor_str_with_formatter` / `_vector_str`, reading elements through the tensor's strides.
struct TensorPrinter {
    let shape: [Int]
    let strides: [Int]
    let kept: [[Int]]
    /// Every element's text has this many columns.
    let width: Int
    /// The element at an offset from the first one, padded to `width`.
    let element: (Int) -> String
    var out = ""

    init(_ t: Tensor, kept: [[Int]], width: Int, element: @escaping (Int) -> String) {
        shape = t.shape
        strides = t.strides
        self.kept = kept
        self.width = width
        self.element = element
    }

    mutating func render() -> String {
        out = ""
        if shape.isEmpty { return element(0) }
        tensor(dim: 0, offset: 0, indent: 7)
        return out
    }

    private mutating func tensor(dim: Int, offset: Int, indent: Int) {
        if dim == shape.count - 1 { return vector(offset: offset, indent: indent) }
        let indices = kept[dim]
        // Built only when used: a tensor of 30 000 dimensions of size 1 has no separators,
        // and building one per level (each as long as the rank) was quadratic.
        let separator = indices.count < 2 ? "" : "," + String(repeating: "\n", count: shape.count - dim - 1)
            + String(repeating: " ", count: indent + 1)
        let gap = indices.count < shape[dim] ? PrintOptions.edgeItems : -1
        out += "["
        for (n, i) in indices.enumerated() {
            if n > 0 { out += separator }
            if n == gap { out += "..." + separator }
            tensor(dim: dim + 1, offset: offset &+ i &* strides[dim], indent: indent + 1)
        }
        out += "]"
    }

    private mutating func vector(offset: Int, indent: Int) {
        let elementLength = width + 2
        let perLine = Swift.max(1, (PrintOptions.lineWidth - indent) / elementLength)
        let step = strides[shape.count - 1]
        var items = kept[shape.count - 1].map { element(offset &+ $0 &* step) }
        if items.count < shape[shape.count - 1] { items.insert(" ...", at: PrintOptions.edgeItems) }
        let lineBreak = ",\n" + String(repeating: " ", count: indent + 1)
        out += "["
        for (n, item) in items.enumerated() {
            if n > 0 { out += n % perLine == 0 ? lineBreak : ", " }
            out += item
        }
        out += "]"
    }
}

/// A number in its shortest exact form, as Python's `repr(float)` but with whole numbers
/// written without the trailing `.0`: `3`, `0.5`, `1e-05`, `1e+16`, `-inf`, `nan`.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0" : "0" }
    let (digits, point) = shortestDigits(Swift.abs(x))
    let sign = x < 0 ? "-" : ""
    // Python's repr switches to exponent form outside 1e-4 <= |x| < 1e16.
    if point <= -4 || point > 16 {
        let exponent = point - 1
        var mantissa = String(digits.first ?? "0")
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let magnitude = Swift.abs(exponent)
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
    if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
    let split = digits.index(digits.startIndex, offsetBy: point)
    return sign + digits[..<split] + "." + digits[split...]
}

/// The shortest round-tripping decimal digits of a positive finite `x` and the position of the
/// decimal point (x = 0.d₁d₂… × 10^point), taken from Swift's shortest-digit `description`.
func shortestDigits(_ x: Double) -> (digits: String, point: Int) {
    let text = x.description  // e.g. "1234.5", "0.001", "1e-05", "1.5e+16"
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[..<e]
        exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    let dot = mantissa.firstIndex(of: ".")
    let integerPart = dot.map { mantissa[..<$0] } ?? mantissa
    let fraction = dot.map { mantissa[mantissa.index(after: $0)...] } ?? ""
    var digits = Array(integerPart + fraction)
    var point = integerPart.count + exponent
    while digits.first == "0" { digits.removeFirst(); point -= 1 }
    while digits.last == "0" { digits.removeLast() }
    return (digits.isEmpty ? "0" : String(digits), point)
}
