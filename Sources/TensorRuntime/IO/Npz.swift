import CZlib

/// NumPy `.npz` archives (`np.savez`, `np.savez_compressed`): a zip file of `.npy` members,
/// stored or deflated, with or without zip64 records.
public enum Npz {
    /// Reads every member as a float32 tensor, in archive order, named without `.npy`.
    public static func read(_ path: String) throws -> [(String, Tensor)] {
        let file = try FileContents(path, op: "load")
        let archive = ZipArchive(bytes: file.bytes, path: path)
        var result: [(String, Tensor)] = []
        for entry in try archive.entries() {
            let label = path + ":" + entry.name
            let tensor = try archive.withContents(of: entry) { bytes in
                try Npy.parse(bytes, name: label, op: "load")
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
        return entries
    }

    /// Calls `body` with the uncompressed bytes of `entry`, checked against its size and CRC.
    func withContents<T>(of entry: Entry, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
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
            let output = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(entry.size, 1), alignment: 16)
            defer { output.deallocate() }
            try inflate(stored, into: output, entry: entry)
            let contents = UnsafeRawBufferPointer(rebasing: output[0..<entry.size])
            try checkCRC(contents, entry)
            return try body(contents)
        default:
            throw fail("member \(member) uses unsupported compression method \(entry.method) (only stored and deflate)")
        }
    }

    private func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, entry: Entry) throws {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw fail("cannot start zlib for member \(quoted(entry.name))")
        }
        defer { inflateEnd(&stream) }
        // zlib's API takes non-const pointers but does not write through next_in.
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(entry.size)
        let status = CZlib.inflate(&stream, Z_FINISH)
        guard status == Z_STREAM_END, Int(stream.total_out) == entry.size else {
            if status == Z_STREAM_END || status == Z_BUF_ERROR && stream.avail_out == 0 {
                throw fail("member \(quoted(entry.name)) does not inflate to its declared \(entry.size) bytes")
            }
            throw fail("member \(quoted(entry.name)) has corrupt deflate data")
        }
    }

    private func checkCRC(_ contents: UnsafeRawBufferPointer, _ entry: Entry) throws {
        let crc = crc32(0, contents.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(contents.count))
        guard UInt32(crc) == entry.crc else { throw fail("member \(quoted(entry.name)) fails its CRC check (corrupt file)") }
    }
}
