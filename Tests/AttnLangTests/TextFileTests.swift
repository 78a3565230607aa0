import AttnLang
import Foundation
import XCTest

/// Text files whose bytes a golden program cannot write: invalid UTF-8 in the middle of a file
/// must be reported with its byte offset, and a file with a BOM-less CRLF body reads as Python.
final class TextFileTests: XCTestCase {
    func run(_ source: String) -> [String] { shown(Session(), source, file: "<test>") }

    func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "attn_text_\(UUID().uuidString).txt"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testInvalidUTF8NamesTheByteOffset() throws {
        // "abc" then a lone lead byte 0xC3 followed by "(" (not a continuation byte).
        let path = try temporaryFile(Array("abc".utf8) + [0xC3, 0x28] + Array("def".utf8))
        XCTAssertEqual(run("read_text(\"\(path)\")"),
                       ["error: read_text: \"\(path)\" is not valid UTF-8 (byte 3 is 0xc3)"])
        // A truncated 3-byte sequence at the very end.
        let truncated = try temporaryFile(Array("é ok ".utf8) + [0xE2, 0x82])
        XCTAssertEqual(run("read_lines(\"\(truncated)\")"),
                       ["error: read_lines: \"\(truncated)\" is not valid UTF-8 (byte 6 is 0xe2)"])
        // Overlong encodings and surrogates are not UTF-8 either.
        XCTAssertEqual(run("read_text(\"\(try temporaryFile([0x41, 0xC0, 0xAF]))\")").first?.hasSuffix("(byte 1 is 0xc0)"), true)
        XCTAssertEqual(run("read_text(\"\(try temporaryFile([0xED, 0xA0, 0x80]))\")").first?.hasSuffix("(byte 0 is 0xed)"), true)
    }

    func testValidUTF8RoundTrips() throws {
        let text = "Ça va ? Très bien.\r\nJ'ai froid.\n€ 𝄞"
        let path = try temporaryFile(Array(text.utf8))
        XCTAssertEqual(run("len(read_text(\"\(path)\"))"), ["\(text.unicodeScalars.count)"])
        XCTAssertEqual(run("read_lines(\"\(path)\")"), ["[\"Ça va ? Très bien.\", \"J'ai froid.\", \"€ 𝄞\"]"])
    }

    func testSizeIsBoundedByTheElementLimit() throws {
        let path = try temporaryFile(Array(String(repeating: "x", count: 50).utf8))
        let elements = LanguageLimits.maxElements
        defer { LanguageLimits.maxElements = elements }
        LanguageLimits.maxElements = 10
        let refused = run("read_text(\"\(path)\")").joined()
        XCTAssertTrue(refused.hasPrefix("error: read_text: \"\(path)\" is 50 bytes, over the limit of 40 bytes"), refused)
        XCTAssertTrue(refused.contains("set_limit(\"elements\""), refused)
        // A limit so large that four bytes per character overflows reads the file, not a trap.
        LanguageLimits.maxElements = Int.max
        XCTAssertEqual(run("len(read_text(\"\(path)\"))"), ["50"])
    }
}
