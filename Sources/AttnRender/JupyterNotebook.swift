import AttnLang

/// A notebook run as a Jupyter notebook (nbformat 4.5) with its outputs, so it opens with its
/// results in JupyterLab, VS Code or a notebook viewer without a kernel:
/// - text a statement displays becomes a `stream` output on stdout (consecutive texts of one
///   cell are joined, as a script's output would be);
/// - a figure becomes `display_data` with `image/svg+xml` and its `text/plain` form;
/// - a failure becomes an `error` output whose traceback is the diagnostic.
/// Its metadata names the `attn` kernelspec, so the notebook reopens runnable.
public enum JupyterNotebook {
    public static func json(_ run: NotebookRun) -> String {
        var cells: [JSONText] = []
        var executionCount = 0
        for (index, cell) in run.cells.enumerated() {
            let id = JSONText.string("cell-\(index)")
            switch cell.kind {
            case .markdown:
                // Markdown cells cannot hold outputs; NotebookRun files them under code cells.
                cells.append(.object([
                    ("cell_type", .string("markdown")), ("id", id), ("metadata", .object([])),
                    ("source", JSONText.lines(cell.source)),
                ]))
            case .code:
                var count = JSONText.null
                if cell.executed {
                    executionCount += 1
                    count = .int(executionCount)
                }
                var metadata: [(String, JSONText)] = []
                if let title = cell.title { metadata.append(("title", .string(title))) }
                cells.append(.object([
                    ("cell_type", .string("code")), ("execution_count", count), ("id", id),
                    ("metadata", .object(metadata)), ("outputs", .array(outputs(cell.outputs))),
                    ("source", JSONText.lines(cell.source)),
                ]))
            }
        }
        let metadata: JSONText = .object([
            ("kernelspec", .object([
                ("display_name", .string("attn")), ("language", .string("attn")), ("name", .string("attn")),
            ])),
            ("language_info", .object([
                ("file_extension", .string(".attn")), ("name", .string("attn")),
            ])),
            ("title", .string(run.title)),
        ])
        return JSONText.object([
            ("cells", .array(cells)), ("metadata", metadata),
            ("nbformat", .int(4)), ("nbformat_minor", .int(5)),
        ]).serialized
    }

    static func outputs(_ outputs: [CellOutput]) -> [JSONText] {
        var result: [JSONText] = []
        var pendingText: [String] = []
        func flush() {
            guard !pendingText.isEmpty else { return }
            result.append(.object([
                ("name", .string("stdout")), ("output_type", .string("stream")),
                ("text", JSONText.lines(pendingText.joined(separator: "\n") + "\n")),
            ]))
            pendingText = []
        }
        for output in outputs {
            switch output {
            case .item(.text(let text)):
                pendingText.append(text)
            case .item(.figure(let figure)):
                flush()
                result.append(.object([
                    ("data", .object([
                        ("image/svg+xml", JSONText.lines(figure.svg)),
                        ("text/plain", JSONText.lines(figure.text)),
                    ])),
                    ("metadata", .object([])), ("output_type", .string("display_data")),
                ]))
            case .error(let diagnostic):
                flush()
                result.append(.object([
                    ("ename", .string("Error")), ("evalue", .string(diagnostic.message)),
                    ("output_type", .string("error")),
                    ("traceback", .array(diagnostic.rendered().split(separator: "\n", omittingEmptySubsequences: false)
                        .map { .string(String($0)) })),
                ]))
            }
        }
        flush()
        return result
    }
}
