import TensorRuntime

/// The one iteration protocol: `for` loops, comprehensions and the builtins that take anything
/// iterable (`list`, `enumerate`, `zip`, `sorted`, ...) walk values through a `ValueIterator`:
/// list and tuple items, a string's characters, a dict's keys, a range's numbers, a tensor's rows.
struct ValueIterator {
    private enum Source {
        case items([Value])
        case characters([Character])
        case keys([DictKey])
        case range(RangeObject)
        case rows(Tensor)
        case iterator(IteratorObject)
    }

    private let source: Source
    private var position = 0
    /// How many items it yields in all.
    let count: Int

    /// `who` prefixes the error for a value that cannot be iterated (`list: cannot iterate over
    /// number`); a `for` loop passes nil.
    init(_ value: Value, who: String? = nil) throws {
        switch value {
        case .list(let l):
            // A snapshot: appending inside the loop does not extend it.
            source = .items(l.items)
            count = l.items.count
        case .tuple(let items):
            source = .items(items)
            count = items.count
        case .string(let s):
            let characters = Array(s)
            source = .characters(characters)
            count = characters.count
        case .dict(let d):
            source = .keys(d.keys)
            count = d.count
        case .range(let r):
            source = .range(r)
            count = r.count
        case .tensor(let t):
            guard let n = t.shape.first else { throw LangError(Self.prefix(who) + "cannot iterate over a 0-d tensor") }
            source = .rows(t)
            count = n
        case .iterator(let it):
            // Its length is unknown until it ends (`next` gives nil).
            source = .iterator(it)
            count = Int.max
        default:
            throw LangError(Self.prefix(who) + "cannot iterate over \(value.kindDescription)")
        }
    }

    private static func prefix(_ who: String?) -> String { who.map { $0 + ": " } ?? "" }

    /// The next item, or nil after the last.
    @inline(__always)
    mutating func next() throws -> Value? {
        guard position < count else { return nil }
        let i = position
        position += 1
        switch source {
        case .range(let r): return .number(Double(r[i]))
        case .items(let items): return items[i]
        case .characters(let cs): return .string(String(cs[i]))
        case .keys(let keys): return keys[i].value
        case .rows(let t): return .tensor(try tensorRow(t, i))
        case .iterator(let it): return try it.next()
        }
    }

    /// The length when it is known before walking (not for a one-pass iterator).
    var knownCount: Int? { count == Int.max ? nil : count }

    /// A loop left early (`break`, `return`) tells a one-pass iterator where it stopped.
    func leave() {
        if case .iterator(let it) = source { it.leave() }
    }
}

/// Every item of an iterable value, for builtins that need them all at once; the list limit
/// applies (a range can be far longer than any list).
func iterationItems(_ v: Value, _ who: String) throws -> [Value] {
    if case .list(let l) = v { return l.items }
    if case .tuple(let t) = v { return t }
    if case .iterator(let it) = v { return try it.drain(limit: LanguageLimits.maxElements) }
    var iterator = try ValueIterator(v, who: who)
    guard iterator.count <= LanguageLimits.maxElements else {
        throw LangError("\(who): \(iterator.count) items is over the list limit of \(LanguageLimits.maxElements) (a for loop over a range has no limit)")
    }
    var items: [Value] = []
    items.reserveCapacity(iterator.count)
    while let item = try iterator.next() { items.append(item) }
    return items
}

extension Interpreter {
    /// `for target in iterable { body }`.
    func forLoop(_ target: Target, _ iterable: Expr, _ body: [Stmt], _ loc: Loc, _ frame: Frame) throws -> Flow {
        var items: ValueIterator
        do { items = try ValueIterator(try eval(iterable, frame)) } catch { throw located(error, iterable.loc) }
        var direct: Slot?
        if case .variable(_, let slot, _) = target { direct = slot }
        while true {
            let next: Value?
            do { next = try items.next() } catch { throw located(error, iterable.loc) }
            guard let value = next else { return .normal }
            try poll(at: loc)
            if let direct { write(direct, value, frame) } else { try assign(target, value, frame) }
            switch try exec(body, frame) {
            case .normal, .continueLoop: continue
            case .breakLoop: items.leave(); return .normal
            case .returned(let v): items.leave(); return .returned(v)
            }
        }
    }
}
