import AttnLang

/// A notebook run as one self-contained XHTML-compatible page: inline CSS, inline SVG, no
/// scripts, and a Content-Security-Policy that forbids loading anything (so a stray image
/// link in Markdown cannot reach the network, and a browser reports it if one tries) and
/// allows only the page's own stylesheet, by its hash: no inline `style` attribute applies.
public enum HTMLPage {
    /// The largest page `render` writes for the shipped notebooks, in bytes; tests hold every
    /// notebook to it. A tensor prints at most ~1000 numbers and a heatmap cell costs ~150 bytes,
    /// so pages stay far below this unless a notebook shows hundreds of large figures.
    public static let sizeLimit = 1 << 20

    /// The exact text of the page's `<style>` element, which the policy's hash covers.
    static let styleText = "\n" + PageStyle.css

    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'sha256-\(SHA256.base64(SHA256.digest(Array(styleText.utf8))))'; img-src data:"

    public static func html(_ run: NotebookRun) -> String {
        var ids = SVGIds()
        var body = ""
        body += "<header class=\"nb-header\"><span class=\"nb-file\">\(XMLText.escape(PathName.base(run.file)))</span>"
        if run.failure != nil {
            body += " <span class=\"nb-status failed\">stopped at an error</span>"
        }
        body += "</header>\n"
        for (index, cell) in run.cells.enumerated() {
            body += self.cell(cell, index: index, ids: &ids)
        }
        return document(title: run.title, body: body)
    }

    /// The page frame shared by notebooks and the index.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)"/>
        <meta name="generator" content="attn render"/>
        <title>\(XMLText.escape(title))</title>
        <style>\(styleText)</style>
        </head>
        <body>
        <main class="notebook">
        \(body)</main>
        </body>
        </html>

        """
    }

    static func cell(_ cell: RunCell, index: Int, ids: inout SVGIds) -> String {
        var s: String
        switch cell.kind {
        case .markdown:
            s = "<section class=\"cell markdown\" id=\"cell-\(index)\">\n"
            s += MarkdownRenderer.html(cell.source)
            s += "\n"
        case .code:
            s = "<section class=\"cell code\" id=\"cell-\(index)\">\n"
            if let title = cell.title {
                s += "<div class=\"cell-title\">\(XMLText.escape(title))</div>\n"
            }
            s += "<pre class=\"source\"><code>\(CodeHighlighter.html(cell.source))</code></pre>\n"
            if !cell.executed {
                s += "<div class=\"not-run\">not run: an earlier cell failed</div>\n"
            }
        }
        if !cell.outputs.isEmpty {
            s += "<div class=\"outputs\">\n"
            for output in cell.outputs { s += self.output(output, ids: &ids) }
            s += "</div>\n"
        }
        return s + "</section>\n"
    }

    static func output(_ output: CellOutput, ids: inout SVGIds) -> String {
        switch output {
        case .item(.text(let text)):
            return "<pre class=\"output text\">\(XMLText.escape(text))</pre>\n"
        case .item(.figure(let figure)):
            let kind = XMLText.escape(figure.kind)
            return "<figure class=\"output figure \(kind)\">\n\(ids.uniquing(figure.svg))\n</figure>\n"
        case .error(let diagnostic):
            return "<pre class=\"output error\">\(XMLText.escape(diagnostic.rendered()))</pre>\n"
        }
    }
}
