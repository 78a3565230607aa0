import AttnLang
/// The `index.html` of `attn render --all`: every notebook with its title, a link to its page
/// and to its `.ipynb`, and what it shows.
enum SiteIndex {
    static func html(_ entries: [NotebookRenderer.SiteEntry]) -> String {
        var body = "<header class=\"nb-header\"><span class=\"nb-file\">attn notebooks</span></header>\n"
        body += "<section class=\"cell markdown\">\n<h1>Notebooks</h1>\n"
        body += "<p>Each page was produced by <code>attn render</code>, which ran the notebook; "
        body += "the <code>.ipynb</code> beside it holds the same cells and outputs for Jupyter.</p>\n</section>\n"
        body += "<ul class=\"index-list\">\n"
        for entry in entries {
            let page = XMLText.escape(PathName.urlEncoded(PathName.base(entry.page)))
            let notebookName = XMLText.escape(PathName.base(entry.notebook))
            let notebook = XMLText.escape(PathName.urlEncoded(PathName.base(entry.notebook)))
            let code = entry.run.cells.filter { $0.kind == .code }.count
            let figures = entry.run.figureCount
            var meta = "\(XMLText.escape(PathName.base(entry.source))) · \(code) code cell\(code == 1 ? "" : "s")"
            meta += " · \(figures) figure\(figures == 1 ? "" : "s")"
            if entry.run.failure != nil { meta += " · <span class=\"nb-status failed\">stopped at an error</span>" }
            body += "<li><a class=\"name\" href=\"\(page)\">\(XMLText.escape(entry.run.title))</a>"
            body += "<div class=\"meta\">\(meta) · <a href=\"\(notebook)\">\(notebookName)</a></div></li>\n"
        }
        body += "</ul>\n"
        return HTMLPage.document(title: "attn notebooks", body: body)
    }
}
