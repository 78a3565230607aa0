import CZlib

/// NumPy `.npz` archives (`np.savez`, `np.savez_compressed`): a zip file of `.npy` members,
/// stored or deflated, with or without zip64 records.
public enum Npz {
    /// Reads every member as a float32 tensor, in archive order, named without `.npy`.
    public static func read(_ path: String) throws -> [(String, Tensor)] {
        let file = try FileContents(path, op: "load")
        let archive = ZipArchive(bytes: file.bytes, path: path)
        var result: [(String, Tensor)] = []
        var total = 0
        for entry in try archive.entries() {
            let label = path + ":" + entry.name
            let tensor = try archive.withContents(of: entry) { bytes in
                try Npy.parse(bytes, name: label, op: "load")
            }
            // All members are held at once: together they must fit the memory limit too.
            total += tensor.count &* MemoryLayout<Float>.stride
            guard total <= Limits.maxTensorBytes else {
                throw TensorError("load", "\(quoted(path)): its arrays need more than the memory limit of "
                    + "\(Limits.formatBytes(Limits.maxTensorBytes)) together (raise it with set_limit(\"memory\", bytes))")
            }
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            result.append((name, tensor))
        }
        return result
    }
}

/// The parts of the zip format `.npz` files use: the central directory (with zip64 sizes and
/// offsets), stored and deflated members, CRC-32 checks.
struct ZipArchive {
    struct Entry {
        let name: String
        let method: Int
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        let localHeaderOffset: Int
    }

    let bytes: UnsafeRawBufferPointer
    let path: String

    func fail(_ problem: String) -> TensorError { TensorError("load", "\(quoted(path)): \(problem)") }

