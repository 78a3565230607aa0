import TensorRuntime

/// Lists as Python's (LANGUAGE.md 9.2): stable `sorted`, the in-place methods, `counter`.
/// The methods change the list they are called on, as Python's do.
enum ListLibrary {
    static let library = Library(name: "Lists", builtins: ordering + changing + summaries)

    static let section = "Lists"

    static func list(_ v: Value, _ a: Arguments, _ slot: Int) throws -> ListObject {
        guard case .list(let l) = v else { throw a.failure(slot: slot, "a list", v) }
        return l
    }

    static func checkRoom(_ l: ListObject, adding n: Int, _ op: String) throws {
        if l.items.count + n > LanguageLimits.maxElements {
            throw LangError("\(op): list too large (the limit is \(LanguageLimits.maxElements) items)")
        }
    }

    /// Python's index rules for `pop` and `insert`: negative counts from the end.
    static func position(_ i: Int, count: Int, clamp: Bool) -> Int? {
        let k = i < 0 ? i + count : i
        if clamp { return Swift.min(Swift.max(k, 0), count) }
        return k >= 0 && k < count ? k : nil
    }

    static let ordering: [Builtin] = [
        Builtin("sorted", section: section,
                summary: "A new sorted list; key: a function giving each item's sort key; stable as Python's, also with reverse: true.",
                example: "sorted([3, 1, 2], reverse: true)\nsorted([\"bb\", \"a\", \"cc\"], key: len)") { p in
            let items = p.value("items", hint: "list"), key = p.value("key", hint: "function", default: Value.none)
            let reverse = p.bool("reverse", default: false)
            return { a in
                .list(ListObject(try sortedItems(iterationItems(a.value(items), "sorted"), key: a.value(key),
                                                 reverse: a[reverse], a, "sorted")))
            }
        },
        Builtin("map", section: section,
                summary: "A list of f applied to the items (to the items of several lists in step, as long as the shortest), as list(map(f, xs)) in Python.",
                example: "map(fn(x) => x * 2, [1, 2, 3])\nmap(fn(a, b) => a + b, [1, 2], [10, 20])") { p in
            let f = p.value("f", hint: "function"), sequences = p.rest("sequences", hint: "lists")
            return { a in
                let sequences = try a[sequences]
                guard !sequences.isEmpty else { throw LangError("map: needs at least one list to map over") }
                let function = a.value(f)
                return .list(ListObject(try itemsInStep(sequences, "map") { try a.context.call(function, $0) }))
            }
        },
        Builtin("filter", section: section,
                summary: "A list of the items for which f is true (f none: the true items), as list(filter(f, xs)) in Python.",
                example: "filter(fn(x) => x > 1, [1, 2, 3])\nfilter(none, [0, 1, \"\", \"a\"])") { p in
            let f = p.value("f", hint: "function or none"), items = p.value("items", hint: "list")
            return { a in
                let function = a.value(f)
                return .list(ListObject(try iterationItems(a.value(items), "filter").filter { item in
                    try truthValue(function.isNone ? item : a.context.call(function, [item]))
                }))
            }
        },
        Builtin("reversed", section: section, summary: "A new list of the items in reverse order.",
                example: "reversed([1, 2, 3])\nreversed([\"eng\", \"fra\"])") { p in
            let items = p.value("items", hint: "list, tuple or string")
            return { a in .list(ListObject(try iterationItems(a.value(items), "reversed").reversed())) }
        },
    ]

    /// `row` of the i-th items of every sequence, for each i up to the shortest's length
    /// (`zip`: a tuple; `map` over several lists: a call).
    static func itemsInStep(_ sequences: [Value], _ who: String, _ row: ([Value]) throws -> Value) throws -> [Value] {
        let columns = try sequences.map { try iterationItems($0, who) }
        let n = columns.map(\.count).min() ?? 0
        return try (0..<n).map { i in try row(columns.map { $0[i] }) }
    }

