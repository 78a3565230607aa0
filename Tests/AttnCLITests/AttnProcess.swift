import Foundation
import XCTest

/// The `attn` binary built beside this test bundle (`swift test` builds it: the test target
/// depends on the executable target), or `ATTN_BIN`.
enum AttnBinary {
    static let path: String = {
        if let path = ProcessInfo.processInfo.environment["ATTN_BIN"] { return path }
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("attn").path
    }()

    /// The environment tests run attn in: no colour, a throwaway history file.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["TERM"] = "xterm"
        env["ATTN_HISTORY"] = NSTemporaryDirectory() + "attn-test-history-\(getpid())"
        env.removeValue(forKey: "ATTN_BIN")
        for (key, value) in extra { env[key] = value }
        return env
    }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` (attn by default) with `arguments`, feeding `input` on stdin.
func runAttn(_ arguments: [String], input: String = "", directory: URL? = nil,
             environment: [String: String] = [:], executable: String = AttnBinary.path,
             file: StaticString = #filePath, line: UInt = #line) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = AttnBinary.environment(environment)
    if let directory { process.currentDirectoryURL = directory }
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let errReader = Thread { errBox.data = stderr.fileHandleForReading.readDataToEndOfFile() }
    errReader.start()
    let outData = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errReader.isFinished { usleep(1000) }
    let errData = errBox.data
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

