import AttnLang

/// Jupyter completes by replacing one span before the cursor with a match, while
/// `Session.completions` gives candidates that may each reach back further than the word
/// being typed (`x.sha` → `x.shape`). The span is the shortest reach of any candidate; a
/// candidate reaching further loses the part already typed before the span.
struct CompletionSpan {
    /// How many scalars before the cursor the matches replace.
    var length = 0
    var matches: [String] = []

    init(textBeforeCursor: String, candidates: [String]) {
        let before = Array(textBeforeCursor.unicodeScalars)
        var reaches: [(Int, [Unicode.Scalar])] = []
        for candidate in candidates {
            let scalars = Array(candidate.unicodeScalars)
            reaches.append((completionOverlap(before: before, candidate: scalars), scalars))
        }
        length = reaches.map(\.0).min() ?? 0
        var seen = Set<String>()
        for (overlap, scalars) in reaches {
            let match = String(String.UnicodeScalarView(scalars[(overlap - length)...]))
            if seen.insert(match).inserted { matches.append(match) }
        }
    }
}
