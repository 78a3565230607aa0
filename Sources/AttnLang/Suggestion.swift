/// "Did you mean" for unknown names: the known name closest to a misspelt one, as Python
/// 3.10+ suggests (`name 'softmx' is not defined. Did you mean: 'softmax'?`).
enum Suggestion {
    /// The candidate nearest to `name` in edit distance (a swap of neighbours counts as one
    /// edit), when it is close enough to be a typo: Python's bound, (both lengths + 3) / 6
    /// edits, so `softmx` finds `softmax` but `b` never suggests `a`. A candidate differing
    /// only in case wins outright.
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.unicodeScalars)
        guard !target.isEmpty else { return nil }
        let lowered = name.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            if candidate.lowercased() == lowered { return candidate }
            let scalars = Array(candidate.unicodeScalars)
            let limit = (target.count + scalars.count + 3) / 6
            guard limit > 0, abs(scalars.count - target.count) <= limit else { continue }
            let d = distance(target, scalars, limit: limit)
            if d <= limit, best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) {
                best = (candidate, d)
            }
        }
        return best?.name
    }

    /// ` — did you mean 'x'?`, or "" when nothing is close.
    static func phrase(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { " — did you mean '\($0)'?" } ?? ""
    }

    /// Optimal-string-alignment distance; gives up (returns limit + 1) once every entry of a
    /// row exceeds `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, before[j - 2] + 1) }
                current[j] = d
                rowMinimum = min(rowMinimum, d)
            }
            if rowMinimum > limit { return limit + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
