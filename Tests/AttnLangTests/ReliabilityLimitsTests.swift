import AttnLang
import TensorRuntime
import XCTest

/// Limits end in clear errors and leave the session usable; numbers follow IEEE and print as
/// PyTorch prints them; conversions of huge or non-finite numbers to integers are errors.
final class ReliabilityLimitsTests: XCTestCase {
    /// Runs `source`, expects exactly one error containing every string in `words`, then checks
    /// that the session still computes.
    @discardableResult
    private func assertError(_ session: Session, _ source: String, _ words: [String],
                             file: StaticString = #filePath, line: UInt = #line) -> String {
        let lines = shown(session, source)
        guard let error = lines.last, error.hasPrefix("error: ") else {
            XCTFail("no error from \(source): \(lines)", file: file, line: line)
            return ""
        }
        for word in words {
            XCTAssertTrue(error.contains(word), "no '\(word)' in: \(error)", file: file, line: line)
        }
        XCTAssertFalse(error.contains("\n"), error, file: file, line: line)
        XCTAssertEqual(shown(session, "1 + 1"), ["2"], "the session no longer works after \(source)", file: file, line: line)
        return error
    }

    func testHugeTensorNamesShapeBytesLimitAndHowToRaiseIt() {
        let s = Session()
        _ = shown(s, "kept = ones(2)")
        let limit = Limits.formatBytes(Limits.maxTensorBytes)
        assertError(s, "zeros(100000, 100000)", ["[100000, 100000]", "37.3 GiB", limit, "set_limit(\"memory\""])
        // Element counts that overflow Int are the same error, not a trap.
        assertError(s, "zeros(1e10, 1e10, 1e10)", ["more than 2^63 bytes", "set_limit"])
        assertError(s, "randn(4000000000, 4000000000)", ["set_limit"])
        assertError(s, "ones(3, 4).expand(1e15, 3, 4).contiguous()", ["set_limit"])
        XCTAssertEqual(shown(s, "kept.sum()"), ["tensor(2., shape=[])"])
    }

    func testMemoryLimitCanBeLoweredAndRaised() {
        let s = Session()
        let old = Limits.maxTensorBytes
        defer { Limits.maxTensorBytes = old }
        _ = shown(s, "set_limit(\"memory\", 1000)")
        assertError(s, "zeros(16, 16)", ["[16, 16]", "needs 1.0 KiB", "limit of 1000 bytes"])
        _ = shown(s, "set_limit(\"memory\", 1e6)")
        XCTAssertEqual(shown(s, "zeros(16, 16).shape"), ["(16, 16)"])
    }

    func testUnboundedRecursionIsAnError() {
        let s = Session()
        _ = shown(s, "fn f(n) { return f(n + 1) }")
        assertError(s, "f(0)", ["recursion depth exceeded", "\(LanguageLimits.maxCallDepth)"])
        // Recursion through a builtin that calls back (sorted with a key) is bounded as well.
        _ = shown(s, "fn g(x) { return sorted([1, 2], key: g) }")
        assertError(s, "g(0)", ["recursion depth exceeded"])
        XCTAssertEqual(shown(s, "fn h(n) { if n == 0 { return 0 } return 1 + h(n - 1) }\nh(500)"), ["500"])
    }

    func testTenMillionElementListsAndStringsAreErrors() {
        let s = Session()
        assertError(s, "xs = [0] * 10000000", ["list too large", "10000000 elements", "the limit is 1000000"])
        assertError(s, "xs = list(range(10000000))", ["list limit"])
        assertError(s, "s = \"x\" * 10000000", ["string too large"])
        assertError(s, "s = \"ab\"\nfor i in range(100) { s = s + s }", ["string too large"])
        XCTAssertEqual(shown(s, "len([0] * 1000)"), ["1000"])
    }

    func testStepBudgetStopsAnEndlessLoopWithTheVariablesIntact() {
        let s = Session()
        let old = LanguageLimits.stepBudget
        defer { LanguageLimits.stepBudget = old }
        _ = shown(s, "i = 0\nj = 0")
        LanguageLimits.stepBudget = 1000
        XCTAssertEqual(shown(s, "while true { i += 1\n j = i }"), ["error: step budget exhausted"])
        LanguageLimits.stepBudget = Int.max
        XCTAssertEqual(shown(s, "i == j"), ["true"])
        XCTAssertEqual(shown(s, "i > 500"), ["true"])
    }

    /// PyTorch's element format; attn appends the shape (as everywhere in LANGUAGE.md).
    func testNanAndInfFlowAndPrintAsPyTorchDoes() {
        let s = Session()
        XCTAssertEqual(shown(s, "0 / 0"), ["nan"])
        XCTAssertEqual(shown(s, "1 / 0"), ["inf"])
        XCTAssertEqual(shown(s, "-1 / 0"), ["-inf"])
        XCTAssertEqual(shown(s, "tensor([1, 0 / 0, 1 / 0, -1 / 0])"), ["tensor([1., nan, inf, -inf], shape=[4])"])
        XCTAssertEqual(shown(s, "tensor([1.5, 0 / 0, inf])"), ["tensor([1.5000,    nan,    inf], shape=[3])"])
        XCTAssertEqual(shown(s, "tensor([1, -1, 0]) / 0"), ["tensor([inf, -inf, nan], shape=[3])"])
        XCTAssertEqual(shown(s, "tensor([[1e10, 0 / 0], [1, -inf]])"),
                       ["tensor([[1.0000e+10,        nan],\n        [1.0000e+00,       -inf]], shape=[2, 2])"])
        // nan propagates through reductions and softmax instead of raising.
        XCTAssertEqual(shown(s, "tensor([1, 0 / 0]).sum()"), ["tensor(nan, shape=[])"])
        XCTAssertEqual(shown(s, "tensor([0 / 0, 1]).softmax(dim: 0)"), ["tensor([nan, nan], shape=[2])"])
    }

    func testIntegerConversionsOfHugeOrNonFiniteNumbersAreErrors() {
        let s = Session()
        _ = shown(s, "xs = [1, 2, 3]\nt = arange(6)")
        let cases = [
            "int(inf)", "int(0 / 0)", "int(-inf)", "seed(inf)", "seed(1e300)",
            "zeros(1e300)", "zeros(inf)", "zeros(0 / 0)", "ones(-inf, 2)",
            "range(inf)", "range(0, 1e300)", "xs[1e19]", "xs[0 / 0]", "xs[-inf]",
            "t[1e19]", "t[inf]", "t[0 / 0]", "t[0:1e300:0/0]", "t.view(1e20)", "t.reshape(inf)",
            "t.sum(dim: 1e19)", "t.unsqueeze(inf)", "t.topk(1e300)", "randint(0, 1e30, [2])",
            "eye(1e19)", "arange(0, inf)", "arange(0, 1, 0)", "xs * 1e19", "\"a\" * inf",
        ]
        for source in cases {
            let lines = shown(s, source)
            XCTAssertTrue(lines.last?.hasPrefix("error: ") == true, "\(source) gave \(lines)")
        }
        XCTAssertEqual(shown(s, "int(2.0) + len(xs)"), ["5"])
        // Numbers are doubles: a huge whole number converts to itself, as Python's int(1e300) does.
        XCTAssertEqual(shown(s, "int(1e300)"), ["1e+300"])
    }
}
