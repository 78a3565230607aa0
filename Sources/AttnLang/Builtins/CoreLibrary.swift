import TensorRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The everyday builtins (LANGUAGE.md section 5, "Everyday"): printing, sequences,
/// conversions and random numbers for toy data.
enum CoreLibrary {
    static let library = Library(name: "core", builtins: output + sequences + conversions + randomness)

    static let output: [Builtin] = [
        Builtin("print", section: "Show",
                summary: "Shows the values separated by sep (strings without quotes), then end; an end without a newline leaves the line open for the next print.",
                example: "print(\"loss\", 0.25)\nprint(\"a\", \"b\", sep: \"-\", end: \"\")\nprint(\"!\")") { p in
            let values = p.rest("values", hint: "any"), sep = p.string("sep", default: " "), end = p.string("end", default: "\n")
            return { a in
                let sep = try a[sep], end = try a[end]
                let text = a[values].map(\.str).joined(separator: sep)
                if end == "\n" && !PartialLine.isOpen(a.context) {
                    a.context.display(.text(text))
                } else {
                    PartialLine.write(text + end, a.context)
                }
                return .none
            }
        },
        Builtin("help", section: "Show", summary: "Shows a builtin's signature, summary and example; help() lists every builtin.",
                example: "help(softmax)") { p in
            let topic = p.value("topic", hint: "builtin or name", default: Value.none)
            return { a in
                a.context.display(.text(try helpText(a.value(topic), registry: a.context.registry)))
                return .none
            }
        },
        Builtin("time", section: "Everyday", summary: "Seconds since 1970 (for timing: time() - start).",
                example: "start = time()\nprint(\"took\", time() - start, \"s\")") { _ in
            { _ in
                var ts = timespec()
                clock_gettime(CLOCK_REALTIME, &ts)
                return .number(Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9)
            }
        },
        Builtin("set_limit", section: "Everyday",
                summary: "Sets a safety limit: \"memory\" (bytes per tensor), \"recursion\" (nested calls, at most 20000) or \"elements\" (items per list or string). Returns the old value.",
                example: "old = set_limit(\"recursion\", 2000)\nset_limit(\"recursion\", old)") { p in
            let nameArg = p.string("name"), valueArg = p.int("value")
            return { a in
                let name = try a[nameArg], value = try a[valueArg]
                guard value > 0 else { throw LangError("set_limit: the limit must be positive, not \(value)") }
                let old: Int
                switch name {
                case "memory":
                    old = Limits.maxTensorBytes
                    Limits.maxTensorBytes = value
                case "recursion":
                    // Deeper recursion than this could outgrow the evaluator's 512 MiB stack.
                    guard value <= 20000 else { throw LangError("set_limit: recursion can be at most 20000, not \(value)") }
                    old = LanguageLimits.maxCallDepth
                    LanguageLimits.maxCallDepth = value
                case "elements":
                    old = LanguageLimits.maxElements
                    LanguageLimits.maxElements = value
                default:
                    throw LangError("set_limit: unknown limit \"\(name)\" (use \"memory\", \"recursion\" or \"elements\")")
                }
                return .number(Double(old))
            }
        },
        Builtin("set_num_threads", section: "Everyday",
                summary: "Threads tensor work may use, as torch.set_num_threads: with 2, attn's one worker thread takes half of each large product (OpenBLAS's two threads take products from 1.5·2^30 multiply-adds), matrix-vector product, batch of small products and large elementwise loop; above 2, large products run on OpenBLAS's threads. 1 keeps everything on the calling thread.",
                example: "set_num_threads(1)\nset_num_threads(2)") { p in
            let countArg = p.int("count")
            return { a in
                let count = try a[countArg]
                guard count >= 1 else { throw LangError("set_num_threads: the count must be at least 1, not \(count)") }
                Blas.setThreads(count)
                return .none
            }
        },
        Builtin("get_num_threads", section: "Everyday",
                summary: "Threads tensor work may use (see set_num_threads), as torch.get_num_threads.",
                example: "get_num_threads()") { _ in
            { _ in .number(Double(Blas.threads)) }
        },
        Builtin("type", section: "Everyday",
                summary: "The kind of a value as a string: \"number\", \"tensor\", \"list\", ...",
                example: "type(3)") { p in
            let value = p.value("value")
            return { a in .string(a.value(value).kind.rawValue) }
        },
    ]

