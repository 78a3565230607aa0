import Foundation
import XCTest
import TensorRuntime

/// Every malformed input ends in one thrown line naming the file and the problem; nothing traps
/// and nothing is allocated from a header's unchecked claims.
final class IOMalformedTests: XCTestCase {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "attn-bad-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    func fixtureBytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("io/" + name)))
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = scratch + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Asserts `body` throws a one-line error that names `path` and contains `fragment`.
    func assertFails(_ path: String, _ fragment: String, _ body: (String) throws -> Any,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(path), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(path), "error does not name the file: \(text)", file: file, line: line)
            XCTAssertTrue(text.contains(fragment), "expected '\(fragment)' in: \(text)", file: file, line: line)
            XCTAssertFalse(text.contains("\n"), "error spans lines: \(text)", file: file, line: line)
            if ProcessInfo.processInfo.environment["SHOW_ERRORS"] != nil { print("MSG", text) }
        }
    }

    /// A v1.0 .npy file with the given header text and data bytes.
    func npy(_ header: String, data: [UInt8] = []) -> [UInt8] {
        let h = Array(header.utf8)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h + data
    }

    func testMissingDirectoryAndUnreadablePaths() throws {
        let readers: [(String) throws -> Any] = [{ try Npy.read($0) }, { try Npz.read($0) }, { try Safetensors.read($0) }]
        for read in readers {
            assertFails(scratch + "/nope.npy", "no such file", read)
            assertFails(scratch, "is a directory", read)
        }
        let locked = try file("locked.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0]))
        chmod(locked, 0)
        if getuid() == 0 { throw XCTSkip("running as root: permissions are not enforced") }
        assertFails(locked, "permission denied") { try Npy.read($0) }
    }

    func testMalformedNpy() throws {
        let good = try fixtureBytes("f4.npy")
        let read: (String) throws -> Any = { try Npy.read($0) }
        assertFails(try file("empty.npy", []), "not a .npy file", read)
        assertFails(try file("magic.npy", [0x50, 0x4B] + good.dropFirst(2)), "wrong magic", read)
        assertFails(try file("short.npy", Array(good.prefix(good.count - 3))), "truncated", read)
        assertFails(try file("header.npy", Array(good.prefix(40))), "truncated", read)
        var lying = good
        lying[8] = 0xFF; lying[9] = 0xFF
        assertFails(try file("lying.npy", lying), "truncated", read)
        var version = good
        version[6] = 9
        assertFails(try file("version.npy", version), "unsupported .npy format version 9", read)
        assertFails(try file("fortran.npy", try fixtureBytes("fortran.npy")), "Fortran", read)
        assertFails(try file("complex.npy", npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8))),
                    "unsupported dtype \"<c8\"", read)
        assertFails(try file("object.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }")), "unsupported dtype", read)
        assertFails(try file("huge.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }")),
                    "truncated: shape [100000, 100000, 100000]", read)
        assertFails(try file("overflow.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 3), }")),
                    "too large", read)
        assertFails(try file("syntax.npy", npy("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }")), "malformed header", read)
        assertFails(try file("noshape.npy", npy("{'descr': '<f4', 'fortran_order': False, }")), "no 'shape'", read)
    }

    func testAllocationLimitIsRespected() throws {
        let saved = Limits.maxTensorBytes
        defer { Limits.maxTensorBytes = saved }
        Limits.maxTensorBytes = 16
        let path = try file("big.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (8,), }", data: [UInt8](repeating: 0, count: 32)))
        XCTAssertThrowsError(try Npy.read(path)) { XCTAssertTrue("\($0)".contains("over the limit"), "\($0)") }
    }

    func testMalformedNpz() throws {
        let stored = try fixtureBytes("stored.npz")
        let compressed = try fixtureBytes("compressed.npz")
        let read: (String) throws -> Any = { try Npz.read($0) }
        assertFails(try file("text.npz", Array("hello, not a zip".utf8)), "not a zip archive", read)
        assertFails(try file("cut.npz", Array(stored.prefix(stored.count / 2))), "truncated zip archive", read)
        // Corrupt one byte of deflate data / of stored data: zlib or the CRC check catches it.
        var flipped = compressed
        flipped[200] ^= 0xFF
        assertFails(try file("flipped.npz", flipped), "member", read)
        var crc = stored
        crc[150] ^= 0x01
        assertFails(try file("crc.npz", crc), "CRC", read)
        // Lie about a member's compressed size in the central directory.
        var lying = stored
        let directory = try XCTUnwrap(findSignature([0x50, 0x4B, 0x01, 0x02], in: lying))
        lying[directory + 20] = 0xFF; lying[directory + 21] = 0xFF; lying[directory + 22] = 0xFF; lying[directory + 23] = 0x7F
        lying[directory + 24] = 0xFF; lying[directory + 25] = 0xFF; lying[directory + 26] = 0xFF; lying[directory + 27] = 0x7F
        assertFails(try file("lying.npz", lying), "truncated: member", read)
        // A member that is not a .npy array (with its CRC fixed so only the content is wrong).
        var notNpy = stored
        let localSize = try XCTUnwrap(notNpy.count > 30 ? Int(notNpy[26]) | Int(notNpy[27]) << 8 : nil)
        let extraSize = Int(notNpy[28]) | Int(notNpy[29]) << 8
        let start = 30 + localSize + extraSize
        let memberSize = Int(notNpy[directory + 24]) | Int(notNpy[directory + 25]) << 8
        notNpy[start] = 0x00
        let crcValue = crc32(Array(notNpy[start..<(start + memberSize)]))
        for k in 0..<4 { notNpy[directory + 16 + k] = UInt8(truncatingIfNeeded: crcValue >> (8 * UInt32(k))) }
        assertFails(try file("member.npz", notNpy), "enc.weight.npy\": not a .npy file", read)
    }

    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    func testMalformedSafetensors() throws {
        let good = try fixtureBytes("mixed.safetensors")
        let read: (String) throws -> Any = { try Safetensors.read($0) }
        func make(_ header: String, data: Int = 0) -> [UInt8] {
            let h = Array(header.utf8)
            return withUnsafeBytes(of: UInt64(h.count).littleEndian, Array.init) + h + [UInt8](repeating: 0, count: data)
        }
        assertFails(try file("empty.safetensors", []), "no header length", read)
        assertFails(try file("cut.safetensors", Array(good.prefix(good.count - 10))), "truncated", read)
        assertFails(try file("headercut.safetensors", Array(good.prefix(40))), "exceeds", read)
        var lying = good
        lying[7] = 0x7F
        assertFails(try file("lying.safetensors", lying), "exceeds", read)
        assertFails(try file("json.safetensors", make("{\"a\": {\"dtype\": \"F32\", ")), "malformed header JSON", read)
        assertFails(try file("array.safetensors", make("[1, 2]")), "not a JSON object", read)
        assertFails(try file("dtype.safetensors", make("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", data: 8)),
                    "unsupported dtype \"C64\"", read)
        assertFails(try file("size.safetensors", make("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data: 8)),
                    "does not fit", read)
        assertFails(try file("huge.safetensors", make("{\"a\":{\"dtype\":\"F32\",\"shape\":[100000,100000,100000],\"data_offsets\":[0,8]}}", data: 8)),
                    "does not fit", read)
        assertFails(try file("beyond.safetensors", make("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", data: 8)),
                    "truncated", read)
        assertFails(try file("overlap.safetensors", make("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", data: 12)),
                    "overlap", read)
        assertFails(try file("negative.safetensors", make("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}")),
                    "shape", read)
        assertFails(try file("deep.safetensors", make(String(repeating: "[", count: 10_000))), "nested too deeply", read)
    }

    func findSignature(_ signature: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= signature.count else { return nil }
        return (0...(bytes.count - signature.count)).first { bytes[$0..<($0 + signature.count)].elementsEqual(signature) }
    }
}