    /// `values` in Python's sorted order: by `key(item)` when key is a function, stable, and with
    /// `reverse` still keeping equal items in their original order (`sorted` and `xs.sort()`).
    static func sortedItems(_ values: [Value], key keyFunction: Value, reverse descending: Bool,
                            _ a: Arguments, _ who: String) throws -> [Value] {
        let keys = keyFunction.isNone ? values : try values.map { try a.context.call(keyFunction, [$0]) }
        var failure: Error?
        // Compare the other way round for reverse, never reverse the sorted result.
        let order = try stableOrder(keys.count) { i, j in
            if let failure { throw failure }
            do { return descending ? try lessThan(keys[j], keys[i], who) : try lessThan(keys[i], keys[j], who) }
            catch { failure = error; throw error }
        }
        return order.map { values[$0] }
    }

    /// Indices 0..<n in a stable order by `less` (a merge sort: `Array.sort` is not stable).
    static func stableOrder(_ n: Int, _ less: (Int, Int) throws -> Bool) throws -> [Int] {
        var order = Array(0..<n)
        var buffer = order
        var width = 1
        while width < n {
            var start = 0
            while start < n {
                let mid = Swift.min(start + width, n), end = Swift.min(start + 2 * width, n)
                var i = start, j = mid, k = start
                while i < mid && j < end {
                    // Take from the right run only when strictly smaller: equal items keep their order.
                    if try less(order[j], order[i]) { buffer[k] = order[j]; j += 1 } else { buffer[k] = order[i]; i += 1 }
                    k += 1
                }
                while i < mid { buffer[k] = order[i]; i += 1; k += 1 }
                while j < end { buffer[k] = order[j]; j += 1; k += 1 }
                start = end
            }
            swap(&order, &buffer)
            width *= 2
        }
        return order
    }

    static let changing: [Builtin] = [
        Builtin("extend", methodOf: [.list], section: section,
                summary: "Appends every item of another list, tuple or string (in place).",
                example: "xs = [1]\nxs.extend([2, 3])\nxs") { p in
            let target = p.value("list", hint: "list"), items = p.value("items", hint: "list, tuple or string")
            return { a in
                let l = try list(a.value(target), a, target.slot)
                let more = try iterationItems(a.value(items), "extend")
                try checkRoom(l, adding: more.count, "extend")
                l.items.append(contentsOf: more)
                return .none
            }
        },
        Builtin("pop", methodOf: [.list, .dict], section: section,
                summary: "Removes and returns the item at index (the last by default); on a dict, the value of a key (or default).",
                example: "xs = [1, 2, 3]\nxs.pop()\nxs.pop(0)\nxs") { p in
            let target = p.value("list", hint: "list or dict"), index = p.value("index", hint: "number or key", default: Value.none)
            let fallback = p.optional("default", Value.self)
            return { a in
                switch a.value(target) {
                case .list(let l):
                    guard !l.items.isEmpty else { throw LangError("pop: pop from empty list") }
                    let i = a.value(index).isNone ? -1 : try Int.read(a.value(index), a, index.slot)
                    guard let k = position(i, count: l.items.count, clamp: false) else {
                        throw LangError("pop: index \(i) out of range for a list of \(l.items.count)")
                    }
                    return l.items.remove(at: k)
                case .dict(let d):
                    let key = try DictKey(a.value(index))
                    guard let v = d[key] else {
                        if let f = try a[fallback] { return f }
                        throw LangError("pop: dict has no key \(key.description)")
                    }
                    d[key] = nil
                    return v
                case let other: throw a.failure(target, "a list or dict", other)
                }
            }
        },
        Builtin("insert", methodOf: [.list], section: section,
                summary: "Inserts the item before index (in place), as Python's list.insert.",
                example: "xs = [\"a\", \"c\"]\nxs.insert(1, \"b\")\nxs") { p in
            let target = p.value("list", hint: "list"), index = p.int("index"), item = p.value("item")
            return { a in
                let l = try list(a.value(target), a, target.slot)
                try checkRoom(l, adding: 1, "insert")
                l.items.insert(a.value(item), at: position(try a[index], count: l.items.count, clamp: true)!)
                return .none
            }
        },
        Builtin("index", methodOf: [.list, .tuple, .string], section: section,
                summary: "The index of the first item equal to x (of a substring, for strings); an error when there is none.",
                example: "[\"SOS\", \"EOS\", \"cat\"].index(\"cat\")") { p in
            let target = p.value("items", hint: "list, tuple or string"), x = p.value("x")
            return { a in
                let found: Int?
                switch (a.value(target), a.value(x)) {
                case (.string(let s), .string(let sub)):
                    let k = StringOps.find(s, sub)
                    found = k >= 0 ? k : nil
                case (.list(let l), let item): found = l.items.firstIndex { valuesEqual($0, item) }
                case (.tuple(let t), let item): found = t.firstIndex { valuesEqual($0, item) }
                case (let other, _): throw a.failure(target, "a list, tuple or string", other)
                }
                guard let found else { throw LangError("index: \(a.value(x).repr) is not in the \(a.value(target).kind.rawValue)") }
                return .number(Double(found))
            }
        },
    ]

