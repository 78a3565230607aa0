import Foundation
import XCTest
import TestSupport

/// `attn check` and `attn update` on real notebook files.
final class GoldenTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func read(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    /// A notebook with everything update must not touch: a Markdown cell, a titled cell marker
    /// with trailing blanks, trailing whitespace, a CRLF line, no final newline.
    private let notebook = """
        # %% [markdown]
        # A *title*, and a line with trailing blanks:   \n\
        # %% First cell \t
        x = 3   # a comment
        x * 2
        #> 999
        #> stale extra line
        for i in range(2) { print("i", i) }\r
        fn shout() {
          print("in a function")
        }
        shout()

        # %% [markdown]
        # The end.
        # %%
        ys = [1,
              2]; len(ys)
        no_such_name
        ys
        """

    func testUpdateRewritesOnlyRecordedLinesAndCheckThenPasses() throws {
        let path = try write("nb.attn", notebook)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let update = try runAttn(["update", path])
        XCTAssertEqual(update.status, 0, update.stderr)
        XCTAssertEqual(update.stdout, "updated \(path)\n")
        let updated = try read(path)
        let expected = """
            # %% [markdown]
            # A *title*, and a line with trailing blanks:   \n\
            # %% First cell \t
            x = 3   # a comment
            x * 2
            #> 6
            for i in range(2) { print("i", i) }\r
            #> i 0\r
            #> i 1\r
            fn shout() {
              print("in a function")
            }
            shout()
            #> in a function

            # %% [markdown]
            # The end.
            # %%
            ys = [1,
                  2]; len(ys)
            #> 2
            no_such_name
            #> error: 
            """
        XCTAssertTrue(updated.hasPrefix(expected), updated)
        XCTAssertFalse(updated.hasSuffix("\n"), "no final newline was added")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640, "the replacement keeps the notebook's permissions")
        XCTAssertTrue(updated.contains("\nys"), "statements after an error stay")
        let lines = updated.components(separatedBy: "\n")
        XCTAssertEqual(lines.last, "ys", "statements after the error do not run: nothing recorded")

        let check = try runAttn(["check", path])
        XCTAssertEqual(check.stdout, "1 passed, 0 failed\n")
        XCTAssertEqual(check.status, 0)

        let again = try runAttn(["update", path])
        XCTAssertEqual(again.stdout, "", "nothing to update")
        XCTAssertEqual(try read(path), updated)
    }

    func testCheckReportsTheFirstDifferenceOfEachFile() throws {
        let good = try write("good.attn", "a = 2\na + 1\n#> 3\n")
        let wrong = try write("wrong.attn", "a = 2\na + 1\n#> 3\na * 10\n#> 21\na\n#> 2\n")
        let missing = try write("missing.attn", "a = 2\n\na + 1\n\na\n#> 2\n")
        let extra = try write("extra.attn", "a = 2\n#> 2\na\n#> 2\n")
        let result = try runAttn(["check", good, wrong, missing, extra])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, """
            \(wrong):5: recorded output differs
              expected: #> 21
              actual:   #> 20

            \(missing):4: recorded output differs
              expected: (no recorded line)
              actual:   #> 3

            \(extra):2: recorded output differs
              expected: #> 2
              actual:   (no output)

            1 passed, 3 failed

            """)
        XCTAssertEqual(try read(wrong), "a = 2\na + 1\n#> 3\na * 10\n#> 21\na\n#> 2\n", "check never writes")
    }

    func testCheckIgnoresTrailingBlanksAndRecordsEmptyLinesAsBareMarkers() throws {
        let path = try write("blank.attn", "print(\"a\\n\\nb\")\n#> a   \n#>\n#> b\n")
        let result = try runAttn(["check", path])
        XCTAssertEqual(result.stdout, "1 passed, 0 failed\n")
    }

    func testCheckAndUpdateRejectFilesThatDoNotParse() throws {
        let original = "x = 1\n#> 1\ny = = 2\n"
        let path = try write("bad.attn", original)
        let check = try runAttn(["check", path])
        XCTAssertEqual(check.status, 2)
        XCTAssertTrue(check.stdout.hasSuffix("0 passed, 1 failed\n"), check.stdout)
        let update = try runAttn(["update", path])
        XCTAssertEqual(update.status, 2)
        XCTAssertEqual(try read(path), original)
        let unreadable = try runAttn(["check", directory.appendingPathComponent("absent.attn").path])
        XCTAssertEqual(unreadable.status, 2)
        XCTAssertEqual(unreadable.stdout, "0 passed, 1 failed\n")
    }

    /// The file-size limit makes the write of the new version fail halfway (EFBIG): the
    /// original must stay byte for byte, and no temporary file may be left behind.
    func testUpdateLeavesTheOriginalIntactWhenTheWriteFails() throws {
        let padding = String(repeating: "# padding to make the file larger than the limit\n", count: 60)
        let original = padding + "x = 5\nx\n#> 4\n"
        let path = try write("big.attn", original)
        let result = try runAttn(["-c", "ulimit -f 2; trap '' XFSZ; exec \"$0\" update \"$1\"", AttnBinary.path, path],
                                 executable: "/bin/bash")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot write"), result.stderr)
        XCTAssertEqual(try read(path), original)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(leftovers, ["big.attn"])

        let update = try runAttn(["update", path])
        XCTAssertEqual(update.status, 0, update.stderr)
        XCTAssertTrue(try read(path).hasSuffix("x = 5\nx\n#> 5\n"))
    }
}
