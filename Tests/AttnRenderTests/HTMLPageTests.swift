import AttnLang
import AttnRender
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Reads a page as XML: the renderer writes XHTML-compatible pages so that a strict parser
/// checks that every tag is closed and nested, every attribute quoted, every `&` escaped.
final class XMLSummary: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var ids: [String] = []
    var references: [String] = []
    var error: String?

    static func parse(_ text: String) -> XMLSummary {
        let summary = XMLSummary()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = summary
        if !parser.parse(), summary.error == nil {
            summary.error = parser.parserError.map { "\($0)" } ?? "unknown XML error"
        }
        return summary
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if let id = attributes["id"] { ids.append(id) }
        for (_, value) in attributes {
            var rest = Substring(value)
            while let r = rest.range(of: "url(#") {
                let after = rest[r.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                references.append(String(after[..<close]))
                rest = after[close...]
            }
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        error = "line \(parser.lineNumber), column \(parser.columnNumber): \(parseError)"
    }
}

final class HTMLPageTests: XCTestCase {
    override class func tearDown() {
        RenderSupport.removeTemporaryFiles()
        super.tearDown()
    }

    func check(_ run: NotebookRun, name: String) {
        let html = HTMLPage.html(run)
        XCTAssertLessThan(html.utf8.count, HTMLPage.sizeLimit, "\(name) is too large")
        let xml = XMLSummary.parse(html)
        XCTAssertNil(xml.error, "\(name) is not well formed: \(xml.error ?? "")")
        XCTAssertEqual(xml.elements["svg", default: 0], run.figureCount, name)
        XCTAssertEqual(xml.elements["script", default: 0], 0, name)
        XCTAssertEqual(Set(xml.ids).count, xml.ids.count, "\(name) repeats an id")
        for reference in xml.references {
            XCTAssertTrue(xml.ids.contains(reference), "\(name): url(#\(reference)) points nowhere")
        }
        // Self-contained: nothing is loaded from elsewhere.
        XCTAssertFalse(html.contains("src=\"http"), name)
        XCTAssertFalse(html.contains("<link"), name)
        XCTAssertEqual(xml.elements["section", default: 0], run.cells.count, name)
    }

    func testFixturePage() {
        let run = RenderSupport.fixtureRun()
        check(run, name: "fixture")
        let html = HTMLPage.html(run)
        XCTAssertTrue(html.contains("<title>Fixture &lt;notebook&gt; &amp; friends</title>"))
        XCTAssertTrue(html.contains("<pre class=\"output text\">a &lt; b &amp; &quot;quoted&quot;</pre>"))
        XCTAssertTrue(html.contains("<div class=\"cell-title\">Setup</div>"))
        XCTAssertTrue(html.contains("<figure class=\"output figure heatmap\">"))
        XCTAssertTrue(html.contains("<figure class=\"output figure plot\">"))
        XCTAssertTrue(html.contains("<pre><code>a_ij = exp(e_ij) / Σ_k exp(e_ik)\n</code></pre>"))
        // Hover values and rotated long tokens come through from the figures.
        XCTAssertTrue(html.contains("<title>x → a: "))
        XCTAssertTrue(html.contains("rotate(-45"))
        XCTAssertFalse(html.contains("#&gt;"), "recorded outputs must not be shown as code")
        // Deterministic: the same run gives the same bytes.
        XCTAssertEqual(html, HTMLPage.html(run))
    }

    func testTwoHeatmapsGetDistinctGradientIds() {
        let xml = XMLSummary.parse(HTMLPage.html(RenderSupport.fixtureRun()))
        let gradients = xml.ids.filter { $0.hasPrefix("attn-scale") }
        XCTAssertEqual(gradients.count, 2)
        XCTAssertEqual(Set(xml.references), Set(gradients))
    }

    func testFailedNotebookShowsTheErrorAndUnrunCells() {
        let run = NotebookRun.run(NotebookText("# %%\nx = undefined_name + 1\n# %%\n2\n"), file: "bad.attn")
        let html = HTMLPage.html(run)
        check(run, name: "bad")
        XCTAssertTrue(html.contains("<pre class=\"output error\">error: "), html)
        XCTAssertTrue(html.contains("bad.attn:2:"), html)
        XCTAssertTrue(html.contains("not run"), html)
        XCTAssertTrue(html.contains("stopped at an error"), html)
    }

    func testEveryNotebookPage() throws {
        let names = RenderSupport.notebookNames
        XCTAssertGreaterThanOrEqual(names.count, 7)
        for name in names {
            let run = try RenderSupport.run(notebook: name)
            XCTAssertNil(run.failure, "\(name): \(run.failure?.description ?? "")")
            check(run, name: name)
        }
    }

    func testIndexLinksEveryNotebook() throws {
        let dir = try RenderSupport.temporaryDirectory("site-index")
        let notebooks = try RenderSupport.temporaryDirectory("site-notebooks")
        try RenderSupport.fixture.write(to: notebooks.appendingPathComponent("b_fixture.attn"), atomically: true, encoding: .utf8)
        try "# %% [markdown]\n# # First\n# %%\n1 + 2\n".write(to: notebooks.appendingPathComponent("a_first.attn"),
                                                          atomically: true, encoding: .utf8)
        try "not a notebook".write(to: notebooks.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let site = dir.appendingPathComponent("out/site").path
        let entries = try NotebookRenderer.renderAll(directory: notebooks.path, to: site)
        XCTAssertEqual(entries.map { ($0.page as NSString).lastPathComponent }, ["a_first.html", "b_fixture.html"])
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        XCTAssertNil(XMLSummary.parse(index).error)
        XCTAssertTrue(index.contains("<a class=\"name\" href=\"a_first.html\">First</a>"), index)
        XCTAssertTrue(index.contains("href=\"b_fixture.html\">Fixture &lt;notebook&gt; &amp; friends</a>"), index)
        XCTAssertTrue(index.contains("href=\"b_fixture.ipynb\""), index)
        XCTAssertTrue(index.contains("3 figures"), index)
        for file in ["a_first.html", "a_first.ipynb", "b_fixture.html", "b_fixture.ipynb"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: site + "/" + file), file)
        }
        XCTAssertThrowsError(try NotebookRenderer.renderAll(directory: dir.path, to: site)) // no .attn files
    }

    func testRenderPicksTheFormatFromTheExtension() throws {
        let dir = try RenderSupport.temporaryDirectory("formats")
        let source = dir.appendingPathComponent("n.attn")
        try "# %%\nplot([3, 2, 1])\n".write(to: source, atomically: true, encoding: .utf8)
        try NotebookRenderer.render(file: source.path, to: dir.appendingPathComponent("n.html").path)
        try NotebookRenderer.render(file: source.path, to: dir.appendingPathComponent("n.ipynb").path)
        let html = try String(contentsOf: dir.appendingPathComponent("n.html"), encoding: .utf8)
        let json = try String(contentsOf: dir.appendingPathComponent("n.ipynb"), encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(json.hasPrefix("{"))
        XCTAssertThrowsError(try NotebookRenderer.render(file: source.path, to: dir.appendingPathComponent("n.pdf").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("n.pdf").path))
        XCTAssertThrowsError(try NotebookRenderer.render(file: source.path, to: "/nonexistent-dir/n.html"))
    }
}
