/// `format(x, spec)`: the same formatter as f-string fields (Eval/FormatSpec.swift).
enum FormatLibrary {
    static let library = Library(name: "Format", builtins: builtins)

    static let builtins: [Builtin] = [
        Builtin("format", methodOf: [.number, .string, .tensor], section: "Everyday",
                summary: "Formats a value with Python's format-spec mini-language ([[fill]align][sign][z][#][0][width][,|_][.precision][type]), as f\"{value:spec}\" does.",
                example: "format(3.14159, \".2f\")\nformat(1234567, \",\")\nformat(\"attn\", \"*^10\")") { p in
            let value = p.value("value"), spec = p.string("spec", default: "")
            return { a in .string(try formatValue(a.value(value), a[spec])) }
        },
    ]
}
