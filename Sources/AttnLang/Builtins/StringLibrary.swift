/// Strings as Python's `str` (LANGUAGE.md 9.2): each builtin is also a method of strings
/// (`s.replace("a", "b")` is `replace(s, "a", "b")`), on code points as Python counts them.
enum StringLibrary {
    static let library = Library(name: "Strings", builtins: searching + shaping + classifying + unicode)

    static let section = "Strings"

    /// A string result within the language's element limit.
    static func limited(_ s: String, _ op: String) throws -> Value {
        if s.utf8.count > LanguageLimits.maxElements, s.unicodeScalars.count > LanguageLimits.maxElements {
            throw LangError("\(op): string too large (the limit is \(LanguageLimits.maxElements) characters)")
        }
        return .string(s)
    }

    /// One string or a tuple (or list) of strings, as `startswith` takes.
    static func prefixes(_ v: Value, _ a: Arguments, _ slot: Int) throws -> [String] {
        switch v {
        case .string(let s): return [s]
        case .tuple, .list:
            let items: [Value]
            if case .list(let l) = v { items = l.items } else if case .tuple(let t) = v { items = t } else { items = [] }
            return try items.map { item in
                guard case .string(let s) = item else { throw a.failure(slot: slot, "a string or a tuple of strings", v) }
                return s
            }
        default: throw a.failure(slot: slot, "a string or a tuple of strings", v)
        }
    }

    static let searching: [Builtin] = [
        Builtin("replace", methodOf: [.string], section: section,
                summary: "The string with each occurrence of old replaced by new (the first count ones when count is given).",
                example: "replace(\"a cat, a hat\", \"a \", \"the \")\n\"aaa\".replace(\"a\", \"b\", 2)") { p in
            let s = p.string("s"), old = p.string("old"), new = p.string("new"), count = p.int("count", default: -1)
            return { a in
                try limited(StringOps.replace(try a[s], try a[old], try a[new], count: try a[count]), "replace")
            }
        },
        Builtin("startswith", methodOf: [.string], section: section,
                summary: "True when the string starts with prefix, or with one of a tuple of prefixes.",
                example: "\"i am cold .\".startswith((\"i am \", \"he is\"))") { p in
            let s = p.string("s"), prefix = p.value("prefix", hint: "string or tuple of strings")
            return { a in
                let text = try a[s]
                return .bool(try prefixes(a.value(prefix), a, prefix.slot).contains { StringOps.startsWith(text, $0) })
            }
        },
        Builtin("endswith", methodOf: [.string], section: section,
                summary: "True when the string ends with suffix, or with one of a tuple of suffixes.",
                example: "\"notes.txt\".endswith(\".txt\")") { p in
            let s = p.string("s"), suffix = p.value("suffix", hint: "string or tuple of strings")
            return { a in
                let text = try a[s]
                return .bool(try prefixes(a.value(suffix), a, suffix.slot).contains { StringOps.endsWith(text, $0) })
            }
        },
        Builtin("find", methodOf: [.string], section: section,
                summary: "The index of the first occurrence of sub, or -1.", example: "\"attention\".find(\"ten\")") { p in
            let s = p.string("s"), sub = p.string("sub")
            return { a in .number(Double(StringOps.find(try a[s], try a[sub]))) }
        },
        Builtin("count", methodOf: [.string, .list, .tuple], section: section,
                summary: "Non-overlapping occurrences of sub in a string; on a list or tuple, the items equal to it.",
                example: "\"banana\".count(\"an\")\n[1, 2, 1].count(1)") { p in
            let s = p.value("s", hint: "string, list or tuple"), sub = p.value("sub", hint: "any")
            return { a in
                switch (a.value(s), a.value(sub)) {
                case (.string(let text), .string(let part)): return .number(Double(StringOps.count(text, part)))
                case (.string, let other): throw a.failure(sub, "a string", other)
                case (.list(let l), let item): return .number(Double(l.items.filter { valuesEqual($0, item) }.count))
                case (.tuple(let t), let item): return .number(Double(t.filter { valuesEqual($0, item) }.count))
                case (let other, _): throw a.failure(s, "a string, list or tuple", other)
                }
            }
        },
    ]

    static func stripper(_ name: String, left: Bool, right: Bool, which: String) -> Builtin {
        Builtin(name, methodOf: [.string], section: section,
                summary: "The string without \(which) whitespace, or without \(which) characters of chars.",
                example: "\(name)(\"  hi  \")\n\"xxhixx\".\(name)(\"x\")") { p in
            let s = p.string("s"), chars = p.optional("chars", String.self)
            return { a in .string(StringOps.strip(try a[s], try a[chars], left: left, right: right)) }
        }
    }