    /// What `help(topic)` and `attn help NAME` print: every builtin by section, or one
    /// builtin's signature, summary and example.
    static func helpText(_ topic: Value, registry: Registry) throws -> String {
        var b: Builtin?
        switch topic {
        case .none:
            let sections = Dictionary(grouping: registry.allBuiltins, by: \.section)
            return sections.keys.sorted().map { section in
                section + ": " + (sections[section] ?? []).map(\.name).joined(separator: " ")
            }.joined(separator: "\n")
        case .function(.builtin(let builtin)): b = builtin
        case .function(.bound(let m)): b = m.builtin
        case .string(let name): b = registry.builtin(named: name) ?? registry.layerType(name)?.call
        case .layer(let l): b = l.type.call
        default: break
        }
        guard let b else { throw LangError("help: no builtin named \(topic.repr)") }
        return b.helpText
    }

    /// A builtin of one argument of any kind.
    static func ofValue(_ name: String, _ hint: String, section: String = "Everyday", methodOf: [ValueKind] = [],
                        summary: String, example: String, _ f: @escaping (Value) throws -> Value) -> Builtin {
        Builtin(name, methodOf: methodOf, section: section, summary: summary, example: example) { p in
            let value = p.value("value", hint: hint)
            return { a in try f(a.value(value)) }
        }
    }

    static let conversions: [Builtin] = [
        ofValue("str", "any", summary: "The printed form of a value.", example: "str(3) + \" steps\"") { .string($0.str) },
        ofValue("int", "number, string or one-element tensor",
                summary: "Truncates toward zero, as Python's int().", example: "int(3.7)") { v in
            let x = try numberOf(v, "int")
            guard x.isFinite else { throw LangError("int: cannot convert \(formatLanguageNumber(x)) to a whole number") }
            return .number(x.rounded(.towardZero))
        },
        ofValue("float", "number, string or one-element tensor",
                summary: "A number from a string, bool or one-element tensor.", example: "float(\"0.5\")") { v in
            .number(try numberOf(v, "float"))
        },
        Builtin("round", section: "Everyday",
                summary: "Rounds half to even, as Python's round(); with ndigits, the exact binary value to that many decimals (negative: tens, hundreds, …).",
                example: "round(2.675, 2)") { p in
            let xArg = p.number("x"), ndigits = p.optional("ndigits", Int.self)
            return { a in
                let x = try a[xArg]
                guard let n = try a[ndigits] else { return .number(x.rounded(.toNearestOrEven) + 0) }  // + 0: no "-0"
                return .number(pythonRound(x, n))
            }
        },
        Builtin("list", section: "Everyday",
                summary: "A new list of the items (dict keys; a tensor's rows).", example: "list((1, 2))") { p in
            let items = p.value("items", hint: "list, tuple, string, dict or tensor", default: Value.none)
            return { a in
                let v = a.value(items)
                if v.isNone { return .list(ListObject([])) }
                return .list(ListObject(try iterationItems(v, "list")))
            }
        },
        Builtin("tuple", section: "Everyday",
                summary: "A tuple of the items (dict keys; a tensor's rows), as Python's tuple(xs).", example: "tuple([1, 2])\ntuple(\"ab\")") { p in
            let items = p.value("items", hint: "list, tuple, string, dict or tensor", default: Value.none)
            return { a in
                let v = a.value(items)
                if v.isNone { return .tuple([]) }
                if case .tuple = v { return v }
                return .tuple(try iterationItems(v, "tuple"))
            }
        },
    ]

