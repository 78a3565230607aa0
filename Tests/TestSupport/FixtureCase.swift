import Foundation
import XCTest
import TensorRuntime

extension Fixture {
    /// Every case of a fixture script's output replayed with `check`: the script (named in the
    /// message) and `ops` must name the same cases.
    public static func checkEveryCase(_ cases: [String: Any], script: String,
                                      _ ops: [String: ([Tensor]) throws -> [Tensor]],
                                      atol: Float, rtol: Float, undeclaredAreFloat32: Bool,
                                      file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(Set(cases.keys), Set(ops.keys), "\(script) and this table must name the same cases",
                       file: file, line: line)
        for name in cases.keys.sorted() {
            guard let entry = cases[name] as? [String: Any], let op = ops[name] else { continue }
            try check(name, entry, op, atol: atol, rtol: rtol, undeclaredAreFloat32: undeclaredAreFloat32,
                      file: file, line: line)
        }
    }

    /// One fixture case replayed: `op` of the case's inputs must give its outputs, and the
    /// gradients of (output 0 · weight).sum() its grads (inputs with a null grad need none).
    ///
    /// An output that declares its dtype (the scripts write one for int64 and bool) must have
    /// it, and a non-float one must match exactly; float32 outputs and every gradient match
    /// within `atol` + `rtol` · |expected|. With `undeclaredAreFloat32`, an output without a
    /// declared dtype must be float32 too (for scripts that declare every non-float output);
    /// without it, such an output is only compared by value.
    public static func check(_ name: String, _ entry: [String: Any], _ op: ([Tensor]) throws -> [Tensor],
                             atol: Float, rtol: Float, undeclaredAreFloat32: Bool,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let inputs = try (entry["inputs"] as? [Any] ?? []).map(tensor)
        let expectedGrads = entry["grads"] as? [Any]
        for (i, input) in inputs.enumerated() {
            if let g = expectedGrads?[i], !(g is NSNull) { input.requiresGrad = true }
        }
        let outputs = try op(inputs)
        let expected = try (entry["outputs"] as? [Any] ?? []).map(tensor)
        XCTAssertEqual(outputs.count, expected.count, "\(name): number of outputs", file: file, line: line)
        let declared = (entry["outputs"] as? [Any] ?? []).map { ($0 as? [String: Any])?["dtype"] != nil }
        for (k, (o, e)) in zip(outputs, expected).enumerated() {
            if declared[k] || undeclaredAreFloat32 {
                XCTAssertEqual(o.dtype, e.dtype, "\(name) output \(k) dtype", file: file, line: line)
            }
            if declared[k] && e.dtype != .float32 {
                XCTAssertEqual(o.shape, e.shape, "\(name) output \(k) shape", file: file, line: line)
                XCTAssertEqual(o.int64Values(), e.int64Values(), "\(name) output \(k)", file: file, line: line)
                continue
            }
            assertClose(o, e, atol: atol, rtol: rtol, "\(name) output \(k)", file: file, line: line)
        }
        guard let expectedGrads, let w = entry["weight"] else { return }
        try sum(mul(outputs[0], tensor(w))).backward()
        for (i, g) in expectedGrads.enumerated() where !(g is NSNull) {
            guard let got = inputs[i].grad else {
                XCTFail("\(name): input \(i) has no gradient", file: file, line: line)
                continue
            }
            assertClose(got, try tensor(g), atol: atol, rtol: rtol, "\(name) grad of input \(i)", file: file, line: line)
        }
    }
}
