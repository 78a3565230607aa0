/// Text files (LANGUAGE.md 9.2): UTF-8 in and out, whole files, sizes within the element
/// limit; `write_text` goes through the runtime's atomic writer, as `save` does.
enum TextFilesLibrary {
    static let library = Library(name: "Text files", builtins: builtins)

    static let section = "Files"

    static let builtins: [Builtin] = [
        Builtin("read_text", section: section,
                summary: "The whole file as a string (UTF-8; invalid UTF-8 is an error naming the byte offset).",
                example: "write_text(\"/tmp/attn_example.txt\", \"I am cold.\\tJ'ai froid.\\n\")\nread_text(\"/tmp/attn_example.txt\")") { p in
            let path = p.string("path")
            return { a in .string(try TextFile.read(try a[path], op: "read_text")) }
        },
        Builtin("read_lines", section: section,
                summary: "The file's lines without their line ends (as read_text(path).splitlines()).",
                example: "write_text(\"/tmp/attn_example.txt\", \"one\\ntwo\\n\")\nread_lines(\"/tmp/attn_example.txt\")") { p in
            let path = p.string("path")
            return { a in .list(ListObject(TextFile.lines(try TextFile.read(try a[path], op: "read_lines")).map { .string($0) })) }
        },
        Builtin("write_text", section: section,
                summary: "Writes the string to the file as UTF-8, atomically (a temporary file renamed over it); returns none.",
                example: "write_text(\"/tmp/attn_example.txt\", \"i am cold .\\n\")") { p in
            let path = p.string("path"), s = p.string("s")
            return { a in
                try TextFile.write(try a[path], try a[s], op: "write_text")
                return .none
            }
        },
        Builtin("exists", section: section, summary: "True when the path names an existing file or directory.",
                example: "exists(\"/tmp\")\nexists(\"/no/such/file\")") { p in
            let path = p.string("path")
            return { a in .bool(TextFile.exists(try a[path])) }
        },
    ]
}
