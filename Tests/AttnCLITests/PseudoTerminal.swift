import Foundation
import Glibc

/// A program on a real pseudo-terminal (forkpty): what the user types goes to `send`, what
/// the terminal shows is read with `expect`. Used to drive the REPL exactly as a person does.
final class PseudoTerminal {
    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    private let master: Int32
    /// Everything read from the terminal so far.
    private(set) var transcript: [UInt8] = []
    /// Where the next `expect` starts looking.
    private var cursor = 0
    private var exitStatus: Int32?

    init(_ executable: String, _ arguments: [String] = [], environment: [String: String],
         directory: String? = nil, columns: UInt16 = 200) throws {
        // Everything the child needs is built before fork: after it only exec may run.
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let dir: UnsafeMutablePointer<CChar>? = directory.flatMap { strdup($0) }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
            free(dir)
        }
        var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            if let dir { _ = chdir(dir) }
            execve(executable, argv, envp)
            _exit(127)
        }
        guard child > 0 else { throw Timeout(description: "forkpty failed: errno \(errno)") }
        pid = child
        master = fd
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(master, base + offset, buffer.count - offset)
            }
            if n <= 0 { break }
            offset += n
        }
    }

    /// Reads until `needle` appears after the previous match; returns the text up to and
    /// including it, and moves past it.
    @discardableResult
    func expect(_ needle: String, timeout: Double = 20) throws -> String {
        let pattern = Array(needle.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = find(pattern, from: cursor) {
                let text = String(decoding: transcript[cursor..<range.upperBound], as: UTF8.self)
                cursor = range.upperBound
                return text
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0, readSome(timeout: remaining) else {
                throw Timeout(description: "timed out waiting for \(needle.debugDescription) (\(programState)); the terminal showed:\n"
                                + String(decoding: transcript[cursor...], as: UTF8.self))
            }
        }
    }

    /// Changes the terminal's size; the kernel sends SIGWINCH to the program.
    func resize(columns: UInt16, rows: UInt16 = 40) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Waits for `prompt` and then until the line editor has switched the terminal to raw
    /// mode. libedit prints the prompt first: a key sent in between would be handled by the
    /// kernel's line discipline (a Ctrl-D there becomes a NUL byte, not end of input).
    @discardableResult
    func expectPrompt(_ prompt: String, timeout: Double = 20) throws -> String {
        let shown = try expect(prompt, timeout: timeout)
        let deadline = Date().addingTimeInterval(timeout)
        var settings = termios()
        while Date() < deadline {
            // On Linux the master reports the slave's settings.
            if tcgetattr(master, &settings) == 0 && settings.c_lflag & tcflag_t(ICANON) == 0 { return shown }
            usleep(1000)
        }
        throw Timeout(description: "the terminal never left canonical mode after \(prompt.debugDescription)")
    }

    /// Types `entry` and Enter, then waits until the REPL runs it: the terminal is back in
    /// canonical mode with echo off (`TerminalEcho`), which it is only while an entry runs
    /// (libedit edits in raw mode and restores echo between lines). A Ctrl-C sent after a
    /// fixed sleep instead reached a busy machine's REPL before it had read the line.
    func startEntry(_ entry: String, timeout: Double = 20) throws {
        send(entry + "\r")
        let deadline = Date().addingTimeInterval(timeout)
        var settings = termios()
        while Date() < deadline {
            if tcgetattr(master, &settings) == 0 && settings.c_lflag & tcflag_t(ICANON) != 0
                && settings.c_lflag & tcflag_t(ECHO) == 0 { return }
            _ = readSome(timeout: 0.001)
        }
        throw Timeout(description: "the REPL never started running \(entry.debugDescription); the terminal showed:\n" + unread)
    }

    /// Waits for the program to exit and returns its exit status (nil on timeout or signal).
    func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            _ = readSome(timeout: 0.05)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
                exitStatus = code
                return code >= 0 ? code : nil
            }
        }
        return nil
    }

    /// Whether the program still runs, or how it ended, for failure messages.
    private var programState: String {
        if let exitStatus { return "it exited with status \(exitStatus)" }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return "it is still running" }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        exitStatus = code
        return code >= 0 ? "it exited with status \(code)" : "it was killed by signal \(status & 0x7f)"
    }

    /// Everything after the last match, for failure messages.
    var unread: String { String(decoding: transcript[cursor...], as: UTF8.self) }

    private func find(_ pattern: [UInt8], from start: Int) -> Range<Int>? {
        guard !pattern.isEmpty, transcript.count - start >= pattern.count else { return nil }
        for i in start...(transcript.count - pattern.count)
        where transcript[i] == pattern[0] && transcript[i..<(i + pattern.count)].elementsEqual(pattern) {
            return i..<(i + pattern.count)
        }
        return nil
    }

    /// Appends whatever the terminal has within `timeout`; false when nothing came.
    private func readSome(timeout: Double) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(max(timeout, 0.001) * 1000)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        guard n > 0 else { return false }
        transcript += buffer[0..<n]
        return true
    }
}
