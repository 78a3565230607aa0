import AttnLang
import Foundation
import XCTest

/// docs/BUILTINS.md is generated from `Registry.standard`: `RECORD=1` rewrites it
/// (scripts/gen_builtins_doc), otherwise the test fails when the committed file is stale.
/// Every builtin's example must also run without an error.
final class BuiltinsDocTests: XCTestCase {
    static let docPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/BUILTINS.md")

    func testBuiltinsDocIsCurrent() throws {
        let generated = BuiltinsDoc.markdown(Registry.standard)
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try generated.write(to: Self.docPath, atomically: true, encoding: .utf8)
            return
        }
        let committed = try? String(contentsOf: Self.docPath, encoding: .utf8)
        XCTAssertTrue(committed == generated,
                      "docs/BUILTINS.md is stale: run scripts/gen_builtins_doc (RECORD=1 swift test -c release --filter BuiltinsDocTests)")
    }

    func testEveryBuiltinHasDocumentation() {
        for b in BuiltinsDoc.documented(Registry.standard) {
            XCTAssertFalse(b.summary.isEmpty, "\(b.name) has no summary")
            XCTAssertFalse(b.example.isEmpty, "\(b.name) has no example")
            XCTAssertFalse(b.section.isEmpty, "\(b.name) has no section")
        }
        for library in Registry.standard.libraries {
            for t in library.layerTypes {
                for b in [t.call] + t.methods {
                    XCTAssertFalse(b.summary.isEmpty || b.example.isEmpty, "layer \(t.kind): \(b.name) lacks docs")
                }
            }
        }
    }

    /// Each example runs in a fresh session; any error fails with the builtin's name.
    func testEveryExampleRuns() {
        var examples: [(String, String)] = BuiltinsDoc.documented(Registry.standard).map { ($0.name, $0.example) }
        for library in Registry.standard.libraries {
            for t in library.layerTypes {
                examples.append(("\(t.kind) call", t.call.example))
                for m in t.methods { examples.append(("\(t.kind).\(m.name)", m.example)) }
            }
        }
        XCTAssertGreaterThan(examples.count, 60)
        for (name, example) in examples {
            var errors: [String] = []
            Session().run(source: example, file: "<example of \(name)>") { outcome in
                if let e = outcome.error { errors.append(e.message) }
            }
            XCTAssertEqual(errors, [], "the example of \(name) fails:\n\(example)")
        }
    }
}

/// The generator behind docs/BUILTINS.md.
enum BuiltinsDoc {
    /// Builtins as the registry resolves them: when two libraries define one name, the one
    /// that wins (the later) is documented.
    static func documented(_ registry: Registry) -> [Builtin] {
        registry.allBuiltins.filter { registry.builtin(named: $0.name) === $0 }
    }

    static func markdown(_ registry: Registry) -> String {
        var out = """
            # Builtins

            Generated from the registry by `scripts/gen_builtins_doc`; do not edit by hand.
            Every example runs as written (a test checks it). Builtins marked *method* can also be
            called with method syntax on their first argument: `x.softmax(dim: 1)` is `softmax(x, dim: 1)`.

            """
        let builtins = documented(registry)
        var sections: [String] = []
        for b in builtins where !sections.contains(b.section) { sections.append(b.section) }
        out += "\n" + sections.map { "[\($0)](#\(anchor($0)))" }.joined(separator: " · ")
            + " · [Layer calls](#layer-calls) · [Attributes](#attributes)\n"
        for section in sections {
            out += "\n## \(section)\n"
            for b in builtins where b.section == section {
                out += entry(b, heading: b.name, signature: b.signature)
            }
        }
        out += "\n## Layer calls\n\nA layer value is called like a function; `layer(...)` below stands for the layer.\n"
        for library in registry.libraries {
            for t in library.layerTypes {
                out += entry(t.call, heading: "\(t.kind) layer", signature: layerSignature(t.call, receiver: "layer"))
                for m in t.methods {
                    out += entry(m, heading: "\(t.kind).\(m.name)", signature: layerSignature(m, receiver: "layer.\(m.name)"))
                }
            }
        }
        out += "\n## Attributes\n\n| value | attribute | settable | meaning |\n|---|---|---|---|\n"
        for library in registry.libraries {
            for a in library.attributes {
                out += "| \(a.kind.rawValue) | `.\(a.name)` | \(a.set == nil ? "" : "yes") | \(escapeTable(a.summary)) |\n"
            }
        }
        out += "\nA layer's parameters are attributes too, by PyTorch name (`lin.weight`, `gru.weight_ih_l0`); "
            + "assigning one is shape-checked and makes the tensor a trainable parameter of the layer.\n"
        return out
    }

    static func entry(_ b: Builtin, heading: String, signature: String) -> String {
        var s = "\n### \(heading)\n\n`\(signature)`"
        if !b.methodOf.isEmpty { s += " — *method* of " + b.methodOf.map(\.rawValue).joined(separator: ", ") }
        s += "\n\n\(b.summary)\n"
        let torchNames = b.parameters.compactMap { p in p.torchName.map { "`\($0):` for `\(p.name):`" } }
        if !torchNames.isEmpty { s += "\nPyTorch's keywords work too: " + torchNames.joined(separator: ", ") + ".\n" }
        s += "\n```\n\(b.example)\n```\n"
        return s
    }

    /// `layer(x, h0: none)`: the signature without the layer itself.
    static func layerSignature(_ b: Builtin, receiver: String) -> String {
        let parts = b.parameters.dropFirst().map { p -> String in
            if p.variadic { return p.name + "..." }
            if let d = p.defaultValue { return "\(p.name): \(d.repr)" }
            return p.name
        }
        return "\(receiver)(\(parts.joined(separator: ", ")))"
    }

    static func anchor(_ s: String) -> String {
        String(s.lowercased().map { $0 == " " ? "-" : $0 }.filter { $0.isLetter || $0.isNumber || $0 == "-" })
    }

    static func escapeTable(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
