/// Regular expressions in Python's `re` syntax (LANGUAGE.md 9.2), as `re.sub`, `re.findall`,
/// `re.split`, `re.match` and `re.search`. A match is the list of the matched text and its
/// groups (`none` for a group that took no part), or `none` when nothing matches.
enum RegexLibrary {
    static let library = Library(name: "Regular expressions", builtins: builtins)

    static let section = "Regular expressions"

    static let builtins: [Builtin] = [
        Builtin("re_sub", section: section,
                summary: "s with each match of pattern replaced by repl (\\1 and \\g<name> insert groups; a function gets the match list), at most count times when count > 0.",
                example: "re_sub(\"([.!?])\", \" \\\\1\", \"Go. Run!\")\nre_sub(\"[^a-zA-Z.!?]+\", \" \", \"j'ai froid\")") { p in
            let pattern = p.string("pattern"), repl = p.value("repl", hint: "string or function")
            let s = p.string("s"), count = p.int("count", default: 0)
            return { a in
                let compiled = try RegexMatching.compile(try a[pattern], op: "re_sub")
                let text = try a[s]
                let replacement: (RegexMatching.Match) throws -> String
                switch a.value(repl) {
                case .string(let template):
                    let parsed = try ReplacementTemplate(template, pattern: compiled, op: "re_sub")
                    replacement = parsed.expand
                case .function:
                    let function = a.value(repl), context = a.context
                    replacement = { m in
                        let result = try context.call(function, [RegexMatching.matchList(m, groups: compiled.groupCount)])
                        guard case .string(let r) = result else {
                            throw LangError("re_sub: the replacement function must return a string, not \(describeForError(result))")
                        }
                        return r
                    }
                case let other:
                    throw a.failure(repl, "a string or a function", other)
                }
                return .string(try RegexMatching.sub(compiled, text, count: try a[count], maxLength: LanguageLimits.maxElements,
                                                     op: "re_sub", replacement))
            }
        },
        Builtin("re_findall", section: section,
                summary: "Every match of pattern in s: the matched strings; with one group that group; with several, tuples of the groups (Python's rule).",
                example: "re_findall(\"\\\\d+\", \"a1 b22\")\nre_findall(\"(\\\\w+)=(\\\\d+)\", \"x=1, y=22\")") { p in
            let pattern = p.string("pattern"), s = p.string("s")
            return { a in
                .list(ListObject(RegexMatching.findall(try RegexMatching.compile(try a[pattern], op: "re_findall"), try a[s])))
            }
        },
        Builtin("re_split", section: section,
                summary: "s split at each match of pattern (groups of the pattern are kept between the pieces), at most maxsplit times when maxsplit > 0.",
                example: "re_split(\"[.!?] *\", \"One. Two! Three\")\nre_split(\"(,)\", \"a,b\")") { p in
            let pattern = p.string("pattern"), s = p.string("s"), maxsplit = p.int("maxsplit", default: 0)
            return { a in
                let compiled = try RegexMatching.compile(try a[pattern], op: "re_split")
                return .list(ListObject(RegexMatching.split(compiled, try a[s], maxsplit: try a[maxsplit])))
            }
        },
        Builtin("re_match", section: section,
                summary: "A match of pattern at the start of s: [match, group 1, ...], or none.",
                example: "re_match(\"(\\\\w+) (\\\\w+)\", \"hello world again\")") { p in
            let pattern = p.string("pattern"), s = p.string("s")
            return { a in
                let compiled = try RegexMatching.compile(try a[pattern], op: "re_match")
                guard let m = try a[s].prefixMatch(of: compiled.regex) else { return .none }
                return RegexMatching.matchList(m, groups: compiled.groupCount)
            }
        },
        Builtin("re_search", section: section,
                summary: "The first match of pattern anywhere in s: [match, group 1, ...], or none.",
                example: "re_search(\"(\\\\d+)-(\\\\d+)\", \"range 10-20\")") { p in
            let pattern = p.string("pattern"), s = p.string("s")
            return { a in
                let compiled = try RegexMatching.compile(try a[pattern], op: "re_search")
                guard let m = try a[s].firstMatch(of: compiled.regex) else { return .none }
                return RegexMatching.matchList(m, groups: compiled.groupCount)
            }
        },
    ]
}