    static let sequences: [Builtin] = [
        Builtin("len", section: "Everyday",
                summary: "Number of items (a tensor's first dimension).", example: "len([1, 2, 3])") { p in
            let x = p.value("x", hint: "list, tuple, string, dict, range or tensor")
            return { a in
                switch a.value(x) {
                case .list(let l): return .number(Double(l.items.count))
                case .tuple(let t): return .number(Double(t.count))
                case .string(let s): return .number(Double(s.codePointCount))
                case .dict(let d): return .number(Double(d.count))
                case .range(let r): return .number(Double(r.count))
                case .tensor(let t):
                    guard let n = t.shape.first else { throw LangError("len: a 0-d tensor has no length") }
                    return .number(Double(n))
                default: throw a.failure(x, "a list, tuple, string, dict, range or tensor")
                }
            }
        },
        Builtin("range", section: "Everyday",
                summary: "range(n) is 0, 1, ..., n-1; range(a, b, step) as in Python: made as it is walked, so a loop over it builds no list.", example: "list(range(2, 10, 2))") { p in
            let startArg = p.int("start"), stopArg = p.optional("stop", Int.self), stepArg = p.int("step", default: 1)
            return { a in
                var start = try a[startArg], stop = 0
                if let s = try a[stopArg] { stop = s } else { stop = start; start = 0 }
                let step = try a[stepArg]
                guard step != 0 else { throw LangError("range: step must not be zero") }
                return .range(RangeObject(start: start, stop: stop, step: step))
            }
        },
        Builtin("enumerate", section: "Everyday", summary: "Pairs (i, item) for looping with a counter.",
                example: "for i, w in enumerate([\"the\", \"cat\"]) { print(i, w) }") { p in
            let itemsArg = p.value("items", hint: "list, tuple, string, dict or tensor"), startArg = p.int("start", default: 0)
            return { a in
                let start = try a[startArg]
                let items = try iterationItems(a.value(itemsArg), "enumerate")
                return .list(ListObject(items.enumerated().map { .tuple([.number(Double($0.offset + start)), $0.element]) }))
            }
        },
        Builtin("zip", section: "Everyday", summary: "Tuples of corresponding items, as long as the shortest input.",
                example: "for x, y in zip([1, 2], [\"a\", \"b\"]) { print(x, y) }") { p in
            let sequences = p.rest("sequences", hint: "lists")
            return { a in .list(ListObject(try ListLibrary.itemsInStep(a[sequences], "zip", Value.tuple))) }
        },
        extremeOfValues("min", isMax: false, summary: "The smallest of the arguments or of one list (tensors: see the tensor min).",
                        example: "min(3, 1, 2)"),
        extremeOfValues("max", isMax: true, summary: "The largest of the arguments or of one list (tensors: see the tensor max).",
                        example: "max([3, 1, 2])"),
        Builtin("append", methodOf: [.list], section: "Everyday",
                summary: "Adds the item at the end of the list (in place).", example: "losses = []\nlosses.append(0.25)") { p in
            let listArg = p.value("list", hint: "list"), item = p.value("item")
            return { a in
                guard case .list(let l) = a.value(listArg) else { throw a.failure(listArg, "a list") }
                if l.items.count >= LanguageLimits.maxElements {
                    throw LangError("append: list too large (the limit is \(LanguageLimits.maxElements) items)")
                }
                l.items.append(a.value(item))
                return .none
            }
        },
        ofDict("keys", summary: "The keys of a dict, in insertion order.", example: "keys({\"lr\": 0.1, \"steps\": 100})") {
            $0.keys.map(\.value)
        },
        ofDict("values", summary: "The values of a dict, in insertion order.", example: "values({\"lr\": 0.1, \"steps\": 100})") {
            $0.pairs.map(\.1)
        },
        ofDict("items", summary: "(key, value) pairs of a dict, in insertion order.",
               example: "for name, p in params({\"proj\": linear(2, 3)}).items() { print(name, p.shape) }") {
            $0.pairs.map { .tuple([$0.0.value, $0.1]) }
        },
    ]

    static func extremeOfValues(_ name: String, isMax: Bool, summary: String, example: String) -> Builtin {
        Builtin(name, section: "Everyday", summary: summary, example: example) { p in
            let values = p.rest("values", hint: "numbers or a list")
            let key = p.value("key", hint: "function", default: Value.none)
            return { a in try numberMinMax(a[values], isMax: isMax, key: a.value(key), context: a.context) }
        }
    }

    /// `keys`/`values`/`items`: a list made from a dict.
    static func ofDict(_ name: String, summary: String, example: String, _ f: @escaping (DictObject) -> [Value]) -> Builtin {
        Builtin(name, methodOf: [.dict], section: "Everyday", summary: summary, example: example) { p in
            let dict = p.arg("dict", DictObject.self)
            return { a in .list(ListObject(f(try a[dict]))) }
        }
    }

    static let randomness: [Builtin] = [
        Builtin("random", section: "Everyday", summary: "A number in [0, 1) from the seeded generator.",
                example: "teacher_forcing = random() < 0.5") { _ in
            { _ in .number(RandomGenerator.shared.nextDouble()) }
        },
        Builtin("randint", section: "Everyday",
                summary: "A whole number in [low, high) (high excluded, as torch.randint).",
                example: "randint(0, 10)") { p in
            let low = p.int("low"), high = p.int("high")
            return { a in .number(Double(try randomInteger(a[low], a[high]))) }
        },
        Builtin("choice", section: "Everyday",
                summary: "A random item of a list (seeded generator).", example: "choice([\"a\", \"b\"])") { p in
            let itemsArg = p.value("items", hint: "list")
            return { a in
                let items = try iterationItems(a.value(itemsArg), "choice")
                guard !items.isEmpty else { throw LangError("choice: the list is empty") }
                return items[try randomInteger(0, items.count)]
            }
        },
        Builtin("shuffle", section: "Everyday",
                summary: "A new list with the items in random order: item i of torch.randperm(n) order (seeded generator).", example: "shuffle([(\"a\", 1), (\"b\", 2), (\"c\", 3)])") { p in
            let itemsArg = p.value("items", hint: "list")
            return { a in
                let items = try iterationItems(a.value(itemsArg), "shuffle")
                return .list(ListObject(RandomGenerator.shared.permutation(items.count).map { items[$0] }))
            }
        },
    ]

