import AttnLang
import Foundation

/// What one cell did, beyond what it showed as it ran: the diagnostics when it failed, the
/// text of its final expression's value (Jupyter's `execute_result`) and, for `?name`, the
/// help page (as IPython's `?` gives it).
struct CellOutcome {
    var errors: [Diagnostic] = []
    var value: DisplayItem?
    var page: String?

    /// Runs `code` as one REPL entry named `name` in diagnostics; `show` receives what it
    /// displays as it is displayed.
    static func run(_ code: String, in session: Session, name: String, show: (DisplayItem) -> Void) -> CellOutcome {
        var cell = CellOutcome()
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("?") && !trimmed.contains("\n") {
            let topic = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
            if let help = session.help(for: topic) {
                cell.page = help
            } else {
                cell.errors.append(Diagnostic(message: "no help for '\(topic)'", file: name, line: 1, column: 1,
                                              length: max(trimmed.count, 1), sourceLine: trimmed))
            }
            return cell
        }
        Session.interruptRequested = false
        // A statement's value is shown as text when another statement follows; the last
        // one's is the cell's result.
        var heldValue: DisplayItem?
        session.run(source: code, file: name) { outcome in
            if let held = heldValue { show(held) }
            heldValue = nil
            var items = outcome.items[...]
            if outcome.endsWithValue { heldValue = items.popLast() }
            for item in items { show(item) }
            if let error = outcome.error { cell.errors.append(error) }
        }
        if cell.errors.isEmpty {
            cell.value = heldValue
        } else if let held = heldValue {
            show(held)
        }
        return cell
    }
}
