import ArgumentParser
import AttnLang
import AttnRender
import Glibc

/// `attn render FILE.attn -o FILE.html|FILE.ipynb` and `attn render --all DIR -o SITE/`: runs
/// notebooks and writes them with their outputs. The work is AttnRender's; this parses.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attn render",
        abstract: "Run notebooks and write them as HTML pages (inline SVG figures) or Jupyter notebooks.",
        discussion: """
            The output's extension picks the format: .html (one self-contained page) or .ipynb \
            (nbformat 4 with the outputs). With --all, every .attn file of DIR becomes NAME.html and \
            NAME.ipynb in the output directory (default site/), plus an index.html linking them.
            Exit status: 0 ok, 1 a notebook stopped at an error (its page is still written and shows \
            it), 2 a usage or file error.
            """)

    @Option(name: .customShort("o"), help: ArgumentHelp(
        "The file to write (default: FILE with .html), or with --all the directory.", valueName: "output"))
    var output: String?

    @Option(name: .customLong("all"), help: ArgumentHelp("Render every notebook of a directory.", valueName: "dir"))
    var directory: String?

    @Argument(help: ArgumentHelp("The notebook to render.", valueName: "file"))
    var file: String?

    func validate() throws {
        switch (file, directory) {
        case (nil, nil): throw ValidationError("name a notebook, or --all DIR")
        case (_?, _?): throw ValidationError("give FILE or --all DIR, not both")
        default: break
        }
        if let output, directory == nil, RenderFormat(path: output) == nil {
            throw ValidationError("cannot tell the format of \(output): name it .html or .ipynb")
        }
    }

    func execute() -> Int32 {
        let out = RenderOutput()
        do {
            if let directory {
                let entries = try NotebookRenderer.renderAll(directory: directory, to: output ?? "site") { entry in
                    let figures = entry.run.figureCount
                    out.write("\(entry.source) → \(entry.page) (\(figures) figure\(figures == 1 ? "" : "s"))\n")
                    if let failure = entry.run.failure { out.show(failure) }
                }
                return entries.contains { $0.run.failure != nil } ? 1 : 0
            }
            guard let file else { return 2 }
            let target = output ?? Self.defaultOutput(for: file)
            let run = try NotebookRenderer.render(file: file, to: target)
            if let failure = run.failure {
                out.show(failure)
                return 1
            }
            return 0
        } catch {
            out.fail("\(error)")
            return 2
        }
    }

    /// `x.attn` → `x.html`, beside it.
    static func defaultOutput(for file: String) -> String {
        if file.hasSuffix(".attn") { return String(file.dropLast(5)) + ".html" }
        return file + ".html"
    }
}

/// Progress to stdout, errors to stderr (coloured on a terminal unless NO_COLOR is set).
struct RenderOutput {
    let color = isatty(2) == 1 && getenv("NO_COLOR") == nil

    func write(_ text: String) { fputs(text, stdout) }

    func show(_ diagnostic: Diagnostic) {
        fflush(stdout)
        fputs(diagnostic.rendered(color: color) + "\n", stderr)
    }

    func fail(_ message: String) {
        fflush(stdout)
        fputs((color ? "\u{1B}[1;31merror\u{1B}[0m" : "error") + ": \(terminalSafe(message))\n", stderr)
    }
}
