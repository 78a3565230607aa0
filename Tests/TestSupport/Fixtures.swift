import Foundation
import TensorRuntime

/// Fixtures are JSON files written by scripts/fixtures/*.py from real PyTorch. A tensor is
/// stored as `{"shape": [..], "data": [..]}` (row-major; "nan", "inf", "-inf" as strings).
public enum Fixture {
    /// Parses the JSON file `name` (e.g. "ops.json") in `directory`.
    public static func load(_ name: String, in directory: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TensorError("fixture", "\(name) is not a JSON object")
        }
        return object
    }

    /// A tensor from its JSON form.
    public static func tensor(_ json: Any?) throws -> Tensor {
        guard let object = json as? [String: Any], let shape = object["shape"] as? [Int],
              let data = object["data"] as? [Any] else {
            throw TensorError("fixture", "not a tensor object: \(String(describing: json))")
        }
        switch object["dtype"] as? String {
        case "int64": return try Tensor.int64(shape: shape, data: data.map { ($0 as? NSNumber)?.int64Value ?? 0 })
        case "bool": return try Tensor.bools(shape: shape, data: data.map { ($0 as? NSNumber)?.boolValue ?? false })
        default: return try Tensor(shape: shape, data: data.map(float))
        }
    }

    static func float(_ value: Any) -> Float {
        if let n = value as? NSNumber { return n.floatValue }
        switch value as? String {
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return .nan
        }
    }
}
