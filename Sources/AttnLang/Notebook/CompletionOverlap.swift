/// How much of a completion candidate is already typed: the length of the longest end of
/// the text before the cursor that the candidate starts with (`x.sha` and `x.shape`: 5). The
/// REPL's Tab and the Jupyter kernel's `complete_request` both place candidates by it.
public func completionOverlap(before: [Unicode.Scalar], candidate: [Unicode.Scalar]) -> Int {
    for k in stride(from: min(before.count, candidate.count), through: 0, by: -1)
    where before[(before.count - k)...].elementsEqual(candidate[..<k]) {
        return k
    }
    return 0
}