    static let summaries: [Builtin] = [
        Builtin("any", section: section, summary: "True when some item is true (as Python's truth: 0, \"\", [] and none are false).",
                example: "any([0, 0, 1])\nany([])") { p in
            let items = p.value("items", hint: "list")
            return { a in .bool(try iterationItems(a.value(items), "any").contains { try truthValue($0) }) }
        },
        Builtin("all", section: section, summary: "True when every item is true (and for an empty list).",
                example: "all([1, 2, 3])\nall([1, 0])") { p in
            let items = p.value("items", hint: "list")
            return { a in .bool(try iterationItems(a.value(items), "all").allSatisfy { try truthValue($0) }) }
        },
        Builtin("counter", section: section,
                summary: "A dict of how often each item occurs, in first-seen order (Python's collections.Counter): an absent key reads as 0, update adds counts; counter() starts empty.",
                example: "counter(split(\"the cat and the hat\"))\nwords = counter()\nfor w in split(\"a b a\") { words[w] += 1 }\nwords") { p in
            let items = p.value("items", hint: "list, tuple or string", default: .list(ListObject([])))
            return { a in
                let counts = DictObject()
                counts.isCounter = true
                try count(iterationItems(a.value(items), "counter"), into: counts)
                return .dict(counts)
            }
        },
    ]

    /// Adds one to the count of each item (a new item counts from 0).
    static func count(_ items: [Value], into counts: DictObject) throws {
        for item in items {
            let key = try DictKey(item)
            if case .number(let n)? = counts[key] { counts[key] = .number(n + 1) } else { counts[key] = .number(1) }
        }
    }

    /// Python's `sum(items)`: numbers add to a number; tensors (or numbers and tensors) to a
    /// tensor, as `sum(losses)` does in PyTorch code. The tensor `sum` builtin calls this for
    /// a list or tuple argument.
    static func sum(_ items: [Value]) throws -> Value {
        var total = 0.0
        var tensorTotal: Tensor?
        for item in items {
            switch item {
            case .number(let x): total += x
            case .bool(let b): total += b ? 1 : 0
            case .tensor(let t): tensorTotal = try tensorTotal.map { try TensorRuntime.add($0, t) } ?? t
            default: throw LangError("sum: cannot add \(item.kindDescription) (numbers or tensors)")
            }
        }
        guard let tensorTotal else { return .number(total) }
        return .tensor(total == 0 ? tensorTotal : try TensorRuntime.add(tensorTotal, Float(total)))
    }
}

/// Truth as in Python (`if`, `while`, `not`, `any`, `all`): false, 0, none, "", empty
/// containers; a one-element tensor by its element, as in PyTorch.
func truthValue(_ v: Value) throws -> Bool {
    switch v {
    case .bool(let b): return b
    case .number(let x): return x != 0
    case .none: return false
    case .string(let s): return !s.isEmpty
    case .list(let l): return !l.items.isEmpty
    case .tuple(let t): return !t.isEmpty
    case .dict(let d): return d.count > 0
    case .range(let r): return r.count > 0
    case .tensor(let t):
        guard t.count == 1 else {
            throw LangError("the truth value of a tensor with \(t.count) elements is ambiguous (compare one element, or reduce with sum or max first)")
        }
        return try t.itemValue() != 0
    default: return true
    }
}
