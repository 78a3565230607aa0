import Foundation
import XCTest

/// `attn render` end to end: the built `attn` beside the test bundle, its files and exit codes.
final class RenderCommandTests: XCTestCase {
    override class func tearDown() {
        RenderSupport.removeTemporaryFiles()
        super.tearDown()
    }

    static var attn: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        var dir = bundle.deletingLastPathComponent()
        // The test runner may be inside the .xctest bundle; the products sit beside the bundle.
        if dir.path.hasSuffix(".xctest") || dir.path.contains(".xctest/") {
            while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
        }
        return dir.appendingPathComponent("attn").path
    }

    func testSingleFileBothFormatsAndExitCodes() throws {
        let attn = Self.attn
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: attn), "no attn at \(attn)")
        let dir = try RenderSupport.temporaryDirectory("cli")
        let good = dir.appendingPathComponent("good.attn").path
        try RenderSupport.fixture.write(toFile: good, atomically: true, encoding: .utf8)

        let html = try RenderSupport.shell(attn, ["render", good, "-o", dir.appendingPathComponent("good.html").path])
        XCTAssertEqual(html.status, 0, html.err)
        let page = try String(contentsOfFile: dir.appendingPathComponent("good.html").path, encoding: .utf8)
        XCTAssertEqual(RenderSupport.count("<svg", in: page), 3)

        let ipynb = try RenderSupport.shell(attn, ["render", good, "-o", dir.appendingPathComponent("good.ipynb").path])
        XCTAssertEqual(ipynb.status, 0, ipynb.err)
        XCTAssertTrue(try String(contentsOfFile: dir.appendingPathComponent("good.ipynb").path, encoding: .utf8)
            .contains("\"nbformat\": 4"))

        // Without -o the page goes beside the notebook.
        XCTAssertEqual(try RenderSupport.shell(attn, ["render", good]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("good.html").path))

        let bad = dir.appendingPathComponent("bad.attn").path
        try "# %%\n1 + [1]\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try RenderSupport.shell(attn, ["render", bad, "-o", dir.appendingPathComponent("bad.html").path])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.err.contains("bad.attn:2:"), failed.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.html").path))

        XCTAssertEqual(try RenderSupport.shell(attn, ["render", good, "-o", dir.appendingPathComponent("x.pdf").path]).status, 2)
        XCTAssertEqual(try RenderSupport.shell(attn, ["render"]).status, 2)
        XCTAssertEqual(try RenderSupport.shell(attn, ["render", good, "--all", dir.path]).status, 2)
        XCTAssertEqual(try RenderSupport.shell(attn, ["render", dir.appendingPathComponent("missing.attn").path]).status, 2)
    }

    func testAllWritesASite() throws {
        let dir = try RenderSupport.temporaryDirectory("cli-all")
        let notebooks = dir.appendingPathComponent("nb")
        try FileManager.default.createDirectory(at: notebooks, withIntermediateDirectories: true)
        try RenderSupport.fixture.write(to: notebooks.appendingPathComponent("one.attn"), atomically: true, encoding: .utf8)
        try "# %%\nplot([1, 2])\n".write(to: notebooks.appendingPathComponent("two.attn"), atomically: true, encoding: .utf8)
        let site = dir.appendingPathComponent("site").path
        let result = try RenderSupport.shell(Self.attn, ["render", "--all", notebooks.path, "-o", site])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("(3 figures)"), result.out)
        XCTAssertTrue(result.out.contains("(1 figure)"), result.out)
        let names = try FileManager.default.contentsOfDirectory(atPath: site).sorted()
        XCTAssertEqual(names, ["index.html", "one.html", "one.ipynb", "two.html", "two.ipynb"])
    }
}
