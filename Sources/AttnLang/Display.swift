/// What a statement shows, as Jupyter's MIME bundles: the REPL prints `text`, `attn check`
/// compares `text`, `attn render` draws `svg` where there is one.
public enum DisplayItem {
    case text(String)
    case figure(Figure)

    /// The plain-text form, as printed and recorded in `#>` lines.
    public var text: String {
        switch self {
        case .text(let s): return s
        case .figure(let f): return f.text
        }
    }
}

/// A plot with a deterministic text form (terminal, recorded outputs) and an SVG form.
public protocol Figure {
    /// "heatmap" or "plot".
    var kind: String { get }
    /// Plain, deterministic text (no colour codes); what `#>` lines record.
    var text: String { get }
    /// The same figure for a terminal that supports colour (256-colour backgrounds).
    var colorText: String { get }
    /// A self-contained `<svg>` element.
    var svg: String { get }
}
