import AttnLang
import XCTest

/// The notebook file model on its own: byte fidelity, placement of recorded blocks, comparison.
final class NotebookTextTests: XCTestCase {
    private func outcome(_ first: Int, _ last: Int, _ texts: [String], error: String? = nil) -> StatementOutcome {
        StatementOutcome(firstLine: first, lastLine: last, items: texts.map { .text($0) },
                         error: error.map { Diagnostic(message: $0, file: "f", line: first, column: 1, length: 1, sourceLine: "") })
    }

    private func text(_ notebook: NotebookText) -> String { String(decoding: notebook.bytes, as: UTF8.self) }

    func testBytesRoundTripExactly() {
        for sample in ["", "\n", "a", "a\n", "a\r\nb\n\n#> x\r\n  \t\n", "no newline at end  ", "é\u{0}\n"] {
            XCTAssertEqual(NotebookText(sample).bytes, Array(sample.utf8), sample.debugDescription)
        }
        let invalid: [UInt8] = [0x61, 0xFF, 0x0A, 0xC3]
        XCTAssertEqual(NotebookText(bytes: invalid).bytes, invalid)
    }

    func testRecordingReplacesEveryBlockAndKeepsOtherLines() {
        let file = NotebookText("# %%\nx = 1\n#> old\nx\n#> 7\n#> 8\n\n#> orphan\ny = [1,\n  2]\nz")
        let recorded = file.recording([outcome(2, 2, []), outcome(4, 4, ["1"]), outcome(9, 10, ["a\n\nb"]), outcome(11, 11, [], error: "bad\nthing")])
        XCTAssertEqual(text(recorded), "# %%\nx = 1\nx\n#> 1\n\ny = [1,\n  2]\n#> a\n#>\n#> b\nz\n#> error: bad\n#> thing")
    }

    func testStatementsSharingALineShareABlockInOrder() {
        let file = NotebookText("a; b\r\nc\r\n")
        let recorded = file.recording([outcome(1, 1, ["A"]), outcome(1, 1, ["B1", "B2"]), outcome(2, 2, ["C"])])
        XCTAssertEqual(text(recorded), "a; b\r\n#> A\r\n#> B1\r\n#> B2\r\nc\r\n#> C\r\n")
    }

    func testComparisonFindsTheFirstDifference() {
        let file = NotebookText("a\n#> 1  \nb\n#> 2\nc\n")
        let same = file.recording([outcome(1, 1, ["1"]), outcome(3, 3, ["2"])])
        XCTAssertNil(file.firstRecordedDifference(from: same), "trailing blanks are ignored")
        let changed = file.recording([outcome(1, 1, ["1"]), outcome(3, 3, ["3"])])
        XCTAssertEqual(file.firstRecordedDifference(from: changed), RecordedDifference(line: 4, expected: "#> 2", actual: "#> 3"))
        let more = file.recording([outcome(1, 1, ["1", "x"]), outcome(3, 3, ["2"])])
        XCTAssertEqual(file.firstRecordedDifference(from: more), RecordedDifference(line: 3, expected: nil, actual: "#> x"))
        let fewer = file.recording([outcome(1, 1, ["1"])])
        XCTAssertEqual(file.firstRecordedDifference(from: fewer), RecordedDifference(line: 4, expected: "#> 2", actual: nil))
        let atEnd = NotebookText("a\n").recording([outcome(1, 1, ["1"])])
        XCTAssertEqual(NotebookText("a\n").firstRecordedDifference(from: atEnd), RecordedDifference(line: 2, expected: nil, actual: "#> 1"))
    }

    func testRecordedLineForm() {
        XCTAssertEqual(RecordedOutput.lines(items: [.text("x\n")], error: nil), ["#> x", "#>"])
    }

    func testCells() {
        let file = NotebookText("""
            x = 1
            # %% [markdown]
            # # Title
            # text
            # %%   Step two  \t
            y = 2
            # %%[markdown] not a marker
            #%% not a marker either
            """)
        let cells = file.cells
        XCTAssertEqual(cells.map(\.kind), [.code, .markdown, .code])
        XCTAssertEqual(cells.map(\.title), [nil, nil, "Step two"])
        XCTAssertEqual(cells.map(\.lines), [0..<1, 2..<4, 5..<8])
        XCTAssertEqual(cells.map(\.markerLine), [nil, 1, 4])
        XCTAssertEqual(file.markdown(of: cells[1]), "# Title\ntext")
        XCTAssertEqual(NotebookText("\n\n# %% [markdown] Intro\n").cells.map(\.title), ["Intro"])
    }
}
