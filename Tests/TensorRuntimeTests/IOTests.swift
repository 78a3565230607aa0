import Foundation
import XCTest
import TensorRuntime
import TestSupport

/// Reading files written by numpy, torch and safetensors (fixtures from scripts/fixtures/io.py),
/// and round trips of what the runtime writes.
final class IOTests: XCTestCase {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "attn-io-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    func fixturePath(_ name: String) -> String { Self.fixtures.appendingPathComponent("io/" + name).path }

    func expected(_ file: String) throws -> [(String, Tensor)] {
        let json = try Fixture.load("io.json", in: Self.fixtures)
        let entries = try XCTUnwrap(json[file] as? [[Any]], file)
        return try entries.map { (($0[0] as? String) ?? "", try Fixture.tensor($0[1])) }
    }

    func assertSame(_ got: [(String, Tensor)], _ want: [(String, Tensor)], _ label: String,
                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.map(\.0), want.map(\.0), label, file: file, line: line)
        for ((name, a), (_, b)) in zip(got, want) {
            XCTAssertEqual(a.dtype, b.dtype, "\(label) \(name) dtype", file: file, line: line)
            if b.dtype == .float32 { assertClose(a, b, atol: 0, rtol: 0, "\(label) \(name)", file: file, line: line) }
            else {
                XCTAssertEqual(a.shape, b.shape, "\(label) \(name)", file: file, line: line)
                XCTAssertEqual(a.int64Values(), b.int64Values(), "\(label) \(name)", file: file, line: line)
            }
        }
    }

    func testReadsEveryNpyFixture() throws {
        for name in ["f4", "f8", "i4", "i8", "i2", "u1", "b1", "f2", "f4_big_endian", "i8_big_endian",
                     "scalar", "empty", "v2", "v3", "written_i8", "written_b1"] {
            let t = try Npy.read(fixturePath(name + ".npy"))
            assertSame([("", t)], try expected(name + ".npy"), name)
        }
    }

    func testReadsNpzStoredAndDeflated() throws {
        assertSame(try Npz.read(fixturePath("stored.npz")), try expected("stored.npz"), "stored")
        assertSame(try Npz.read(fixturePath("compressed.npz")), try expected("compressed.npz"), "compressed")
    }

    func testReadsSafetensorsInDataOrderWithMetadata() throws {
        let path = fixturePath("mixed.safetensors")
        assertSame(try Safetensors.read(path), try expected("mixed.safetensors"), "mixed")
        let json = try Fixture.load("io.json", in: Self.fixtures)
        let want = try XCTUnwrap(json["mixed.safetensors.metadata"] as? [String: String])
        let got = try Safetensors.metadata(path)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: got), want)
    }

    func testNpyRoundTrip() throws {
        for shape in [[2, 3], [5], [], [0, 4], [2, 1, 3]] {
            let n = shape.reduce(1, *)
            let t = try Tensor(shape: shape, data: (0..<n).map { Float($0) * 0.37 - 1 })
            let path = scratch + "/t.npy"
            try Npy.write(t, to: path)
            let back = try Npy.read(path)
            assertClose(back, t, atol: 0, rtol: 0, "\(shape)")
            // numpy aligns the data to 64 bytes; so does the writer.
            XCTAssertEqual((Npy.encode(t).count - n * 4) % 64, 0)
        }
        // A strided view is written in its logical order.
        let base = try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        let view = Tensor(storage: base.storage, shape: [3, 2], strides: [1, 3], offset: 0)
        try Npy.write(view, to: scratch + "/v.npy")
        XCTAssertEqual(try Npy.read(scratch + "/v.npy").toArray(), [1, 4, 2, 5, 3, 6])
    }

    /// int64 and bool are written as numpy writes them (`<i8`, `|b1`), byte for byte, and
    /// safetensors as I64 and BOOL; both read back with their dtypes.
    func testInt64AndBoolAreWrittenInTheirOwnDtypes() throws {
        for name in ["written_i8", "written_b1"] {
            let numpyBytes = try XCTUnwrap(FileManager.default.contents(atPath: fixturePath(name + ".npy")))
            let t = try Npy.read(fixturePath(name + ".npy"))
            XCTAssertEqual(Npy.encode(t), [UInt8](numpyBytes), name)
        }
        let named: [(String, Tensor)] = [
            ("ids", try Tensor.int64(shape: [2, 2], data: [1, -(1 << 53) - 1, 1 << 62, 0])),
            ("mask", try Tensor.bools(shape: [3], data: [true, false, true])),
            ("x", Tensor.scalar(0.5)),
        ]
        let path = scratch + "/typed.safetensors"
        try Safetensors.write(named, to: path)
        assertSame(try Safetensors.read(path), named, "typed round trip")
        let header = String(decoding: try XCTUnwrap(FileManager.default.contents(atPath: path)).dropFirst(8).prefix(200), as: UTF8.self)
        XCTAssertTrue(header.contains("\"ids\":{\"dtype\":\"I64\",\"shape\":[2,2],\"data_offsets\":[0,32]}"), header)
        XCTAssertTrue(header.contains("\"mask\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[32,35]}"), header)
    }

    func testSafetensorsRoundTripKeepsOrderAndMetadata() throws {
        let named: [(String, Tensor)] = [
            ("z.weight", try Tensor(shape: [2, 2], data: [1, -2, 3.5, 4])),
            ("a.bias", try Tensor(shape: [3], data: [0.25, 0, -1e-8])),
            ("empty", try Tensor(shape: [0, 5], data: [])),
            ("scalar", Tensor.scalar(7)),
        ]
        let path = scratch + "/m.safetensors"
        try Safetensors.write(named, metadata: [("format", "pt"), ("quote\"s", "line\nbreak")], to: path)
        assertSame(try Safetensors.read(path), named, "round trip")
        XCTAssertEqual(try Safetensors.metadata(path).map(\.1), ["pt", "line\nbreak"])
        try Safetensors.write(named, to: path)
        XCTAssertTrue(try Safetensors.metadata(path).isEmpty)
        XCTAssertThrowsError(try Safetensors.write([("a", Tensor.scalar(1)), ("a", Tensor.scalar(2))], to: path))
    }

    func testAtomicWriteReplacesAndCleansUp() throws {
        let path = scratch + "/data.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        XCTAssertEqual(try Array(Data(contentsOf: URL(fileURLWithPath: path))), [1, 2, 3])
        // Replacing keeps the old file's permissions.
        chmod(path, 0o640)
        try AtomicFile.write([9], to: path)
        XCTAssertEqual(try Array(Data(contentsOf: URL(fileURLWithPath: path))), [9])
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o640)
        // A failing replacement (the target is a directory) keeps everything and leaves no temp file.
        let directory = scratch + "/dir"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFile.write([5], to: directory)) { error in
            XCTAssertTrue("\(error)".contains("is a directory"), "\(error)")
        }
        XCTAssertThrowsError(try AtomicFile.write([5], to: scratch + "/missing/x.bin")) { error in
            XCTAssertTrue("\(error)".contains("no such file or directory"), "\(error)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch).sorted()
        XCTAssertEqual(leftovers, ["data.bin", "dir"])
        XCTAssertEqual(try Array(Data(contentsOf: URL(fileURLWithPath: path))), [9])
    }
}