    func entries() throws -> [Entry] {
        let r = ByteReader(bytes: bytes)
        // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
        var eocd = -1
        var position = bytes.count - 22
        let lowest = Swift.max(0, bytes.count - 22 - 65_535)
        while position >= lowest {
            if r.u32(position) == 0x0605_4B50 { eocd = position; break }
            position -= 1
        }
        guard eocd >= 0 else {
            throw fail(bytes.count >= 4 && r.u32(0) == 0x0403_4B50
                ? "truncated zip archive (no end-of-central-directory record)"
                : "not a zip archive (.npz files are zip archives)")
        }
        var count = r.u16(eocd + 10) ?? 0
        var directorySize = r.u32(eocd + 12) ?? 0
        var directoryOffset = r.u32(eocd + 16) ?? 0
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF || directorySize == 0xFFFF_FFFF {
            guard r.u32(eocd - 20) == 0x0706_4B50, let recordOffset = r.u64(eocd - 12),
                  recordOffset < UInt64(bytes.count), r.u32(Int(recordOffset)) == 0x0606_4B50,
                  let total = r.u64(Int(recordOffset) + 32), let size = r.u64(Int(recordOffset) + 40),
                  let offset = r.u64(Int(recordOffset) + 48) else {
                throw fail("broken zip64 end-of-central-directory record")
            }
            guard total <= UInt64(bytes.count), size <= UInt64(bytes.count), offset <= UInt64(bytes.count) else {
                throw fail("zip64 directory claims more than the file holds")
            }
            (count, directorySize, directoryOffset) = (Int(total), Int(size), Int(offset))
        }
        guard r.has(directoryOffset, directorySize) else {
            throw fail("truncated: the central directory (\(directorySize) bytes at \(directoryOffset)) lies beyond the end of the file")
        }
        // Each directory entry takes at least 46 bytes: a count beyond that is a lie.
        guard count <= directorySize / 46 else {
            throw fail("the central directory claims \(count) members in \(directorySize) bytes")
        }
        var entries: [Entry] = []
        var p = directoryOffset
        for _ in 0..<count {
            guard r.u32(p) == 0x0201_4B50, let method = r.u16(p + 10), let crc = r.u32(p + 16),
                  var compressed = r.u32(p + 20), var size = r.u32(p + 24), let nameLength = r.u16(p + 28),
                  let extraLength = r.u16(p + 30), let commentLength = r.u16(p + 32),
                  var local = r.u32(p + 42), r.has(p + 46, nameLength + extraLength) else {
                throw fail("corrupt central directory entry at byte \(p)")
            }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(p + 46)..<(p + 46 + nameLength)]), as: UTF8.self)
            // zip64: the real values of fields saturated at 0xFFFFFFFF follow in extra block 0x0001.
            var extra = p + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd, let id = r.u16(extra), let length = r.u16(extra + 2) {
                if id == 0x0001 {
                    var q = extra + 4
                    func next() throws -> Int {
                        guard q + 8 <= extra + 4 + length, let v = r.u64(q), v <= UInt64(Int.max) else { throw fail("corrupt zip64 field for \(quoted(name))") }
                        q += 8
                        return Int(v)
                    }
                    if size == 0xFFFF_FFFF { size = try next() }
                    if compressed == 0xFFFF_FFFF { compressed = try next() }
                    if local == 0xFFFF_FFFF { local = try next() }
                }
                extra += 4 + length
            }
            entries.append(Entry(name: name, method: method, crc: UInt32(crc), compressedSize: compressed,
                                 size: size, localHeaderOffset: local))
            p += 46 + nameLength + extraLength + commentLength
        }
        try checkDisjoint(entries)
        return entries
    }

    /// Members whose data overlap (several directory entries pointing at one compressed
    /// stream) would let a small file claim any number of large arrays; zip writers never
    /// produce them, so they are refused. Each member's local header must lie in the file.
    func checkDisjoint(_ entries: [Entry]) throws {
        var spans: [(start: Int, end: Int, name: String)] = []
        for entry in entries {
            let (start, end) = try dataSpan(of: entry)
            spans.append((entry.localHeaderOffset, end, entry.name))
            _ = start
        }
        spans.sort { $0.start < $1.start }
        for (a, b) in zip(spans, spans.dropFirst()) where b.start < a.end {
            throw fail("members \(quoted(a.name)) and \(quoted(b.name)) overlap (a malformed or malicious archive)")
        }
    }

    /// Where the stored bytes of `entry` lie in the file, checked against the file's size.
    func dataSpan(of entry: Entry) throws -> (start: Int, end: Int) {
        let r = ByteReader(bytes: bytes)
        let member = quoted(entry.name)
        guard r.u32(entry.localHeaderOffset) == 0x0403_4B50, let nameLength = r.u16(entry.localHeaderOffset + 26),
              let extraLength = r.u16(entry.localHeaderOffset + 28) else {
            throw fail("member \(member): local header missing at byte \(entry.localHeaderOffset)")
        }
        let start = entry.localHeaderOffset + 30 + nameLength + extraLength
        guard r.has(start, entry.compressedSize) else {
            throw fail("truncated: member \(member) claims \(entry.compressedSize) bytes at \(start) but the file has \(bytes.count)")
        }
        // Deflate cannot expand data more than 1032-fold; a larger claim is a lie.
        let (most, overflow) = entry.compressedSize.multipliedReportingOverflow(by: 1032)
        if entry.method == 8, overflow || entry.size > most + 64 {
            throw fail("member \(member) claims \(entry.size) bytes from \(entry.compressedSize) compressed, more than deflate can produce")
        }
        return (start, start + entry.compressedSize)
    }

    /// Calls `body` with the uncompressed bytes of `entry`, checked against its size and CRC.
    func withContents<T>(of entry: Entry, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let member = quoted(entry.name)
        let (start, _) = try dataSpan(of: entry)
        // zlib counts in 32 bits; members that large are not .npy arrays this runtime could hold.
        guard entry.size <= Int(UInt32.max), entry.compressedSize <= Int(UInt32.max) else {
            throw fail("member \(member) is larger than 4 GiB, which is not supported")
        }
        let stored = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + entry.compressedSize)])
        switch entry.method {
        case 0:
            guard entry.size == entry.compressedSize else { throw fail("member \(member): stored sizes disagree") }
            try checkCRC(stored, entry)
            return try body(stored)
        case 8:
            // Float64 members become float32 tensors of half the size; anything beyond twice
            // the tensor limit (plus header room) could not load anyway.
            let limit = Limits.maxTensorBytes / 2 * 4 + (1 << 20)
            guard entry.size <= limit else {
                throw fail("member \(member) declares \(entry.size) bytes uncompressed, over the memory limit of \(Limits.formatBytes(Limits.maxTensorBytes))")
            }
            let inflater = try Inflater(stored, failing: { self.fail("member \(member) \($0)") })
            // Inflate the .npy header first: it says how many bytes the member must hold, so a
            // member declaring more than its array needs (a zip bomb behind a tiny array) is
            // refused after its header, not after gigabytes.
            let prefix = try inflater.inflate(upTo: Swift.min(entry.size, 1 << 20))
            let needed = try prefix.withUnsafeBytes { raw -> Int in
                do {
                    let (_, dataStart, count) = try Npy.layout(raw, name: path + ":" + entry.name, op: "load")
                    return dataStart + count
                } catch let error as TensorError {
                    // Corrupt deflate data usually shows first as a garbled header.
                    throw fail("member \(member) is corrupt or not a .npy array (\(error.message))")
                }
            }
            guard needed == entry.size else {
                throw fail("member \(member) declares \(entry.size) bytes but its .npy header needs \(needed)")
            }
            let output = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(entry.size, 1), alignment: 16)
            defer { output.deallocate() }
            prefix.withUnsafeBytes { output.copyMemory(from: $0) }
            try inflater.finish(into: UnsafeMutableRawBufferPointer(rebasing: output[prefix.count..<entry.size]))
            let contents = UnsafeRawBufferPointer(rebasing: output[0..<entry.size])
            try checkCRC(contents, entry)
            return try body(contents)
        default:
            throw fail("member \(member) uses unsupported compression method \(entry.method) (only stored and deflate)")
        }
    }

    private func checkCRC(_ contents: UnsafeRawBufferPointer, _ entry: Entry) throws {
        let crc = crc32(0, contents.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(contents.count))
        guard UInt32(crc) == entry.crc else { throw fail("member \(quoted(entry.name)) fails its CRC check (corrupt file)") }
    }
}

