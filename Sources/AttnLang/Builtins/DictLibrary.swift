/// Dicts as Python's: the lookups and updates vocabulary-building code is written with
/// (`d.get(w, 0)`, `sorted(words, key: words.get, reverse: true)`, Counter's `most_common`).
/// `keys`, `values` and `items` are in CoreLibrary, `pop` in ListLibrary.
enum DictLibrary {
    static let library = Library(name: "Dicts", builtins: builtins)

    static let section = "Dicts"

    static let builtins: [Builtin] = [
        Builtin("dict", section: section,
                summary: "A new dict: empty, a copy of a dict, or from (key, value) pairs (dict(zip(keys, values))), as Python's dict.",
                example: "dict(zip([\"a\", \"b\"], [1, 2]))\ndict()") { p in
            let items = p.value("items", hint: "dict or list of pairs", default: Value.none)
            return { a in
                switch a.value(items) {
                case .none: return .dict(DictObject())
                case .dict(let source): return .dict(DictObject(entries: source.pairs))
                case let pairs:
                    let d = DictObject()
                    try setPairs(pairs, into: d, "dict")
                    return .dict(d)
                }
            }
        },
        Builtin("get", methodOf: [.dict], section: section,
                summary: "The value of key, or default (none) when the dict has no such key, as Python's dict.get.",
                example: "d = {\"cat\": 3}\nd.get(\"cat\")\nd.get(\"dog\", 0)") { p in
            let dict = p.arg("dict", DictObject.self), key = p.value("key")
            let fallback = p.value("default", default: Value.none)
            return { a in try a[dict][DictKey(a.value(key))] ?? a.value(fallback) }
        },
        Builtin("setdefault", methodOf: [.dict], section: section,
                summary: "The value of key; when the dict has no such key, first sets it to default (none).",
                example: "index = {}\nindex.setdefault(\"cat\", []).append(1)\nindex") { p in
            let dict = p.arg("dict", DictObject.self), key = p.value("key")
            let fallback = p.value("default", default: Value.none)
            return { a in
                let d = try a[dict], k = try DictKey(a.value(key))
                if let v = d[k] { return v }
                d[k] = a.value(fallback)
                return a.value(fallback)
            }
        },
        Builtin("update", methodOf: [.dict], section: section,
                summary: "Sets every key of another dict (or list of (key, value) pairs), in place; on a counter, adds counts instead, and counts the items of a list.",
                example: "d = {\"a\": 1}\nd.update({\"b\": 2})\nd\nwords = counter([\"a\"])\nwords.update([\"a\", \"b\"])\nwords") { p in
            let dict = p.arg("dict", DictObject.self), other = p.value("other", hint: "dict or list of pairs")
            return { a in
                let d = try a[dict]
                switch a.value(other) {
                case .dict(let source) where d.isCounter:
                    for (k, v) in source.pairs { d[k] = try add(d[k] ?? .number(0), v) }
                case .dict(let source):
                    for (k, v) in source.pairs { d[k] = v }
                case let items where d.isCounter:
                    try ListLibrary.count(iterationItems(items, "update"), into: d)
                case let pairs:
                    try setPairs(pairs, into: d, "update")
                }
                return .none
            }
        },
        Builtin("most_common", methodOf: [.dict], section: section,
                summary: "(key, count) pairs, largest count first, ties in insertion order; the first n only when n is given (Python's Counter.most_common).",
                example: "counter(split(\"the cat and the hat\")).most_common(2)") { p in
            let dict = p.arg("dict", DictObject.self), n = p.optional("n", Int.self)
            return { a in
                let pairs = try a[dict].pairs
                let order = try ListLibrary.stableOrder(pairs.count) { i, j in
                    try lessThan(pairs[j].1, pairs[i].1, "most_common")
                }
                let limit = try a[n].map { Swift.max(0, Swift.min($0, pairs.count)) } ?? pairs.count
                return .list(ListObject(order.prefix(limit).map { .tuple([pairs[$0].0.value, pairs[$0].1]) }))
            }
        },
    ]

    /// Sets each (key, value) pair (a tuple or a two-item list) of an iterable.
    private static func setPairs(_ pairs: Value, into d: DictObject, _ who: String) throws {
        for pair in try iterationItems(pairs, who) {
            switch pair {
            case .tuple(let kv) where kv.count == 2: d[try DictKey(kv[0])] = kv[1]
            case .list(let l) where l.items.count == 2: d[try DictKey(l.items[0])] = l.items[1]
            default: throw LangError("\(who): expected (key, value) pairs, got \(pair.kindDescription)")
            }
        }
    }

    /// A count plus another (numbers, as Counter's values are).
    private static func add(_ x: Value, _ y: Value) throws -> Value {
        guard case .number(let a) = x, case .number(let b) = y else {
            throw LangError("update: a counter adds numbers, got \(x.kindDescription) and \(y.kindDescription)")
        }
        return .number(a + b)
    }
}
