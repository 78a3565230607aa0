import AttnLang
import Foundation
import AttnRender
import XCTest

final class MarkdownAndHighlightTests: XCTestCase {
    func testInkRendersMarkdownAndIndentedCodeBecomesABlock() {
        let html = MarkdownRenderer.html("""
            # Title

            Some *emphasis* and `code`:

                C_i = Σ_j a_ij · h_j
                x < y

            - item one
            - item two
            """)
        XCTAssertTrue(html.contains("<h1>Title</h1>"), html)
        XCTAssertTrue(html.contains("<em>emphasis</em>"), html)
        XCTAssertTrue(html.contains("<code>code</code>"), html)
        XCTAssertTrue(html.contains("<pre><code>C_i = Σ_j a_ij · h_j\nx &lt; y\n</code></pre>"), html)
        XCTAssertTrue(html.contains("<li>item one</li>"), html)
    }

    func testIndentedListContinuationIsNotCode() {
        let html = MarkdownRenderer.html("- item\n\n    still the item\n")
        XCTAssertFalse(html.contains("<pre>"), html)
    }

    func testVoidElementsAreClosed() {
        let html = MarkdownRenderer.html("line one  \nline two\n\n---\n")
        XCTAssertFalse(html.contains("<br>"), html)
        XCTAssertFalse(html.contains("<hr>"), html)
    }

    func testHighlighterClassesTokens() {
        let html = CodeHighlighter.html("fn f(x, scale: 2.5) { return x * \"s<\" }  # note <b>")
        XCTAssertTrue(html.contains("<span class=\"k\">fn</span>"), html)
        XCTAssertTrue(html.contains("<span class=\"f\">f</span>"), html)
        XCTAssertTrue(html.contains("<span class=\"a\">scale</span>"), html)
        XCTAssertTrue(html.contains("<span class=\"n\">2.5</span>"), html)
        XCTAssertTrue(html.contains("<span class=\"s\">&quot;s&lt;&quot;</span>"), html)
        XCTAssertTrue(html.contains("<span class=\"c\"># note &lt;b&gt;</span>"), html)
    }

    /// Highlighting only adds markup: removing the tags and unescaping gives back the code of
    /// every cell of every notebook, byte for byte.
    func testHighlightingKeepsEveryCharacterOfTheNotebooks() throws {
        var cells = 0
        for name in RenderSupport.notebookNames + RenderSupport.slowNotebooks.sorted() {
            let path = RenderSupport.notebooksDirectory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let text = NotebookText(bytes: Array(data))
            for cell in text.cells where cell.kind == .code {
                let code = text.lines[cell.lines].map(\.text).joined(separator: "\n")
                XCTAssertEqual(Self.plain(CodeHighlighter.html(code)), code, "\(name)")
                cells += 1
            }
        }
        XCTAssertGreaterThan(cells, 10)
    }

    static func plain(_ html: String) -> String {
        var out = ""
        var inTag = false
        for c in html {
            if c == "<" { inTag = true } else if c == ">" && inTag { inTag = false } else if !inTag { out.append(c) }
        }
        return out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

final class MarkdownEscapingTests: XCTestCase {
    func testAngleBracketsOutsideCodeAreText() {
        let html = MarkdownRenderer.html("# Tokens <s> & <pad>\n\nEnds at `</s>`; a < b.\n\n```\nx <y>\n```\n")
        XCTAssertTrue(html.contains("<h1>Tokens &lt;s&gt; &amp; &lt;pad&gt;</h1>"), html)
        XCTAssertTrue(html.contains("<code>&lt;/s&gt;</code>"), html)
        XCTAssertTrue(html.contains("a &lt; b."), html)
        XCTAssertTrue(html.contains("<pre><code>x &lt;y&gt;\n</code></pre>"), html)
        XCTAssertNil(XMLSummary.parse("<div>" + html + "</div>").error, html)
    }
}

final class MarkdownEmphasisTests: XCTestCase {
    func testIntrawordUnderscoresStayLiteral() {
        let html = MarkdownRenderer.html("states h_1, h_2, h_3 and a(s_{i-1}, h_j) give an *energy* e_ij, **bold** too")
        XCTAssertTrue(html.contains("h&#95;1, h&#95;2, h&#95;3"), html)
        XCTAssertTrue(html.contains("s&#95;{i-1}, h&#95;j"), html)
        XCTAssertTrue(html.contains("<em>energy</em> e&#95;ij"), html)
        XCTAssertTrue(html.contains("<strong>bold</strong>"), html)
        XCTAssertEqual(RenderSupport.count("<em>", in: html), 1, html)
    }

    func testUnderscoreEmphasisListsAndRulesStillWork() {
        let html = MarkdownRenderer.html("an _emphasised_ word and 2 * 3 * 4\n\n* one\n* two\n\n---\n\n`a_b*c`\n")
        XCTAssertTrue(html.contains("<em>emphasised</em>"), html)
        XCTAssertTrue(html.contains("2 &#42; 3 &#42; 4"), html)
        XCTAssertTrue(html.contains("<li>one</li>"), html)
        XCTAssertTrue(html.contains("<hr/>"), html)
        XCTAssertTrue(html.contains("<code>a_b*c</code>"), html)
    }
}

final class MarkdownParagraphTests: XCTestCase {
    func testALineStartingWithCodeContinuesTheParagraph() {
        let html = MarkdownRenderer.html("`<s>` starts decoding,\n`</s>` ends it.\n\n```\ncode\n```\n")
        XCTAssertTrue(html.contains("<p><code>&lt;s&gt;</code> starts decoding, <code>&lt;/s&gt;</code> ends it.</p>"), html)
        XCTAssertTrue(html.contains("<pre><code>code\n</code></pre>"), html)
    }
}

final class MarkdownEntityTests: XCTestCase {
    func testAmpersandsAlwaysGiveWellFormedXML() {
        let html = MarkdownRenderer.html("a&b; c &amp; d &nbsp;&mdash; e &#960; f &#x3C0; g &#1; h & i &bogus; `&x;`")
        XCTAssertTrue(html.contains("a&amp;b; c &amp; d &#160;&#8212; e &#960; f &#x3C0; g &amp;#1; h &amp; i &amp;bogus;"), html)
        XCTAssertTrue(html.contains("<code>&amp;x;</code>"), html)
        XCTAssertNil(XMLSummary.parse("<div>" + html + "</div>").error, html)
    }
}
