import AttnLang
import TensorRuntime

/// What `attn render` writes, chosen by the output file's extension.
public enum RenderFormat: Equatable {
    case html
    case ipynb

    /// `.html`/`.htm` → html, `.ipynb` → ipynb; nil for anything else.
    public init?(path: String) {
        switch PathName.fileExtension(path) {
        case "html", "htm": self = .html
        case "ipynb": self = .ipynb
        default: return nil
        }
    }
}

/// The entry points of `attn render`: run a notebook, write it as a page or an `.ipynb`.
/// Every file is written atomically (a reader sees the old file or the new one).
public enum NotebookRenderer {
    /// Runs the notebook at `path` (named `path` in diagnostics).
    public static func run(file path: String) throws -> NotebookRun {
        NotebookRun.run(NotebookText(bytes: try PathName.read(path)), file: path)
    }

    /// The bytes of `run` in `format`.
    public static func document(_ run: NotebookRun, format: RenderFormat) -> String {
        switch format {
        case .html: return HTMLPage.html(run)
        case .ipynb: return JupyterNotebook.json(run)
        }
    }

    /// Runs `path` and writes it to `output` in the format its extension names. A notebook
    /// whose code fails is still written (the page shows the error); the run says so.
    @discardableResult
    public static func render(file path: String, to output: String) throws -> NotebookRun {
        guard let format = RenderFormat(path: output) else {
            throw RenderError("cannot tell the format of \(output): name it .html or .ipynb")
        }
        try refuseOverwriting(source: path, with: output)
        let run = try self.run(file: path)
        try write(document(run, format: format), to: output)
        return run
    }

    /// One notebook of a rendered directory.
    public struct SiteEntry {
        public var source: String
        public var page: String
        public var notebook: String
        public var run: NotebookRun
    }

    /// Renders every `.attn` file of `directory` (sorted by name) into `outputDirectory` as
    /// `NAME.html` and `NAME.ipynb`, then writes `index.html` linking them all. `progress` is
    /// called after each notebook.
    @discardableResult
    public static func renderAll(directory: String, to outputDirectory: String,
                                 progress: (SiteEntry) -> Void = { _ in }) throws -> [SiteEntry] {
        let names = try PathName.files(in: directory, withExtension: "attn")
        guard !names.isEmpty else { throw RenderError("no .attn notebooks in \(directory)") }
        try PathName.makeDirectories(outputDirectory)
        var entries: [SiteEntry] = []
        for name in names {
            let source = PathName.join(directory, name)
            let stem = PathName.stem(name)
            let run = try self.run(file: source)
            let page = PathName.join(outputDirectory, stem + ".html"), notebook = PathName.join(outputDirectory, stem + ".ipynb")
            try refuseOverwriting(source: source, with: page)
            try refuseOverwriting(source: source, with: notebook)
            let entry = SiteEntry(source: source, page: page, notebook: notebook, run: run)
            try write(HTMLPage.html(run), to: entry.page)
            try write(JupyterNotebook.json(run), to: entry.notebook)
            entries.append(entry)
            progress(entry)
        }
        try write(SiteIndex.html(entries), to: PathName.join(outputDirectory, "index.html"))
        return entries
    }

    /// An output that is the notebook itself (`-o nb.attn`, or a link to it) would replace
    /// the source with a page.
    static func refuseOverwriting(source: String, with output: String) throws {
        if PathName.sameFile(source, output) {
            throw RenderError("\(output) is the notebook being rendered; choose another output file (nothing was written)")
        }
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try AtomicFile.write(Array(text.utf8), to: path, op: "render")
        } catch let error as TensorError {
            throw RenderError(error.message)
        }
    }
}
