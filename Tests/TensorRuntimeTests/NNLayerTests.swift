import Foundation
import XCTest
import TensorRuntime
import TestSupport

/// Fixture access shared by the nn, loss and optimizer tests.
enum NNFixture {
    static func load(_ name: String) throws -> [String: Any] {
        let resources = try XCTUnwrap(Bundle.module.resourceURL)
        return try Fixture.load(name, in: resources.appendingPathComponent("Fixtures"))
    }

    static func cases(_ json: [String: Any], _ key: String = "cases") throws -> [[String: Any]] {
        try XCTUnwrap(json[key] as? [[String: Any]], "fixture has no \(key)")
    }

    /// `[[name, tensor], ...]` in order.
    static func named(_ json: Any?) throws -> [(String, Tensor)] {
        let pairs = try XCTUnwrap(json as? [[Any]])
        return try pairs.map { pair in
            guard pair.count == 2, let name = pair[0] as? String else { throw TensorError("fixture", "bad pair \(pair)") }
            return (name, try Fixture.tensor(pair[1]))
        }
    }

    /// A tensor that gradients are wanted for.
    static func leaf(_ json: Any?) throws -> Tensor {
        let t = try Fixture.tensor(json)
        t.requiresGrad = true
        return t
    }

    static func int(_ json: [String: Any], _ key: String) throws -> Int { try XCTUnwrap(json[key] as? Int, key) }
    static func bool(_ json: [String: Any], _ key: String) throws -> Bool { try XCTUnwrap(json[key] as? Bool, key) }
    static func string(_ json: [String: Any], _ key: String) throws -> String { try XCTUnwrap(json[key] as? String, key) }
}

/// sum(x ⊙ r): a scalar whose gradient with respect to x is r, so each output is checked with
/// distinct weights.
func weightedSum(_ x: Tensor, _ r: Tensor) throws -> Tensor {
    try sum(x * r)
}

/// Loads PyTorch's parameters into `layer` by name, checking the names and their order first.
func loadParameters(_ layer: Layer, _ params: [(String, Tensor)], file: StaticString = #filePath, line: UInt = #line) throws {
    XCTAssertEqual(layer.namedParameters.map { $0.0 }, params.map { $0.0 }, "parameter names and order", file: file, line: line)
    for (name, value) in params { try layer.setParameter(name, value) }
}

/// Compares the gradient of every parameter of `layer` with PyTorch's.
func assertParameterGrads(_ layer: Layer, _ expected: [(String, Tensor)], atol: Float = 1e-5, rtol: Float = 1e-5,
                          _ context: String, file: StaticString = #filePath, line: UInt = #line) throws {
    for (name, grad) in expected {
        let p = try XCTUnwrap(layer.parameter(name), "\(context): no parameter \(name)", file: file, line: line)
        let g = try XCTUnwrap(p.grad, "\(context): \(name) has no gradient", file: file, line: line)
        assertClose(g, grad, atol: atol, rtol: rtol, "\(context): grad of \(name)", file: file, line: line)
    }
}

final class NNLayerTests: XCTestCase {
    func testLinearMatchesDefinitionAndGradients() throws {
        let layer = try Linear(3, 2)
        XCTAssertEqual(layer.namedParameters.map { $0.0 }, ["weight", "bias"])
        XCTAssertEqual(layer.weight.shape, [2, 3])
        try layer.setParameter("weight", Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6]))
        try layer.setParameter("bias", Tensor(shape: [2], data: [0.5, -1]))
        let x = try Tensor(shape: [1, 3], data: [1, 0, -1])
        x.requiresGrad = true
        let y = try layer(x)
        XCTAssertEqual(y.toArray(), [1 - 3 + 0.5, 4 - 6 - 1])
        try weightedSum(y, Tensor(shape: [1, 2], data: [1, 2])).backward()
        XCTAssertEqual(layer.weight.grad?.toArray(), [1, 0, -1, 2, 0, -2])
        XCTAssertEqual(layer.bias?.grad?.toArray(), [1, 2])
        XCTAssertEqual(x.grad?.toArray(), [1 + 8, 2 + 10, 3 + 12])
    }

    func testSetParameterChecksShapeAndMakesTrainableLeaf() throws {
        let layer = try Linear(3, 2)
        XCTAssertThrowsError(try layer.setParameter("weight", Tensor.filled([3, 2], 0))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("Linear.weight") && text.contains("[2, 3]") && text.contains("[3, 2]"), text)
        }
        XCTAssertThrowsError(try layer.setParameter("gamma", Tensor.filled([2], 0))) { error in
            XCTAssertTrue("\(error)".contains("weight, bias"), "\(error)")
        }
        let w = try Tensor.filled([2, 3], 1)
        try layer.setParameter("weight", w)
        XCTAssertTrue(layer.weight === w, "a contiguous leaf is used as is, like nn.Parameter(t)")
        XCTAssertTrue(w.requiresGrad)
        // A computed tensor becomes a leaf sharing its storage.
        let base = try Tensor.filled([2, 3], 2)
        base.requiresGrad = true
        let computed = try base * 3
        try layer.setParameter("weight", computed)
        XCTAssertTrue(layer.weight.isLeaf && layer.weight.requiresGrad)
        XCTAssertEqual(layer.weight.toArray(), [Float](repeating: 6, count: 6))
        // A transposed view is copied into a contiguous parameter.
        let transposed = try Tensor(shape: [3, 2], data: [1, 2, 3, 4, 5, 6]).t()
        try layer.setParameter("weight", transposed)
        XCTAssertTrue(layer.weight.isContiguous)
        XCTAssertEqual(layer.weight.toArray(), [1, 3, 5, 2, 4, 6])
    }

    func testLinearWithoutBias() throws {
        let layer = try Linear(4, 3, bias: false)
        XCTAssertEqual(layer.namedParameters.map { $0.0 }, ["weight"])
        XCTAssertThrowsError(try layer.setParameter("bias", Tensor.filled([3], 0)))
        XCTAssertEqual(try layer(Tensor.filled([2, 5, 4], 1)).shape, [2, 5, 3])
    }

    func testEmbeddingLooksUpRowsAndScattersGradients() throws {
        let layer = try Embedding(4, 2)
        XCTAssertEqual(layer.weight.shape, [4, 2])
        try layer.setParameter("weight", Tensor(shape: [4, 2], data: [0, 1, 2, 3, 4, 5, 6, 7]))
        let out = try layer(Tensor(shape: [3], data: [2, 0, 2]))
        XCTAssertEqual(out.toArray(), [4, 5, 0, 1, 4, 5])
        try sum(out).backward()
        XCTAssertEqual(layer.weight.grad?.toArray(), [1, 1, 0, 0, 2, 2, 0, 0])
        XCTAssertThrowsError(try layer(Tensor(shape: [1], data: [4])))
    }

    func testDropoutLayerFollowsTrainingMode() throws {
        let layer = try Dropout(0.5)
        let x = try Tensor.filled([1000], 1)
        let trained = try layer(x).toArray()
        XCTAssertTrue(trained.allSatisfy { $0 == 0 || $0 == 2 }, "kept elements are scaled by 1/(1-p)")
        let zeros = trained.filter { $0 == 0 }.count
        XCTAssertTrue(zeros > 400 && zeros < 600, "\(zeros) of 1000 dropped at p = 0.5")
        layer.training = false
        XCTAssertEqual(try layer(x).toArray(), x.toArray())
        XCTAssertThrowsError(try Dropout(1.5))
    }
}