    static let shaping: [Builtin] = [
        stripper("strip", left: true, right: true, which: "leading and trailing"),
        stripper("lstrip", left: true, right: false, which: "leading"),
        stripper("rstrip", left: false, right: true, which: "trailing"),
        Builtin("split", methodOf: [.string], section: section,
                summary: "Splits at each sep (at most maxsplit times); without sep at runs of whitespace, as Python; sep \"\" gives the characters.",
                example: "split(\"the cat sat\", \" \")\n\"a b  c\".split()\n\"k=v=w\".split(\"=\", maxsplit: 1)") { p in
            let s = p.string("s"), sep = p.optional("sep", String.self), maxsplit = p.int("maxsplit", default: -1)
            return { a in
                let text = try a[s]
                let parts: [String]
                if let separator = try a[sep], separator.isEmpty {
                    parts = text.unicodeScalars.map { String($0) }
                } else {
                    parts = StringOps.split(text, try a[sep], maxsplit: try a[maxsplit])
                }
                return .list(ListObject(parts.map { .string($0) }))
            }
        },
        Builtin("splitlines", methodOf: [.string], section: section,
                summary: "The lines of the string without their line ends (\\n, \\r\\n, \\r, ...), as Python.",
                example: "\"one\\ntwo\\r\\nthree\\n\".splitlines()") { p in
            let s = p.string("s")
            return { a in .list(ListObject(TextFile.lines(try a[s]).map { .string($0) })) }
        },
        Builtin("join", methodOf: [.list, .tuple, .string], section: section,
                summary: "The items' printed forms joined with sep: join(items, sep), or sep.join(items) as in Python.",
                example: "join([\"a\", \"b\"], \" \")\n\" \".join([\"j\", \"ai\", \"froid\"])") { p in
            let items = p.value("items", hint: "list of strings"), sep = p.value("sep", hint: "string", default: .string(""))
            return { a in
                var list = a.value(items), separator = a.value(sep)
                // `sep.join(xs)` arrives as join(sep, xs).
                if case .string = list, case .list = separator { swap(&list, &separator) }
                if case .string = list, case .tuple = separator { swap(&list, &separator) }
                guard case .string(let glue) = separator else { throw a.failure(sep, "a string", separator) }
                let parts: [String]
                switch list {
                case .list(let l): parts = l.items.map(\.str)
                case .tuple(let t): parts = t.map(\.str)
                case .string(let text): parts = text.unicodeScalars.map { String($0) }
                default: throw a.failure(items, "a list or tuple", list)
                }
                let total = parts.reduce(max(parts.count - 1, 0) * glue.unicodeScalars.count) { $0 + $1.unicodeScalars.count }
                if total > LanguageLimits.maxElements {
                    throw LangError("join: string too large: \(total) characters (the limit is \(LanguageLimits.maxElements))")
                }
                return .string(parts.joined(separator: glue))
            }
        },
        Builtin("lower", methodOf: [.string], section: section,
                summary: "The string in lower case.", example: "lower(\"Ça Va\")") { p in
            let s = p.string("s")
            return { a in .string(try a[s].lowercased()) }
        },
        Builtin("upper", methodOf: [.string], section: section,
                summary: "The string in upper case.", example: "upper(\"eos\")") { p in
            let s = p.string("s")
            return { a in .string(try a[s].uppercased()) }
        },
    ]

    static func classifier(_ name: String, _ what: String, _ test: @escaping (Unicode.Scalar) -> Bool) -> Builtin {
        Builtin(name, methodOf: [.string], section: section,
                summary: "True when the string is not empty and every character is \(what).",
                example: "\"42\".\(name)()\n\(name)(\"a b\")") { p in
            let s = p.string("s")
            return { a in
                let text = try a[s]
                return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy(test))
            }
        }
    }

    static let classifying: [Builtin] = [
        classifier("isdigit", "a digit", StringOps.isDigit),
        classifier("isalpha", "a letter", StringOps.isAlpha),
        classifier("isspace", "whitespace", StringOps.isSpace),
        Builtin("ord", section: section, summary: "The code point of a one-character string.",
                example: "ord(\"a\")\nord(\"é\")") { p in
            let c = p.string("c")
            return { a in
                let s = try a[c]
                guard s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first else {
                    throw LangError("ord: expected a character, but string of length \(s.unicodeScalars.count) found")
                }
                return .number(Double(scalar.value))
            }
        },
        Builtin("chr", section: section, summary: "The one-character string of a code point.",
                example: "chr(97)\nchr(233)") { p in
            let n = p.int("i")
            return { a in
                let code = try a[n]
                guard code >= 0, code <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(code)) else {
                    throw LangError("chr: \(code) is not a code point (0 to 0x10FFFF, surrogates excluded)")
                }
                return .string(String(scalar))
            }
        },
    ]

    static let unicode: [Builtin] = [
        Builtin("normalize", section: section,
                summary: "Unicode normal form \"NFC\", \"NFD\", \"NFKC\" or \"NFKD\" of a string, as unicodedata.normalize.",
                example: "len(normalize(\"NFD\", \"é\"))\nnormalize(\"NFC\", normalize(\"NFD\", \"é\")) == \"é\"") { p in
            let form = p.string("form"), s = p.string("s")
            return { a in try limited(try UnicodeText.normalize(try a[s], form: try a[form]), "normalize") }
        },
        Builtin("category", section: section,
                summary: "The Unicode general category of a character (\"Lu\", \"Ll\", \"Mn\" for combining marks, ...), as unicodedata.category.",
                example: "category(\"A\")\ncategory(normalize(\"NFD\", \"é\")[1])") { p in
            let c = p.string("c")
            return { a in
                let s = try a[c]
                guard s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first else {
                    throw LangError("category: expected one character, got a string of length \(s.unicodeScalars.count)")
                }
                return .string(UnicodeText.category(scalar))
            }
        },
    ]
}
