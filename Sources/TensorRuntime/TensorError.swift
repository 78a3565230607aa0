/// Every failed check in the runtime throws one of these; nothing traps.
///
/// `op` is the user-facing name of the operation (`bmm`, `view`, `load`), so that the
/// language can print `error: bmm: ...` without knowing which op failed.
public struct TensorError: Error, CustomStringConvertible, Equatable {
    public let op: String
    public let message: String

    public init(_ op: String, _ message: String) {
        self.op = op
        self.message = message
    }

    public var description: String { "\(op): \(message)" }
}

/// Formats a shape the way error messages and printing show it: `[2, 3]`.
@inlinable
public func shapeString(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
