/// Figures draw their own SVG with fixed element ids (a gradient, say). Several figures on
/// one page would then share ids, which HTML forbids and which makes every `url(#id)` point
/// at the first figure's element; each figure's ids get a page-unique suffix instead.
struct SVGIds {
    private var counter = 0

    mutating func uniquing(_ svg: String) -> String {
        let ids = Self.ids(in: svg)
        guard !ids.isEmpty else { return svg }
        counter += 1
        var out = svg
        for id in ids {
            let fresh = "\(id)-\(counter)"
            out = out.replacing("id=\"\(id)\"", with: "id=\"\(fresh)\"")
                .replacing("url(#\(id))", with: "url(#\(fresh))")
                .replacing("href=\"#\(id)\"", with: "href=\"#\(fresh)\"")
        }
        return out
    }

    /// The values of `id="…"` attributes, in order of appearance.
    static func ids(in svg: String) -> [String] {
        var found: [String] = []
        var rest = Substring(svg)
        while let range = rest.firstRange(of: " id=\"") {
            let after = rest[range.upperBound...]
            guard let close = after.firstIndex(of: "\"") else { break }
            let id = String(after[..<close])
            if !id.isEmpty, !found.contains(id) { found.append(id) }
            rest = after[close...]
        }
        return found
    }
}
