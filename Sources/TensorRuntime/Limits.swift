#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide resource limits. The language raises or lowers them; the runtime enforces them.
public enum Limits {
    /// Largest single tensor allocation in bytes. Default: the smallest of half of physical
    /// memory, the address-space and data limits (`ulimit -v`, `ulimit -d`) and the cgroup's
    /// `memory.max` (see `MemoryCeiling`).
    public static var maxTensorBytes: Int = MemoryCeiling.defaultLimit()

    /// Element count of `shape`, or an error if it overflows or exceeds the allocation cap.
    public static func checkedCount(_ shape: [Int], op: String) throws -> Int {
        var count = 1
        for size in shape {
            if size < 0 { throw TensorError(op, "negative size in shape \(shapeString(shape))") }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            if overflow { throw allocationError(shape, bytes: nil, op: op) }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        if overflow || bytes > maxTensorBytes { throw allocationError(shape, bytes: overflow ? nil : bytes, op: op) }
        try MemoryCeiling.checkAvailable(bytes, shape: shape, op: op)
        return count
    }

    static func allocationError(_ shape: [Int], bytes: Int?, op: String) -> TensorError {
        let size = bytes.map { formatBytes($0) } ?? "more than 2^63 bytes"
        return TensorError(op, "tensor of shape \(shapeString(shape)) needs \(size), over the limit of "
            + "\(formatBytes(maxTensorBytes)) (raise it with set_limit(\"memory\", bytes))")
    }

    public static func formatBytes(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(bytes) bytes" }
        return String(format1: value) + " " + units[unit]
    }
}

extension String {
    /// One decimal place without Foundation.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
