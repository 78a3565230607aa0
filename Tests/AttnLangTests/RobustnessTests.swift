import AttnLang
import Foundation
import XCTest

/// Feeds mutated copies of the golden programs (deleted, duplicated and inserted fragments) to
/// the language: whatever the input, it must end in outcomes with located diagnostics, never a
/// crash or a hang (a watchdog interrupts runaway loops, as Ctrl-C would).
final class RobustnessTests: XCTestCase {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
    }

    static let fragments = ["(", ")", "[", "]", "{", "}", ",", ":", "=", "+=", "fn", "for", "in", "\n", "\"",
                            "...", "-", "**", "1e308", "none", "x", "inf", "0", "-1", "return", "break", ";",
                            "[0] * 9e15", "f(", "x[", "not", "\\", "#", "'", "0 / 0", "1e-320", "@", "%"]

    func mutate(_ source: String, _ g: inout Generator) -> String {
        var chars = Array(source.unicodeScalars)
        for _ in 0..<(1 + g.next(3)) {
            let at = g.next(chars.count + 1)
            switch g.next(3) {
            case 0:
                let end = min(chars.count, at + 1 + g.next(6))
                if at < end { chars.removeSubrange(at..<end) }
            case 1:
                let end = min(chars.count, at + 1 + g.next(20))
                if at < end { chars.insert(contentsOf: chars[at..<end], at: at) }
            default:
                chars.insert(contentsOf: Array(Self.fragments[g.next(Self.fragments.count)].unicodeScalars), at: at)
            }
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars)
        return String(s)
    }

    func testMutatedProgramsNeverCrash() throws {
        let root = GoldenTests.goldenRoot
        let files = (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "attn" }.sorted { $0.path < $1.path }
        XCTAssertFalse(files.isEmpty)
        var g = Generator(state: 42)
        var runs = 0, failures = 0
        let (calls, elements) = (LanguageLimits.maxCallDepth, LanguageLimits.maxElements)
        defer { (LanguageLimits.maxCallDepth, LanguageLimits.maxElements) = (calls, elements) }
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            for _ in 0..<12 {
                let program = mutate(source, &g)
                let session = Session()
                let watchdog = DispatchWorkItem { Session.interruptRequested = true }
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.5, execute: watchdog)
                let ok = session.run(source: program, file: "mutant.attn") { outcome in
                    guard let e = outcome.error else { return }
                    XCTAssertFalse(e.message.isEmpty)
                    XCTAssertGreaterThanOrEqual(e.line, 1, e.message)
                    XCTAssertGreaterThanOrEqual(e.column, 1, e.message)
                    XCTAssertGreaterThanOrEqual(e.length, 1, e.message)
                }
                watchdog.cancel()
                Session.interruptRequested = false
                runs += 1
                if !ok.succeeded { failures += 1 }
                (LanguageLimits.maxCallDepth, LanguageLimits.maxElements) = (calls, elements)
            }
        }
        // Most mutants are broken; a test that never saw an error would not be testing much.
        XCTAssertGreaterThan(failures, runs / 4)
    }
}

/// Programs whose syntax trees are very deep (long operator chains, long postfix chains) parse,
/// run and are released without exhausting the stack, also when the caller is a test thread.
final class DeepProgramTests: XCTestCase {
    func outcomes(_ source: String) -> [String] { shown(Session(), source, file: "deep.attn") }

    func testLongOperatorChain() {
        let source = "x = " + String(repeating: "1 + ", count: 200_000) + "1\nx"
        XCTAssertEqual(outcomes(source), ["200001"])
    }

    func testLongPostfixChain() {
        let source = "d = {}\nd.a = d\nd" + String(repeating: ".a", count: 100_000) + ".b"
        XCTAssertEqual(outcomes(source), ["error: dict has no key 'b'"])
    }

    func testParseErrorsOfADeepProgram() {
        let source = "x = " + String(repeating: "1 + ", count: 200_000) + "1)"
        XCTAssertEqual(Session().run(source: source, file: "deep.attn") { _ in }.diagnostics.map(\.message),
                       ["expected end of statement (a newline or ';'), got ')'"])
    }
}
