import AttnLang
import TensorRuntime

// libFuzzer target: arbitrary bytes through the lexer, the parser, the evaluator and every
// display form (text, colour text, SVG), in a fresh Session per input.
//
// Bounds that make each input finish quickly and deterministically: a step budget (loop
// iterations plus calls), a 1 MiB cap per tensor and 100 000 elements per list or string.
// A thousand tensors at the cap is the worst case memory, inside libFuzzer's -rss_limit_mb.
//
// Inputs that mention `save`, `write_text` or `set_limit` are skipped (return -1: not added to
// the corpus): `save` and `write_text` would let the fuzzer write files anywhere (a mutated
// golden once wrote a file into the repository), and `set_limit` lifts the caps above, which
// is the user's explicit choice rather than bad input.

@_cdecl("LLVMFuzzerTestOneInput")
public func languageFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if source.contains("save") || source.contains("write_text") || source.contains("set_limit") { return -1 }
    Limits.maxTensorBytes = 1 << 20
    LanguageLimits.maxElements = 100_000
    // The real recursion limit on the real 512 MiB stack (Session.run takes one such thread per
    // call), so a stack overflow the REPL could hit shows up here under ASan.
    LanguageLimits.maxCallDepth = 1000
    LanguageLimits.stepBudget = 2_000
    Session.interruptRequested = false

    let session = Session()
    _ = session.needsMoreInput(source)
    // Completion runs on every keystroke prefix in the REPL; the last line is the likeliest prefix.
    if let lastLine = source.split(separator: "\n", omittingEmptySubsequences: false).last {
        _ = session.completions(for: String(lastLine.prefix(200)))
    }
    var rendered = 0
    session.run(source: source, file: "<fuzz>") { outcome in
        for item in outcome.items {
            rendered &+= item.text.utf8.count
            if case .figure(let figure) = item {
                rendered &+= figure.colorText.utf8.count &+ figure.svg.utf8.count
            }
        }
        if let error = outcome.error { rendered &+= error.rendered(color: true).utf8.count }
    }
    for (_, description) in session.variables() { rendered &+= description.utf8.count }
    return rendered < 0 ? 1 : 0
}