    // MARK: - Helpers shared with other libraries

    /// `print(..., end: "")` leaves a line open: displayed items are whole lines, so the open
    /// part waits for the next print to continue it, or for the statement's end
    /// (`Interpreter.runTopLevel` calls `flush`).
    enum PartialLine {
        nonisolated(unsafe) private static var open: [ObjectIdentifier: String] = [:]

        static func isOpen(_ context: CallContext) -> Bool { open[ObjectIdentifier(context)] != nil }

        static func write(_ text: String, _ context: CallContext) {
            let id = ObjectIdentifier(context)
            var lines = ((open.removeValue(forKey: id) ?? "") + text).split(separator: "\n", omittingEmptySubsequences: false)
            let last = lines.removeLast()
            for line in lines { context.display(.text(String(line))) }
            if !last.isEmpty { open[id] = String(last) }
        }

        /// Shows the open line, if any, and closes it.
        static func flush(_ context: CallContext) {
            if let rest = open.removeValue(forKey: ObjectIdentifier(context)) { context.display(.text(rest)) }
        }
    }

    /// A whole number in [low, high) from the seeded generator (`randint` without a shape): the
    /// number `torch.randint(low, high, ()).item()` gives after the same seed.
    static func randomInteger(_ low: Int, _ high: Int) throws -> Int {
        try RandomGenerator.shared.nextInt(low, high)
    }

    /// `min`/`max` of numbers or strings: the arguments, or the items of a single list/tuple;
    /// with `key` (a function, or none), compared by its result. The first of equal items wins,
    /// as in Python.
    static func numberMinMax(_ values: [Value], isMax: Bool, key: Value = .none, context: CallContext? = nil) throws -> Value {
        let name = isMax ? "max" : "min"
        var items = values
        if values.count == 1 {
            switch values[0] {
            case .list(let l): items = l.items
            case .tuple(let t): items = t
            default: break
            }
        }
        guard !items.isEmpty else { throw LangError("\(name): needs at least one value") }
        let keys = key.isNone || context == nil ? items : try items.map { try context!.call(key, [$0]) }
        var best = 0
        for k in keys.indices.dropFirst() {
            let better = isMax ? try lessThan(keys[best], keys[k], name) : try lessThan(keys[k], keys[best], name)
            if better { best = k }
        }
        return items[best]
    }
}

/// Orders numbers with numbers and strings with strings.
func lessThan(_ a: Value, _ b: Value, _ who: String) throws -> Bool {
    if let x = a.arithmeticNumber, let y = b.arithmeticNumber { return x < y }
    if case .string(let x) = a, case .string(let y) = b { return x < y }
    if case .tuple(let x) = a, case .tuple(let y) = b {
        for (p, q) in zip(x, y) {
            if try lessThan(p, q, who) { return true }
            if try lessThan(q, p, who) { return false }
        }
        return x.count < y.count
    }
    throw LangError("\(who): cannot order \(a.kindDescription) and \(b.kindDescription)")
}

/// A number from a number, bool, numeric string or one-element tensor (`int`, `float`).
func numberOf(_ v: Value, _ who: String) throws -> Double {
    switch v {
    case .number(let x): return x
    case .bool(let b): return b ? 1 : 0
    case .string(let s):
        let t = StringOps.strip(s, nil, left: true, right: true)
        switch t.lowercased() {
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        guard let x = Double(t) else { throw LangError("\(who): cannot convert \(v.repr) to a number") }
        return x
    case .tensor(let t):
        guard t.count == 1 else {
            throw LangError("\(who): a tensor with \(t.count) elements cannot be converted to a number (shape \(shapeString(t.shape)))")
        }
        return try t.itemValue()
    default:
        throw LangError("\(who): cannot convert \(v.kindDescription) to a number")
    }
}
