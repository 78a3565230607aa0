import CKernels
import Foundation
import XCTest
import TensorRuntime

/// Tensors of 4 MiB and more live in mappings of their own at 2 MiB boundaries, marked for huge
/// pages and kept after free for the next tensor of the same size (Sources/CKernels/large_buffers.c).
final class StorageLargeBufferTests: XCTestCase {
    private let mebibyte = 1 << 20

    override func tearDown() {
        attn_large_buffers_keep(0)   // the test process's default: nothing kept
        super.tearDown()
    }

    private func address(_ tensor: Tensor) -> Int { Int(bitPattern: tensor.storage.pointer) }

    func testLargeTensorsStartAtAHugePageBoundary() throws {
        for shape in [[1024, 1024], [3, 1000, 1001], [4096, 4097]] {
            let t = try Tensor.uninitialized(shape)
            XCTAssertEqual(address(t) % (2 * mebibyte), 0, "\(shape)")
            // Every byte is writable, up to the last element.
            t.storage.pointer.initialize(repeating: 1, count: t.count)
            XCTAssertEqual(t.storage.pointer[t.count - 1], 1)
        }
    }

    /// The kernel lists the buffer's mapping as eligible for transparent huge pages, unless the
    /// system has them switched off.
    func testLargeTensorsAreMarkedForHugePages() throws {
        #if os(Linux)
        let setting = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
        try XCTSkipIf(setting.isEmpty || setting.contains("[never]"), "transparent huge pages are off here")
        let t = try Tensor.uninitialized([2048, 2048])
        // /proc files report size 0, so they are read to the end rather than by their size.
        let smaps = String(decoding: FileHandle(forReadingAtPath: "/proc/self/smaps")!.readDataToEndOfFile(), as: UTF8.self)
        var inMapping = false, eligible: String?
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { Int($0, radix: 16) }
                inMapping = bounds.count == 2 && bounds[0] <= address(t) && address(t) < bounds[1]
            } else if inMapping && fields.first == "THPeligible:" {
                eligible = fields.last.map(String.init)
            }
        }
        try XCTSkipIf(!smaps.contains("THPeligible:"), "this kernel does not report THPeligible")
        XCTAssertEqual(eligible, "1")
        #endif
    }

    func testAFreedBufferServesTheNextTensorOfItsSize() throws {
        attn_large_buffers_keep(64 << 20)
        var first: Tensor? = try randn([1024, 1024])
        let freed = address(first!)
        first = nil
        let otherSize = try Tensor.uninitialized([1025, 1024])
        XCTAssertNotEqual(address(otherSize), freed)
        let sameBytes = try Tensor.filled([2048, 512], 0)
        XCTAssertEqual(address(sameBytes), freed)
        XCTAssertEqual(try sameBytes.sum().item(), 0, "a reused buffer is filled anew")
    }

    func testNothingIsKeptWithoutALimit() throws {
        attn_large_buffers_keep(0)
        var first: Tensor? = try Tensor.uninitialized([1024, 1024])
        first = nil
        XCTAssertNil(first)
        XCTAssertEqual(attn_large_buffers_keep(0), 0)
    }

    /// Freed buffers beyond the limit are unmapped oldest first. (Through the C calls: Swift
    /// does not promise when a tensor no longer used is freed.)
    func testKeptBuffersStayWithinTheLimit() throws {
        attn_large_buffers_keep(10 << 20)   // room for two 4 MiB buffers (each under half of it)
        let bytes = 4 << 20
        let buffers = (0..<3).map { _ in attn_large_buffer_take(bytes)! }
        for buffer in buffers { attn_large_buffer_give(buffer, bytes) }
        // The first was unmapped when the third came back; the newest is handed out first.
        XCTAssertEqual(attn_large_buffer_take(bytes), buffers[2])
        XCTAssertEqual(attn_large_buffer_take(bytes), buffers[1])
        XCTAssertEqual(attn_large_buffers_keep(0), 0)
        for buffer in buffers[1...] { attn_large_buffer_give(buffer, bytes) }   // unmapped: nothing kept
        XCTAssertEqual(attn_large_buffers_keep(0), 0)
    }

    func testSizesAreMatchedInWholePages() throws {
        attn_large_buffers_keep(64 << 20)
        let buffer = attn_large_buffer_take((4 << 20) + 1)!
        attn_large_buffer_give(buffer, (4 << 20) + 1)
        let smaller = attn_large_buffer_take(4 << 20)!
        XCTAssertNotEqual(smaller, buffer)
        XCTAssertEqual(attn_large_buffer_take((4 << 20) + 4096), buffer)
        attn_large_buffer_give(smaller, 4 << 20)
        attn_large_buffer_give(buffer, (4 << 20) + 4096)
    }

    func testLoweringTheLimitReleasesTheOldestBuffers() throws {
        attn_large_buffers_keep(64 << 20)
        let sizes = [4 << 20, 5 << 20, 6 << 20]
        for size in sizes { attn_large_buffer_give(attn_large_buffer_take(size)!, size) }
        XCTAssertEqual(attn_large_buffers_keep(6 << 20), 9 << 20)
        XCTAssertEqual(attn_large_buffers_keep(0), 6 << 20)
    }

    func testABufferOverHalfTheLimitIsNotKept() throws {
        attn_large_buffers_keep(8 << 20)
        attn_large_buffer_give(attn_large_buffer_take(5 << 20)!, 5 << 20)
        XCTAssertEqual(attn_large_buffers_keep(8 << 20), 0)
        attn_large_buffer_give(attn_large_buffer_take(4 << 20)!, 4 << 20)
        XCTAssertEqual(attn_large_buffers_keep(0), 4 << 20)
    }

    /// A tensor the system refuses is an error, and the buffers kept for reuse are released
    /// before the refusal stands (kept memory never turns an allocation that fits into one).
    func testARefusedTensorReleasesTheKeptBuffersFirst() throws {
        attn_large_buffers_keep(64 << 20)
        var kept: Tensor? = try Tensor.uninitialized([1024, 1024])
        kept = nil
        XCTAssertNil(kept)
        let limit = Limits.maxTensorBytes
        Limits.maxTensorBytes = Int.max
        defer { Limits.maxTensorBytes = limit }
        // 64 TiB: more than memory and swap, which Linux's default overcommit rule refuses.
        XCTAssertThrowsError(try Tensor.uninitialized([1 << 44])) { error in
            XCTAssertTrue("\(error)".contains("refused to allocate"), "\(error)")
        }
        XCTAssertEqual(attn_large_buffers_keep(0), 0, "the refused request released the kept buffer")
    }
}
