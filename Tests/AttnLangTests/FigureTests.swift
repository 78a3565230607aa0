import XCTest
import AttnLang

final class FigureTests: XCTestCase {
    let tomAndJerry = Heatmap(rows: 3, cols: 3, values: [0.6, 0.2, 0.2, 0.2, 0.7, 0.1, 0.3, 0.1, 0.5],
                              rowLabels: ["Tom", "chase", "Jerry"], colLabels: ["Tom", "chase", "Jerry"])!

    func testHeatmapTextShadesByValue() {
        let expected = """
                  Tom   chase Jerry
              Tom █████ ····· ·····
            chase ····· █████ ·····
            Jerry ░░░░░ ····· ▓▓▓▓▓
            scale 0.1000 ·░▒▓█ 0.7000
            """
        XCTAssertEqual(tomAndJerry.text, expected)
        XCTAssertEqual(tomAndJerry.kind, "heatmap")
    }

    func testHeatmapRejectsMismatchedLabels() {
        XCTAssertNil(Heatmap(rows: 2, cols: 2, values: [1, 2, 3, 4], rowLabels: ["a"]))
        XCTAssertNil(Heatmap(rows: 2, cols: 2, values: [1, 2, 3]))
    }

    func testHeatmapColorAndSVG() {
        let color = tomAndJerry.colorText
        XCTAssertTrue(color.contains("\u{1B}[48;5;"))
        XCTAssertTrue(color.contains(" 0.70 "))
        let svg = tomAndJerry.svg
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertEqual(svg.components(separatedBy: "<title>").count - 1, 9)
        XCTAssertTrue(svg.contains("<title>chase → chase: 0.7000</title>"))
        XCTAssertTrue(svg.contains("linearGradient"))
        // Short labels stay horizontal; long ones are rotated.
        XCTAssertFalse(svg.contains("rotate("))
        let long = Heatmap(rows: 1, cols: 2, values: [0, 1], colLabels: ["internationalisation", "<b>"])!
        XCTAssertTrue(long.svg.contains("rotate(-45"))
        XCTAssertTrue(long.svg.contains("&lt;b&gt;"))
        XCTAssertTrue(long.text.contains("interna…"))
    }

    func testHeatmapConstantAndNaN() {
        let h = Heatmap(rows: 1, cols: 3, values: [1, .nan, 1])!
        XCTAssertEqual(h.text.split(separator: "\n")[1], "0 ▒▒▒ ??? ▒▒▒")
    }

    func testLinePlotText() {
        let p = LinePlot(values: [4, 3, 2, 1, 0.5])
        let lines = p.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, LinePlotRows.height + 2)
        XCTAssertEqual(lines[0], "4.0000 ┤•")
        XCTAssertEqual(lines[7], "0.5000 ┤    •")
        XCTAssertEqual(lines[8], "       └─────")
        XCTAssertEqual(lines[9], "        0   4")
        XCTAssertFalse(p.text.contains("\u{1B}"))
        XCTAssertTrue(p.colorText.contains("\u{1B}[38;5;39m•"))
    }

    func testLinePlotLongSeriesIsBucketed() {
        let p = LinePlot(values: (0..<600).map { Double($0) })
        let lines = p.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[lines.count - 2].filter { $0 == "─" }.count, 60)
        XCTAssertTrue(lines.last!.hasSuffix("599"))
        XCTAssertTrue(p.svg.contains("<path d=\"M64.0 "))
        XCTAssertFalse(p.svg.contains("<circle"))
    }

    func testLinePlotGapsAndSVGTicks() {
        let p = LinePlot(values: [1, .nan, 3], title: "loss")
        XCTAssertTrue(p.text.hasPrefix("loss\n"))
        let svg = p.svg
        XCTAssertEqual(svg.components(separatedBy: "<path d=\"M").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: " M").count - 1, 1, "nan breaks the line")
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 2)
        XCTAssertTrue(svg.contains(">loss</text>"))
    }
}

final class FigureOptionTests: XCTestCase {
    func testHeatmapVminVmaxFixTheEndShades() {
        let free = Heatmap(rows: 1, cols: 2, values: [0.1, 0.2])!
        let fixed = Heatmap(rows: 1, cols: 2, values: [0.1, 0.2], vmin: 0, vmax: 1)!
        XCTAssertTrue(free.text.hasSuffix("scale 0.1000 ·░▒▓█ 0.2000"), free.text)
        XCTAssertTrue(fixed.text.hasSuffix("scale 0.0000 ·░▒▓█ 1.0000"), fixed.text)
        XCTAssertTrue(fixed.svg.contains(">1.0000</text>"), fixed.svg)
    }

    func testSeveralSeriesGetALegendAndColours() {
        let p = LinePlot(series: [("train", [3, 2, 1]), ("held-out", [3, 2.5, 2.2])], xLabel: "epoch", yLabel: "loss")
        XCTAssertTrue(p.text.hasSuffix("• train   × held-out"), p.text)
        let svg = p.svg
        XCTAssertTrue(svg.contains("stroke=\"#1f77b4\"") && svg.contains("stroke=\"#ff7f0e\""), svg)
        XCTAssertTrue(svg.contains(">epoch</text>") && svg.contains(">loss</text>"), svg)
        XCTAssertTrue(svg.contains(">held-out</text>"), svg)
    }

    func testTicksAreRoundNumbers() {
        let svg = LinePlot(values: [0.13, 0.81]).svg
        for label in ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"] {
            XCTAssertTrue(svg.contains(">\(label)</text>"), "no tick \(label) in \(svg)")
        }
        XCTAssertFalse(svg.contains(">0.3000</text>"), svg)
        let long = LinePlot(values: (0..<600).map(Double.init)).svg
        XCTAssertTrue(long.contains(">200</text>") && long.contains(">400</text>") && !long.contains(">119</text>"), long)
        XCTAssertTrue(LinePlot(values: [5, 5]).svg.contains("</svg>"))
        XCTAssertTrue(LinePlot(values: [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]).svg.contains("</svg>"))
    }
}

/// The text chart's row count, mirrored here so the test states the layout it expects.
enum LinePlotRows { static let height = 8 }

#if canImport(FoundationXML)
import FoundationXML
#else
import Foundation
#endif

/// The SVG forms must be well-formed XML whatever the labels hold.
final class FigureSVGTests: XCTestCase {
    func wellFormed(_ svg: String) -> Bool {
        XMLParser(data: Data(svg.utf8)).parse()
    }

    func testSVGIsWellFormed() {
        let labels = ["<s>", "a & b", "\"q\"", "it's", "étudiant"]
        let h = Heatmap(rows: 1, cols: 5, values: [0.1, .nan, 0.3, 0.2, 0.4], rowLabels: ["x<y"], colLabels: labels,
                        title: "attention <1>")!
        XCTAssertTrue(wellFormed(h.svg), h.svg)
        XCTAssertTrue(wellFormed(LinePlot(values: [1, .infinity, 2, -3], title: "a < b").svg))
        XCTAssertTrue(wellFormed(LinePlot(values: [5]).svg))
    }
}
