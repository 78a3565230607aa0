import AttnLang
import AttnRender
import XCTest

final class NotebookRunTests: XCTestCase {
    func testFixtureOutputsLandUnderTheirCells() {
        let run = RenderSupport.fixtureRun()
        XCTAssertNil(run.failure)
        XCTAssertEqual(run.title, "Fixture <notebook> & friends")
        XCTAssertEqual(run.cells.map(\.kind), [.markdown, .code, .code, .markdown, .code])
        XCTAssertEqual(run.cells[1].title, "Setup")
        // `w.shape` and the print, in order; the recorded `#>` line is not part of the source.
        let texts = run.cells[1].outputs.compactMap { output -> String? in
            if case .item(.text(let t)) = output { return t }
            return nil
        }
        XCTAssertEqual(texts, ["(3, 4)", "a < b & \"quoted\""])
        XCTAssertFalse(run.cells[1].source.contains("#>"))
        XCTAssertTrue(run.cells[1].source.hasPrefix("seed(0)"))
        let kinds = run.cells[2].outputs.compactMap { output -> String? in
            if case .item(.figure(let f)) = output { return f.kind }
            return nil
        }
        XCTAssertEqual(kinds, ["heatmap", "heatmap"])
        XCTAssertEqual(run.cells[4].outputs.count, 1)
        XCTAssertEqual(run.figureCount, 3)
        XCTAssertTrue(run.cells.allSatisfy { $0.kind == .markdown || $0.executed })
    }

    func testRuntimeErrorStopsLaterCells() {
        let source = """
            # %%
            x = 1
            x
            # %%
            y = zeros(2, 3) @ zeros(2, 3)
            # %%
            x + 1
            """
        let run = NotebookRun.run(NotebookText(source), file: "bad.attn")
        XCTAssertEqual(run.cells.count, 3)
        guard let failure = run.failure else { return XCTFail("expected a failure") }
        XCTAssertEqual(failure.line, 5)
        guard case .error(let shown)? = run.cells[1].outputs.last else { return XCTFail("error not under cell 1") }
        XCTAssertEqual(shown.message, failure.message)
        XCTAssertEqual(run.cells.map(\.executed), [true, true, false])
        XCTAssertTrue(run.cells[2].outputs.isEmpty)
    }

    func testParseErrorRunsNothingAndIsShownUnderItsCell() {
        let source = """
            # %% [markdown]
            # Intro
            # %%
            a = 1
            # %%
            b = (2 +
            """
        let run = NotebookRun.run(NotebookText(source), file: "parse.attn")
        XCTAssertNotNil(run.failure)
        XCTAssertTrue(run.cells.allSatisfy { !$0.executed })
        XCTAssertTrue(run.cells[1].outputs.isEmpty)
        XCTAssertTrue(run.cells[2].outputs.contains { if case .error = $0 { return true }; return false })
    }

    func testLeadingCodeWithoutMarkerAndTitleFromFileName() {
        let run = NotebookRun.run(NotebookText("1 + 1\n# %%\n2 * 3\n"), file: "dir/plain_script.attn")
        XCTAssertEqual(run.title, "plain_script")
        XCTAssertEqual(run.cells.count, 2)
        guard case .item(.text(let t))? = run.cells[0].outputs.first else { return XCTFail("no output") }
        XCTAssertEqual(t, "2")
        guard case .item(.text(let u))? = run.cells[1].outputs.first else { return XCTFail("no output") }
        XCTAssertEqual(u, "6")
    }

    func testMissingFileIsARenderError() {
        XCTAssertThrowsError(try NotebookRenderer.run(file: "/nonexistent/x.attn")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/x.attn"))
        }
    }
}
