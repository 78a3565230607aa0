import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the memory limit comes from, and the check that turns a refused allocation into an
/// error. Swift's allocation calls abort when `malloc` fails, which killed the session under
/// `ulimit -v` or in a container whose limit is far below physical memory.
enum MemoryCeiling {
    /// min(half of physical memory, RLIMIT_AS, RLIMIT_DATA, cgroup memory.max).
    static func defaultLimit() -> Int {
        var limit = 4 << 30
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 { limit = pages * pageSize / 2 }
        for resource in [RLIMIT_AS, RLIMIT_DATA] {
            var r = rlimit()
            if getrlimit(__rlimit_resource_t(resource.rawValue), &r) == 0, r.rlim_cur < UInt64(Int.max) {
                limit = Swift.min(limit, Int(r.rlim_cur))
            }
        }
        if let cgroup = cgroupLimit() { limit = Swift.min(limit, cgroup) }
        return Swift.max(limit, 1 << 20)
    }

    /// The smallest `memory.max` (cgroup v2) or `memory.limit_in_bytes` (v1) from this
    /// process's cgroup up to the root; nil when none is set.
    static func cgroupLimit() -> Int? {
        var smallest: Int?
        func consider(_ text: String?) {
            guard let text, let value = Int(text.filter { !$0.isWhitespace }), value > 0 else { return }
            smallest = Swift.min(smallest ?? Int.max, value)
        }
        if let membership = smallFile("/proc/self/cgroup") {
            for line in membership.split(separator: "\n") {
                let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
                guard fields.count == 3 else { continue }
                let (root, file): (String, String)
                if fields[0] == "0" && fields[1].isEmpty { (root, file) = ("/sys/fs/cgroup", "memory.max") }
                else if fields[1].split(separator: ",").contains("memory") { (root, file) = ("/sys/fs/cgroup/memory", "memory.limit_in_bytes") }
                else { continue }
                var path = String(fields[2])
                while true {
                    consider(smallFile(root + (path == "/" ? "" : path) + "/" + file))
                    guard let slash = path.lastIndex(of: "/"), path != "/" else { break }
                    path = slash == path.startIndex ? "/" : String(path[..<slash])
                }
            }
        }
        consider(smallFile("/sys/fs/cgroup/memory/memory.limit_in_bytes"))
        return smallest
    }

    static func smallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }

    /// Large requests are tried first: when the system refuses (`ulimit -v`, overcommit, a
    /// limit set far above the machine), the caller gets an error instead of an abort in the
    /// allocation that follows. The try takes the very mapping `Storage` will use
    /// (`attn_large_buffer_take`, which releases the freed buffers it keeps and tries again
    /// when refused) and gives it back, to be kept for that `Storage` when the limit allows.
    /// Untouched pages cost nothing, so the try is cheap; small requests are not tried.
    @inline(__always)
    static func checkAvailable(_ bytes: Int, shape: [Int], op: String) throws {
        if _slowPath(bytes >= 16 << 20) { try tryLarge(bytes, shape: shape, op: op) }
    }

    @inline(never)
    private static func tryLarge(_ bytes: Int, shape: [Int], op: String) throws {
        guard let probe = attn_large_buffer_take(bytes) else {
            throw TensorError(op, "tensor of shape \(shapeString(shape)) needs \(Limits.formatBytes(bytes)), "
                + "which the system refused to allocate (out of memory)")
        }
        attn_large_buffer_give(probe, bytes)
    }
}
