import TensorRuntime

/// `x[...]` on tensors, lists, tuples, strings and dicts, and `x[...] = v`.
extension Interpreter {
    func index(_ base: Value, _ keys: [IndexKey]) throws -> Value {
        switch base {
        case .tensor(let t):
            return .tensor(try tensorIndex(t, keys))
        case .list(let l):
            return try indexSequence(l.items, keys, kind: "list") { .list(ListObject($0)) }
        case .tuple(let items):
            return try indexSequence(items, keys, kind: "tuple") { .tuple($0) }
        case .string(let s):
            let chars = s.codePoints
            return try indexSequence(chars, keys, kind: "string") { parts in
                .string(parts.map { $0.str }.joined())
            }
        case .range(let r):
            guard keys.count == 1, case .value(let v, _) = keys[0] else {
                throw LangError("a range takes one index (list(r) to slice it)")
            }
            return .number(Double(r[try sequenceIndex(v, count: r.count, kind: "range")]))
        case .dict(let d):
            let key = try dictKey(keys)
            guard let v = d[key] else {
                if d.isCounter { return .number(0) }
                throw LangError("dict has no key \(key)")
            }
            return v
        default:
            throw LangError("\(base.kindDescription) cannot be indexed")
        }
    }

    /// `d[k]`, and `d[a, b]` for the tuple key `(a, b)` as in Python.
    private func dictKey(_ keys: [IndexKey]) throws -> DictKey {
        var parts: [Value] = []
        for key in keys {
            guard case .value(let k, _) = key else { throw LangError("a dict is indexed by a key, not a slice or '...'") }
            parts.append(k)
        }
        return try DictKey(parts.count == 1 ? parts[0] : .tuple(parts))
    }

    private func indexSequence(_ items: [Value], _ keys: [IndexKey], kind: String, rebuild: ([Value]) -> Value) throws -> Value {
        guard keys.count == 1 else { throw LangError("a \(kind) takes one index, got \(keys.count)") }
        switch keys[0] {
        case .value(let v, _):
            return items[try sequenceIndex(v, count: items.count, kind: kind)]
        case .slice(let a, let b, let c):
            let indices = try sliceIndices(count: items.count, a, b, c)
            return rebuild(indices.map { items[$0] })
        case .ellipsis:
            throw LangError("'...' indexes tensors only, not a \(kind)")
        }
    }

    /// A checked position in a sequence of `count` items (negative counts from the end).
    func sequenceIndex(_ v: Value, count: Int, kind: String) throws -> Int {
        let i = try v.toInt(what: "\(kind) index")
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else {
            throw LangError("\(kind) index \(i) is out of range (length \(count))")
        }
        return j
    }

    /// Positions selected by `start:end:step` on `count` items, clamped as in Python.
    func sliceIndices(count: Int, _ a: Value?, _ b: Value?, _ c: Value?) throws -> [Int] {
        func bound(_ v: Value?) throws -> Int? {
            guard let v, !v.isNone else { return nil }
            return try v.toInt(what: "slice bound")
        }
        let step = try bound(c) ?? 1
        guard step != 0 else { throw LangError("slice step cannot be zero") }
        func clamp(_ i: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
            guard var i else { return fallback }
            if i < 0 { i += count }
            return min(max(i, low), high)
        }
        if step > 0 {
            let start = clamp(try bound(a), 0, low: 0, high: count)
            let end = clamp(try bound(b), count, low: 0, high: count)
            return start < end ? Array(stride(from: start, to: end, by: step)) : []
        }
        let start = clamp(try bound(a), count - 1, low: -1, high: count - 1)
        let end = clamp(try bound(b), -1, low: -1, high: count - 1)
        return start > end ? Array(stride(from: start, to: end, by: step)) : []
    }

    func setIndex(_ base: Value, _ keys: [IndexKey], _ value: Value) throws {
        switch base {
        case .tensor(let t):
            try tensorAssign(t, keys, value)
        case .list(let l):
            guard keys.count == 1, case .value(let v, _) = keys[0] else {
                throw LangError("list item assignment takes one index (slices cannot be assigned)")
            }
            l.items[try sequenceIndex(v, count: l.items.count, kind: "list")] = value
        case .dict(let d):
            d[try dictKey(keys)] = value
        case .tuple, .string:
            throw LangError("a \(base.kindDescription) cannot be changed; build a new one")
        default:
            throw LangError("\(base.kindDescription) does not support item assignment")
        }
    }
}
