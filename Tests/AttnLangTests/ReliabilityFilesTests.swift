import AttnLang
import Foundation
import XCTest

/// Bad files through `load(...)` in the language: each class of damage is one line naming the
/// file and the problem, and the session keeps working afterwards.
final class ReliabilityFilesTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "attn-reliability-files-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        addTeardownBlock { [directory] in try? FileManager.default.removeItem(atPath: directory!) }
    }

    /// A .npy file: magic, version 1.0, a little-endian header length, the header padded with
    /// spaces to a multiple of 64 bytes and ending in a newline, then `data`.
    private func npy(_ header: String, data: [UInt8], headerLength: Int? = nil) -> [UInt8] {
        var text = Array(header.utf8)
        while (10 + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        let length = headerLength ?? text.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + text + data
    }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `load(path)` in a fresh session and returns the error message (nil when it loaded).
    private func loadError(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let session = Session()
        var message: String?
        session.run(source: "x = load(\"\(path)\")", file: "<test>") { outcome in
            if let e = outcome.error { message = e.message }
        }
        // The session survives: a later statement runs normally.
        var after: [String] = []
        session.run(source: "1 + 1", file: "<test>") { after += $0.items.map(\.text) }
        XCTAssertEqual(after, ["2"], file: file, line: line)
        return message
    }

    /// The error is one line, names the file, and mentions every word in `problem`.
    private func assertBadFile(_ path: String, _ problem: [String], file: StaticString = #filePath, line: UInt = #line) {
        guard let message = loadError(path, file: file, line: line) else {
            return XCTFail("load(\(path)) succeeded", file: file, line: line)
        }
        XCTAssertFalse(message.contains("\n"), message, file: file, line: line)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        XCTAssertTrue(message.contains(name), "no file name in: \(message)", file: file, line: line)
        for word in problem {
            XCTAssertTrue(message.contains(word), "no '\(word)' in: \(message)", file: file, line: line)
        }
    }

    private let f4x3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"
    private let twelveBytes = [UInt8](repeating: 0, count: 12)

    func testAWellFormedFileLoads() throws {
        XCTAssertNil(loadError(try write("good.npy", npy(f4x3, data: twelveBytes))))
    }

    func testTruncatedData() throws {
        assertBadFile(try write("short.npy", npy(f4x3, data: [0, 0, 0, 0])), ["truncated"])
    }

    func testTruncatedInsideTheHeader() throws {
        let full = npy(f4x3, data: twelveBytes)
        assertBadFile(try write("cut.npy", Array(full.prefix(20))), ["truncated"])
        assertBadFile(try write("tiny.npy", [0x93, 0x4E]), ["not a .npy file"])
        assertBadFile(try write("empty.npy", []), ["not a .npy file"])
    }

    func testWrongMagic() throws {
        assertBadFile(try write("text.npy", Array("just some text, not an array\n".utf8)), ["wrong magic"])
        assertBadFile(try write("text.npz", Array("just some text, not an archive\n".utf8)), ["zip"])
        assertBadFile(try write("text.safetensors", Array("just some text".utf8)), [])
    }

    func testHeaderThatLiesAboutItsLength() throws {
        assertBadFile(try write("liar.npy", npy(f4x3, data: twelveBytes, headerLength: 60_000)), ["header claims"])
        // A safetensors header length far beyond the file (8 little-endian bytes, then JSON).
        let json = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".utf8)
        var bytes = withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init)
        bytes += json + [0, 0, 0, 0]
        assertBadFile(try write("liar.safetensors", bytes), [])
    }

    func testSafetensorsOffsetsOutsideTheFile() throws {
        let json = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000],\"data_offsets\":[0,4000000]}}".utf8)
        let bytes = withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + [0, 0, 0, 0]
        assertBadFile(try write("offsets.safetensors", bytes), [])
    }

    func testUnsupportedDtype() throws {
        let complex = "{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }"
        assertBadFile(try write("complex.npy", npy(complex, data: twelveBytes + twelveBytes)), ["unsupported dtype", "c8"])
        let object = "{'descr': '|O', 'fortran_order': False, 'shape': (3,), }"
        assertBadFile(try write("object.npy", npy(object, data: twelveBytes + twelveBytes)), ["unsupported dtype"])
    }

    func testFortranOrder() throws {
        let fortran = "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 1), }"
        assertBadFile(try write("fortran.npy", npy(fortran, data: twelveBytes)), ["Fortran"])
    }

    func testHugeShapeInATinyFile() throws {
        let huge = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }"
        assertBadFile(try write("huge.npy", npy(huge, data: twelveBytes)), [])
        let overflow = "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"
        assertBadFile(try write("overflow.npy", npy(overflow, data: twelveBytes)), [])
    }

    func testMalformedHeaderText() throws {
        assertBadFile(try write("garbled.npy", npy("{'descr': '<f4', 'shape': (3,", data: twelveBytes)), [])
        assertBadFile(try write("noshape.npy", npy("{'descr': '<f4', 'fortran_order': False, }", data: twelveBytes)), ["shape"])
    }

    func testMissingPathAndMissingParent() {
        assertBadFile(directory + "/nothing-here.npy", ["no such file"])
        assertBadFile(directory + "/no-dir/nothing-here.safetensors", ["no such file"])
    }

    func testDirectory() throws {
        let path = directory + "/a-folder.npy"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        assertBadFile(path, ["directory"])
    }

    /// Opening a FIFO for reading used to wait for a writer forever; now it is rejected at once.
    func testFifoAndDeviceAreRejectedWithoutBlocking() throws {
        let fifo = directory + "/pipe.npy"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let began = Date()
        assertBadFile(fifo, ["not a regular file"])
        XCTAssertLessThan(Date().timeIntervalSince(began), 5)
        try XCTSkipUnless(FileManager.default.fileExists(atPath: "/dev/null"))
        let device = directory + "/null.npy"
        try FileManager.default.createSymbolicLink(atPath: device, withDestinationPath: "/dev/null")
        assertBadFile(device, ["not a regular file"])
    }

    func testUnknownExtension() throws {
        guard let message = loadError(try write("weights.pt", twelveBytes)) else { return XCTFail("loaded a .pt file") }
        XCTAssertTrue(message.contains("weights.pt") && message.contains("format"), message)
    }

    /// root reads files whatever their mode, so this case can only be checked as another user.
    func testPermissionDenied() throws {
        let path = try write("secret.npy", npy(f4x3, data: twelveBytes))
        chmod(path, 0)
        defer { chmod(path, 0o600) }
        try XCTSkipIf(getuid() == 0, "running as root: chmod 000 does not deny root reading the file")
        assertBadFile(path, ["permission denied"])
    }
}