/// A raw-deflate stream inflated in steps (a prefix, then the rest), stopping where asked.
/// The `z_stream` lives on the heap: zlib keeps a pointer back to it between calls.
final class Inflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let fail: (String) -> TensorError
    private var ended = false

    init(_ input: UnsafeRawBufferPointer, failing fail: @escaping (String) -> TensorError) throws {
        self.fail = fail
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw fail("cannot be inflated (zlib did not start)")
        }
        // zlib's API takes non-const pointers but does not write through next_in.
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Up to `count` inflated bytes (fewer when the stream ends first).
    func inflate(upTo count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let produced = try out.withUnsafeMutableBytes { try step(into: $0, flush: Z_SYNC_FLUSH) }
        out.removeLast(count - produced)
        return out
    }

    /// Fills `output` exactly, and the stream must end there.
    func finish(into output: UnsafeMutableRawBufferPointer) throws {
        let produced = try step(into: output, flush: Z_FINISH)
        if produced == output.count, !ended { _ = try step(into: UnsafeMutableRawBufferPointer(start: nil, count: 0), flush: Z_FINISH) }
        guard produced == output.count, ended else { throw fail("does not inflate to its declared size") }
    }

    private func step(into output: UnsafeMutableRawBufferPointer, flush: Int32) throws -> Int {
        if output.isEmpty {
            if !ended {
                // Nothing left to produce: the stream must end without more output.
                let byte = UnsafeMutablePointer<Bytef>.allocate(capacity: 1)
                defer { byte.deallocate() }
                stream.pointee.next_out = byte
                stream.pointee.avail_out = 1
                let status = CZlib.inflate(stream, Z_FINISH)
                ended = status == Z_STREAM_END && stream.pointee.avail_out == 1
            }
            return 0
        }
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(output.count)
        let status = CZlib.inflate(stream, flush)
        let produced = output.count - Int(stream.pointee.avail_out)
        switch status {
        case Z_STREAM_END: ended = true
        case Z_OK, Z_BUF_ERROR where stream.pointee.avail_out == 0 || stream.pointee.avail_in == 0: break
        default: throw fail("has corrupt deflate data")
        }
        return produced
    }
}
