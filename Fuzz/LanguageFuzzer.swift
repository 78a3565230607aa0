import AttnLang
import TensorRuntime

// libFuzzer target: arbitrary bytes through the lexer, the parser, the evaluator and every
// display form (text, colour text, SVG), in a fresh Session per input.
//
// Bounds that make each input finish quickly and deterministically: a step budget (loop
// iterations plus calls), a 1 MiB cap per tensor and 100 000 elements per list or string.
// A thousand tensors at the cap is the worst case memory, inside libFuzzer's -rss_limit_mb.
//
// Inputs that mention `save` or `set_limit` are skipped (return -1: not added to the corpus):
// `save` would let the fuzzer write files anywhere, and `set_limit` lifts the caps above, which
// is the user's explicit choice rather than bad input.

@_cdecl("LLVMFuzzerTestOneInput")
public func languageFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if source.contains("save") || source.contains("set_limit") { return -1 }
    Limits.maxTensorBytes = 1 << 20
    LanguageLimits.maxElements = 100_000
    // 250 nested calls in a 64 MiB statement stack: under ASan each thread's stack costs shadow
    // work by its size, and 512 MiB per statement made the fuzzer ~5x slower. Depth 1000 in the
    // real 512 MiB stack is covered by Golden/limits/deep_ok.attn and recursion.attn.
    LanguageLimits.maxCallDepth = 250
    LanguageLimits.statementStackBytes = 64 << 20
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
