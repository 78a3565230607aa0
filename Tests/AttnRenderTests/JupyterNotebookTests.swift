import AttnLang
import AttnRender
import Foundation
import XCTest

final class JupyterNotebookTests: XCTestCase {
    override class func tearDown() {
        RenderSupport.removeTemporaryFiles()
        super.tearDown()
    }

    /// The parts of the nbformat 4.5 schema a viewer relies on, checked in Swift so that the
    /// test never passes without checking (nbformat itself runs too when installed).
    func checkStructure(_ json: String, _ run: NotebookRun, name: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let notebook = try XCTUnwrap(object as? [String: Any], name)
        XCTAssertEqual(notebook["nbformat"] as? Int, 4, name)
        XCTAssertEqual(notebook["nbformat_minor"] as? Int, 5, name)
        XCTAssertNotNil(notebook["metadata"] as? [String: Any], name)
        let cells = try XCTUnwrap(notebook["cells"] as? [[String: Any]], name)
        XCTAssertEqual(cells.count, run.cells.count, name)
        var ids = Set<String>()
        var svgs = 0
        for (cell, expected) in zip(cells, run.cells) {
            let id = try XCTUnwrap(cell["id"] as? String, name)
            XCTAssertTrue(ids.insert(id).inserted, "\(name): duplicate id \(id)")
            XCTAssertTrue(id.range(of: "^[a-zA-Z0-9-_]{1,64}$", options: .regularExpression) != nil, id)
            XCTAssertNotNil(cell["metadata"] as? [String: Any], name)
            let source = try XCTUnwrap(cell["source"] as? [String], name)
            XCTAssertEqual(source.joined(), expected.source, name)
            switch cell["cell_type"] as? String {
            case "markdown":
                XCTAssertEqual(expected.kind, .markdown, name)
                XCTAssertNil(cell["outputs"], name)
            case "code":
                XCTAssertEqual(expected.kind, .code, name)
                XCTAssertTrue(cell["execution_count"] is Int || cell["execution_count"] is NSNull, name)
                let outputs = try XCTUnwrap(cell["outputs"] as? [[String: Any]], name)
                for output in outputs {
                    switch output["output_type"] as? String {
                    case "stream":
                        XCTAssertEqual(output["name"] as? String, "stdout")
                        XCTAssertNotNil(output["text"] as? [String])
                    case "display_data":
                        let data = try XCTUnwrap(output["data"] as? [String: Any])
                        let svg = try XCTUnwrap(data["image/svg+xml"] as? [String])
                        XCTAssertTrue(svg.first?.hasPrefix("<svg") ?? false)
                        XCTAssertNotNil(data["text/plain"] as? [String])
                        XCTAssertNotNil(output["metadata"] as? [String: Any])
                        svgs += 1
                    case "error":
                        XCTAssertNotNil(output["ename"] as? String)
                        XCTAssertNotNil(output["evalue"] as? String)
                        XCTAssertNotNil(output["traceback"] as? [String])
                    default:
                        XCTFail("\(name): unexpected output \(output)")
                    }
                }
            default:
                XCTFail("\(name): unexpected cell type \(String(describing: cell["cell_type"]))")
            }
        }
        XCTAssertEqual(svgs, run.figureCount, name)
    }

    func testFixtureNotebookStructure() throws {
        let run = RenderSupport.fixtureRun()
        let json = JupyterNotebook.json(run)
        try checkStructure(json, run, name: "fixture")
        let notebook = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let cells = notebook?["cells"] as? [[String: Any]] ?? []
        let setup = cells.count > 1 ? cells[1] : [:]
        XCTAssertEqual(setup["execution_count"] as? Int, 1)
        XCTAssertEqual((setup["metadata"] as? [String: Any])?["title"] as? String, "Setup")
        let outputs = setup["outputs"] as? [[String: Any]] ?? []
        XCTAssertEqual(outputs.count, 1, "consecutive text outputs are one stream")
        XCTAssertEqual((outputs.first?["text"] as? [String])?.joined(), "(3, 4)\na < b & \"quoted\"\n")
    }

    func testErrorOutput() throws {
        let run = NotebookRun.run(NotebookText("# %%\n1\nzeros(2) @ zeros(3)\n# %%\n2\n"), file: "e.attn")
        let json = JupyterNotebook.json(run)
        try checkStructure(json, run, name: "error")
        let notebook = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let cells = notebook?["cells"] as? [[String: Any]] ?? []
        XCTAssertEqual(cells.count, 2)
        let outputs = cells.first?["outputs"] as? [[String: Any]] ?? []
        XCTAssertEqual(outputs.map { $0["output_type"] as? String }, ["stream", "error"])
        XCTAssertTrue(cells.last?["execution_count"] is NSNull)
    }

    func testEveryNotebookAndNbformatValidation() throws {
        let dir = try RenderSupport.temporaryDirectory("ipynb")
        var paths: [String] = []
        XCTAssertGreaterThanOrEqual(RenderSupport.notebookNames.count, 7)
        for name in RenderSupport.notebookNames {
            let run = try RenderSupport.run(notebook: name)
            let json = JupyterNotebook.json(run)
            try checkStructure(json, run, name: name)
            let path = dir.appendingPathComponent(name + ".ipynb").path
            try json.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let fixture = dir.appendingPathComponent("fixture.ipynb").path
        try JupyterNotebook.json(RenderSupport.fixtureRun()).write(toFile: fixture, atomically: true, encoding: .utf8)
        paths.append(fixture)
        try Self.validateWithNbformat(paths)
    }

    /// Validates against the official schema when python3 has nbformat (`make test` installs
    /// it); the Swift checks above run either way.
    static func validateWithNbformat(_ paths: [String]) throws {
        guard let python = RenderSupport.which("python3"),
              (try? RenderSupport.shell(python, ["-c", "import nbformat"]).status) == 0 else {
            print("note: nbformat not importable; schema validation skipped (pip install nbformat)")
            return
        }
        let script = """
            import sys, nbformat
            for path in sys.argv[1:]:
                nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
                nbformat.validate(nb)
            print("validated", len(sys.argv) - 1)
            """
        let result = try RenderSupport.shell(python, ["-c", script] + paths)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.out.trimmingCharacters(in: .whitespacesAndNewlines), "validated \(paths.count)")
    }
}
