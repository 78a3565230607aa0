import AttnLang

/// One thing a cell shows below its source after the notebook ran.
public enum CellOutput {
    case item(DisplayItem)
    case error(Diagnostic)
}

/// A notebook cell with what running it displayed, ready for a page or an `.ipynb`.
public struct RunCell {
    public var kind: NotebookCell.Kind
    /// The text after `# %%`, if any.
    public var title: String?
    /// Code cells: the source without recorded outputs (`#>` lines) and without blank lines at
    /// either end. Markdown cells: the Markdown, comment markers removed.
    public var source: String
    /// Outputs of the cell's statements in order (empty for Markdown cells unless the
    /// notebook has no code cell at all).
    public var outputs: [CellOutput]
    /// False for a code cell that never ran because an earlier statement failed.
    public var executed: Bool
}

/// A notebook after one run: its cells with their outputs. Rendering does not use the
/// recorded `#>` lines: the notebook is run so that figures come as SVG, and the page shows
/// what the code does now.
public struct NotebookRun {
    /// The name the notebook was run under (the path given), used in diagnostics.
    public var file: String
    /// The first level-1 Markdown heading, or the file name without directory and extension.
    public var title: String
    public var cells: [RunCell]
    /// The first error of the run (parse or runtime), if any.
    public var failure: Diagnostic?

    /// Figures displayed, over all cells.
    public var figureCount: Int {
        cells.reduce(0) { total, cell in
            total + cell.outputs.reduce(0) { n, output in
                if case .item(.figure) = output { return n + 1 }
                return n
            }
        }
    }

    /// Runs `text` in a fresh `Session` and files each statement's outcome under the cell
    /// holding the statement's first line.
    public static func run(_ text: NotebookText, file: String) -> NotebookRun {
        let cells = text.cells
        let owner = cellOwners(cells, lineCount: text.lines.count)
        var outputs = [[CellOutput]](repeating: [], count: cells.count)
        var lastRun = -1
        var failure: Diagnostic?
        var loose: [CellOutput] = []
        let runResult = Session().run(source: text.source, file: file) { outcome in
            let line = outcome.firstLine - 1
            let cell = line >= 0 && line < owner.count ? codeCell(near: owner[line], in: cells) : nil
            var produced = outcome.items.map(CellOutput.item)
            if let error = outcome.error {
                produced.append(.error(error))
                if failure == nil { failure = error }
            }
            if let cell {
                outputs[cell] += produced
                lastRun = max(lastRun, cell)
            } else {
                loose += produced
            }
        }
        // Output that no cell owns (a statement before any line a cell covers cannot happen,
        // but a diagnostic's line may lie past the end) goes to the last cell.
        if !loose.isEmpty, !cells.isEmpty { outputs[cells.count - 1] += loose }
        // A parse error runs nothing: no cell was executed.
        var parseFailed = false
        if case .parseFailed = runResult { parseFailed = true }
        var result: [RunCell] = []
        result.reserveCapacity(cells.count)
        for (index, cell) in cells.enumerated() {
            let source = cell.kind == .markdown ? text.markdown(of: cell) : codeSource(text, cell)
            let executed = cell.kind == .code && !parseFailed && (failure == nil || index <= lastRun)
            result.append(RunCell(kind: cell.kind, title: cell.title, source: source,
                                  outputs: outputs[index], executed: executed))
        }
        return NotebookRun(file: file, title: title(result, file: file), cells: result, failure: failure)
    }

    /// For each 0-based line, the index of the cell that contains it (its marker included).
    static func cellOwners(_ cells: [NotebookCell], lineCount: Int) -> [Int?] {
        var owner = [Int?](repeating: nil, count: lineCount)
        for (index, cell) in cells.enumerated() {
            let start = cell.markerLine ?? cell.lines.lowerBound
            for line in start..<cell.lines.upperBound where line >= 0 && line < lineCount {
                owner[line] = index
            }
        }
        // Blank lines before a leading cell that was dropped belong to the first cell.
        var next: Int? = nil
        for line in stride(from: lineCount - 1, through: 0, by: -1) {
            if let o = owner[line] { next = o } else { owner[line] = next }
        }
        return owner
    }

    /// `index` itself when it is a code cell; otherwise the nearest code cell before it, or
    /// after it. Outputs are only ever shown under code cells (a parse error can point into a
    /// Markdown cell when one holds a line that is not a comment).
    static func codeCell(near index: Int?, in cells: [NotebookCell]) -> Int? {
        guard let index, index < cells.count else { return nil }
        if let before = cells[...index].lastIndex(where: { $0.kind == .code }) { return before }
        return cells[index...].firstIndex(where: { $0.kind == .code }) ?? index
    }

    static func codeSource(_ text: NotebookText, _ cell: NotebookCell) -> String {
        var kept = text.lines[cell.lines].filter { !$0.isRecordedOutput }.map(\.text)
        let isBlank: (String) -> Bool = { $0.allSatisfy { $0 == " " || $0 == "\t" } }
        while let first = kept.first, isBlank(first) { kept.removeFirst() }
        while let last = kept.last, isBlank(last) { kept.removeLast() }
        return kept.joined(separator: "\n")
    }

    static func title(_ cells: [RunCell], file: String) -> String {
        for cell in cells where cell.kind == .markdown {
            for line in cell.source.split(separator: "\n") where line.hasPrefix("# ") {
                let heading = line.dropFirst(2).trimmingBlanks()
                if !heading.isEmpty { return heading }
            }
        }
        return PathName.stem(file)
    }
}


