import AttnLang
import AttnRender
import Foundation
import XCTest

/// Loads rendered pages in headless Chromium (Debian's `chromium`; `make test` installs it, and
/// this test installs it with apt-get when it runs as root and finds none). Each page must load
/// without a single console message (the pages run no script, so any message is an error or a
/// blocked load), show as many `<svg>` elements as the notebook displayed figures, and give a
/// screenshot.
final class BrowserTests: XCTestCase {
    override class func tearDown() {
        RenderSupport.removeTemporaryFiles()
        super.tearDown()
    }

    static let windowSize = (width: 1200, height: 1600)

    struct Load {
        var dom: String
        var consoleLines: [String]
        var screenshot: Data
    }

    static func chromium() throws -> String {
        if let path = RenderSupport.which("chromium") { return path }
        if getuid() == 0, let aptGet = RenderSupport.which("apt-get") {
            print("note: installing chromium with apt-get for the render tests")
            _ = try? RenderSupport.shell(aptGet, ["update", "-qq"], timeout: 600)
            _ = try? RenderSupport.shell("/usr/bin/env", ["DEBIAN_FRONTEND=noninteractive", aptGet, "install",
                                                        "-y", "-qq", "chromium"], timeout: 900)
        }
        guard let path = RenderSupport.which("chromium") else {
            throw RenderError("chromium is not installed (run `make test`, or apt-get install chromium)")
        }
        return path
    }

    static func load(_ html: String, name: String) throws -> Load {
        let dir = try RenderSupport.temporaryDirectory("browser")
        let page = dir.appendingPathComponent(name + ".html")
        let shot = dir.appendingPathComponent(name + ".png")
        try html.write(to: page, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: shot)
        let result = try RenderSupport.shell(try chromium(), [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--enable-logging=stderr", "--v=0",
            "--user-data-dir=" + dir.appendingPathComponent("profile").path,
            "--window-size=\(windowSize.width),\(windowSize.height)",
            "--screenshot=" + shot.path, "--dump-dom", page.absoluteString,
        ])
        XCTAssertEqual(result.status, 0, "\(name): chromium failed: \(result.err)")
        let console = result.err.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
        let screenshot = (try? Data(contentsOf: shot)) ?? Data()
        return Load(dom: result.out, consoleLines: console, screenshot: screenshot)
    }

    func check(_ run: NotebookRun, name: String) throws {
        let load = try Self.load(HTMLPage.html(run), name: name)
        XCTAssertEqual(load.consoleLines, [], "\(name): console messages")
        XCTAssertTrue(load.dom.contains("<main class=\"notebook\">"), "\(name): page did not load")
        XCTAssertEqual(RenderSupport.count("<svg", in: load.dom), run.figureCount, "\(name): SVG plots in the DOM")
        try Self.checkPNG(load.screenshot, name: name)
    }

    /// A PNG of the window's size (width and height from the IHDR chunk).
    static func checkPNG(_ data: Data, name: String) throws {
        let bytes = [UInt8](data)
        XCTAssertGreaterThan(bytes.count, 5000, "\(name): screenshot missing or blank")
        guard bytes.count > 24 else { return }
        XCTAssertEqual(Array(bytes[0..<8]), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name)
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(width, windowSize.width, name)
        XCTAssertEqual(height, windowSize.height, name)
    }

    func testFixturePageInChromium() throws {
        try check(RenderSupport.fixtureRun(), name: "fixture")
    }

    func testEveryNotebookInChromium() throws {
        XCTAssertGreaterThanOrEqual(RenderSupport.notebookNames.count, 7)
        for name in RenderSupport.notebookNames {
            try check(try RenderSupport.run(notebook: name), name: String(name.dropLast(5)))
        }
    }

    func testIndexPageInChromium() throws {
        let dir = try RenderSupport.temporaryDirectory("browser-index")
        try RenderSupport.fixture.write(to: dir.appendingPathComponent("fixture.attn"), atomically: true, encoding: .utf8)
        let site = dir.appendingPathComponent("site").path
        try NotebookRenderer.renderAll(directory: dir.path, to: site)
        let load = try Self.load(try String(contentsOfFile: site + "/index.html", encoding: .utf8), name: "index")
        XCTAssertEqual(load.consoleLines, [])
        XCTAssertTrue(load.dom.contains("href=\"fixture.html\""))
        try Self.checkPNG(load.screenshot, name: "index")
    }

    /// The detector itself: a page that tries to load an outside image is caught, so an empty
    /// list of console lines above means something.
    func testConsoleMessagesAreDetected() throws {
        let run = NotebookRun.run(NotebookText("# %% [markdown]\n# ![x](https://example.invalid/x.png)\n"), file: "img.attn")
        let load = try Self.load(HTMLPage.html(run), name: "blocked-image")
        XCTAssertTrue(load.consoleLines.contains { $0.contains("Content Security Policy") }, "\(load.consoleLines)")
    }
}
