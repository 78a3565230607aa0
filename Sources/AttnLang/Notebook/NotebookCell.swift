/// A cell of a `.attn` notebook in jupytext's percent format: `# %%` starts a code cell (an
/// optional title follows), `# %% [markdown]` a cell of Markdown written as comment lines.
/// Lines before the first marker form an untitled code cell when any of them is non-blank.
public struct NotebookCell: Equatable {
    public enum Kind: Equatable { case code, markdown }

    public var kind: Kind
    /// The text after `# %%` (without `[markdown]`), nil when there is none.
    public var title: String?
    /// 0-based index of the `# %%` line in `NotebookText.lines`, nil for the leading cell.
    public var markerLine: Int?
    /// 0-based indices of the cell's lines, marker excluded.
    public var lines: Range<Int>
}

extension NotebookText {
    /// The cells in file order.
    public var cells: [NotebookCell] {
        var cells: [NotebookCell] = []
        var current = NotebookCell(kind: .code, title: nil, markerLine: nil, lines: 0..<0)
        func close(at end: Int) {
            current.lines = current.lines.lowerBound..<end
            let hasContent = lines[current.lines].contains { !$0.text.allSatisfy { $0 == " " || $0 == "\t" } }
            if current.markerLine != nil || hasContent { cells.append(current) }
        }
        for (index, line) in lines.enumerated() {
            guard let (kind, title) = Self.cellMarker(line.text) else { continue }
            close(at: index)
            current = NotebookCell(kind: kind, title: title, markerLine: index, lines: (index + 1)..<(index + 1))
        }
        close(at: lines.count)
        return cells
    }

    /// The Markdown of a markdown cell: its comment lines with `# ` (or `#`) removed.
    public func markdown(of cell: NotebookCell) -> String {
        lines[cell.lines].map { line -> String in
            let text = line.text
            if text.hasPrefix("# ") { return String(text.dropFirst(2)) }
            if text.hasPrefix("#") { return String(text.dropFirst()) }
            return text
        }.joined(separator: "\n")
    }

    /// `# %%`, `# %% Title`, `# %% [markdown]`, `# %% Title [markdown]`; nil for other lines.
    static func cellMarker(_ text: String) -> (NotebookCell.Kind, String?)? {
        guard text.hasPrefix("# %%") else { return nil }
        var rest = Substring(text.dropFirst(4))
        if let first = rest.first, first != " " && first != "\t" { return nil }
        rest = rest.drop(while: { $0 == " " || $0 == "\t" })
        var kind = NotebookCell.Kind.code
        if let range = rest.firstRange(of: "[markdown]") {
            kind = .markdown
            rest = rest[..<range.lowerBound] + rest[range.upperBound...]
        }
        let title = rest.trimmingCharacters()
        return (kind, title.isEmpty ? nil : title)
    }
}

private extension Substring {
    func trimmingCharacters() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
