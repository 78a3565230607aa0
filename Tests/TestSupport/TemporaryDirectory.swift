import Foundation
import XCTest

/// A fresh temporary directory, removed at the end of `test`.
public func makeTemporaryDirectory(_ test: XCTestCase, prefix: String = "attn-cli") throws -> URL {
    let url = URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("\(prefix)-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}
