import Foundation
import XCTest
import TensorRuntime
import TestSupport

/// Fixtures/torchmore.json (scripts/fixtures/torchmore.py, real PyTorch): the tensor functions,
/// losses and initialisers of LANGUAGE.md 9.4, forward and backward, replayed case by case.
final class TorchMoreParityTests: XCTestCase {
    typealias Op = ([Tensor]) throws -> [Tensor]

    /// The first output joins the pieces, each scaled by its position + 1 (as the script does).
    static func joined(_ pieces: [Tensor]) throws -> [Tensor] {
        let scaled = try pieces.enumerated().map { try $0.element * Float($0.offset + 1) }
        return [try cat(scaled, dim: pieces[0].rank == 1 ? 0 : 1)] + pieces
    }

    static func counts(_ t: Tensor) -> [Int] { t.toArray().map { Int($0) } }

    static let ops: [String: Op] = {
        var table: [String: Op] = [
            "repeat_new_dims": { x in [try x[0].repeat([2, 1, 2])] },
            "repeat_same_rank": { x in [try x[0].repeat([1, 3])] },
            "repeat_interleave_dim": { x in [try x[0].repeatInterleave(2, dim: 1)] },
            "repeat_interleave_flat": { x in [try x[0].repeatInterleave(3)] },
            "repeat_interleave_counts": { x in [try repeatInterleave(x[0], counts: [1, 0, 2], dim: 0)] },
            "gather_dim1": { x in [try gather(x[0], dim: 1, index: x[1])] },
            "gather_dim0": { x in [try gather(x[0], dim: 0, index: x[1])] },
            "gather_3d_smaller": { x in [try gather(x[0], dim: 1, index: x[1])] },
            "masked_select": { x in [try maskedSelect(x[0], x[1])] },
            "masked_select_broadcast": { x in [try maskedSelect(x[0], x[1])] },
            "masked_select_broadcast_input": { x in [try maskedSelect(x[0], x[1])] },
            "nonzero": { x in [try nonzero(x[0])] },
            "nonzero_1d": { x in [try nonzero(x[0])] },
            "tril": { x in [try tril(x[0])] },
            "tril_above": { x in [try tril(x[0], diagonal: 1)] },
            "triu": { x in [try triu(x[0])] },
            "triu_below_batched": { x in [try triu(x[0], diagonal: -1)] },
            "chunk_uneven": { x in try joined(chunk(x[0], 3, dim: 1)) },
            "chunk_fewer": { x in try joined(chunk(x[0], 4, dim: 1)) },
            "split_size": { x in try joined(split(x[0], size: 2, dim: 1)) },
            "split_sizes": { x in try joined(split(x[0], sizes: [1, 3, 1], dim: 1)) },
            "sort_last": { x in let s = try sort(x[0]); return [s.values, s.indices] },
            "sort_descending_dim0": { x in let s = try sort(x[0], dim: 0, descending: true); return [s.values, s.indices] },
            "sort_stable_ties": { x in let s = try sort(x[0]); return [s.values, s.indices] },
            "argsort_descending": { x in [try argsort(x[0], dim: 1, descending: true)] },
            "cumsum_dim0": { x in [try cumsum(x[0], dim: 0)] },
            "cumsum_last": { x in [try cumsum(x[0], dim: -1)] },
            "gather_int64": { x in [try gather(x[0], dim: 1, index: x[1])] },
            "masked_select_bool": { x in [try maskedSelect(x[0], x[1])] },
            "tril_int64": { x in [try tril(x[0])] },
            "triu_bool": { x in [try triu(x[0], diagonal: 1)] },
            "cumsum_int64_exact": { x in [try cumsum(x[0], dim: 0)] },
            "cumsum_bool": { x in [try cumsum(x[0], dim: 0)] },
            "sort_int64": { x in let s = try sort(x[0], descending: true); return [s.values, s.indices] },
            "repeat_int64": { x in [try x[0].repeat([2, 1])] },
            "repeat_interleave_bool": { x in [try x[0].repeatInterleave(2)] },
            "split_int64": { x in try split(x[0], size: 2) },
            "cross_entropy_4d_ignore_padding": { x in [try crossEntropy(x[0], x[1], ignoreIndex: 0)] },
            "cross_entropy_all_ignored": { x in [try crossEntropy(x[0], x[1], ignoreIndex: 1)] },
            "cross_entropy_unbatched": { x in [try crossEntropy(x[0], x[1])] },
            "d2l_masked_softmax_ce": { x in [try crossEntropy(x[0].permute([0, 2, 1]), x[1], reduction: "none")] },
        ]
        for reduction in ["mean", "sum", "none"] {
            table["cross_entropy_kdim_\(reduction)"] = { x in [try crossEntropy(x[0], x[1], reduction: reduction)] }
            table["cross_entropy_weight_ignore_\(reduction)"] = { x in
                [try crossEntropy(x[0], x[1], weight: x[2], ignoreIndex: 3, reduction: reduction)]
            }
            table["nll_loss_2d_weight_\(reduction)"] = { x in
                [try nllLoss(logSoftmax(x[0], dim: 1), x[1], weight: x[2], reduction: reduction)]
            }
            table["mse_loss_\(reduction)"] = { x in [try mseLoss(x[0], x[1], reduction: reduction)] }
        }
        return table
    }()

    func fixture() throws -> [String: Any] {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try Fixture.load("torchmore.json", in: directory)
    }

    func testEveryOpCaseMatchesPyTorch() throws {
        let cases = try XCTUnwrap(fixture()["ops"] as? [String: Any])
        try Fixture.checkEveryCase(cases, script: "torchmore.py", Self.ops, atol: 1e-6, rtol: 1e-5, undeclaredAreFloat32: false)
    }

    /// Bit for bit: the same generator draws in the same order as PyTorch's CPU kernels.
    func testInitialisersDrawAsPyTorch() throws {
        let random = try XCTUnwrap(fixture()["random"] as? [String: Any])
        let make: [String: (UInt64, () throws -> Tensor)] = [
            "normal_small": (1, { try normal_(empty([5]), mean: 0.5, std: 2) }),
            "normal_vectorised": (2, { try normal_(empty([4, 5]), mean: -1, std: 0.5) }),
            "normal_transposed": (3, { try normal_(empty([5, 4]).t()) }),
            "normal_then_randn": (4, { try cat([normal_(empty([3])), randn([3])]) }),
            "uniform": (5, { try uniform_(empty([3, 4]), from: -2, to: 3) }),
            "uniform_transposed": (6, { try uniform_(empty([4, 3]).t(), from: 0, to: 1) }),
            "uniform_column_view": (7, { try uniform_(zeros([3, 4]).index([.all, .at(1)]), from: -1, to: 1) }),
            "normal_creator": (8, { try normal(mean: 2, std: 3, [4, 5]) }),
            "normal_creator_small": (9, { try normal(mean: 0, std: 1, [2, 3]) }),
        ]
        XCTAssertEqual(Set(random.keys), Set(make.keys))
        for (name, (seed, build)) in make {
            manualSeed(seed)
            let got = try build()
            let want = try Fixture.tensor(random[name])
            XCTAssertEqual(got.shape, want.shape, name)
            XCTAssertEqual(got.toArray(), want.toArray(), name)
        }
    }
}
