import Foundation
import XCTest
import TensorRuntime
import TestSupport

/// Every case in Fixtures/ops.json (scripts/fixtures/ops.py, real PyTorch) replayed here:
/// forward outputs and gradients of (output · w).sum() must match within 1e-5 relative.
final class OpsParityTests: XCTestCase {
    typealias Op = ([Tensor]) throws -> [Tensor]

    static let all = TensorIndex.all

    /// The same computations as ops.py, by case name.
    static let ops: [String: Op] = [
        "arange_5": { _ in [try arange(5)] },
        "arange_float_step": { _ in [try arange(start: 0, end: 1, step: 0.1)] },
        "arange_0_0.3_0.1": { _ in [try arange(start: 0, end: 0.3, step: 0.1)] },
        "arange_negative_step": { _ in [try arange(start: 10, end: 0, step: -3)] },
        "arange_1_2.5_0.5": { _ in [try arange(start: 1, end: 2.5, step: 0.5)] },
        "eye_3": { _ in [try eye(3)] },
        "eye_2_4": { _ in [try eye(2, 4)] },

        "view": { x in [try x[0].view([3, -1])] },
        "reshape_of_transpose": { x in [try x[0].transpose(0, 1).reshape([-1, 2])] },
        "unsqueeze": { x in [try x[0].unsqueeze(1)] },
        "squeeze_all": { x in [try x[0].squeeze()] },
        "squeeze_dim": { x in [try x[0].squeeze(-1)] },
        "transpose": { x in [try x[0].transpose(0, 2)] },
        "permute": { x in [try x[0].permute([2, 0, 1])] },
        "t": { x in [try x[0].t()] },
        "expand": { x in [try x[0].expand([2, -1, 4])] },
        "flatten": { x in [try x[0].flatten(startDim: 1)] },
        "contiguous": { x in [try x[0].t().contiguous()] },
        "cat_dim1": { x in [try cat(x, dim: 1)] },
        "stack_dim1": { x in [try stack(x, dim: 1)] },

        "index_int_slice_newaxis": { x in [try x[0].index([.at(1), .slice(start: nil, end: nil, step: 2), .newAxis])] },
        "index_negative_ellipsis": { x in [try x[0].index([.ellipsis, .at(-1)])] },
        "index_clamped_slice": { x in [try x[0].index([.slice(start: -10, end: 10, step: nil), .slice(start: 1, end: 3, step: nil)])] },
        "assign_row": { x in
            let y = try x[0] * 1
            try y.assign([.at(1)], x[1])
            return [try y * 1]
        },
        "assign_broadcast": { x in
            let y = try x[0] * 1
            try y.assign([all, .slice(start: 1, end: 3, step: nil)], x[1])
            return [try y * 1]
        },
        "assign_into_zeros": { x in
            let y = try zeros([3, 4])
            try y.assign([.at(0)], x[0].index([.at(0), .at(0)]))
            try y.assign([.at(2), .slice(start: 1, end: nil, step: nil)], x[0].index([.at(1), .slice(start: 1, end: nil, step: nil)]))
            return [y]
        },
        "index_select": { x in [try indexSelect(x[0], dim: 1, index: x[1])] },

        "add_broadcast": { x in [try x[0] + x[1]] },
        "sub_broadcast": { x in [try x[0] - x[1]] },
        "mul_broadcast": { x in [try x[0] * x[1]] },
        "div_broadcast": { x in [try x[0] / x[1]] },
        "mul_transposed": { x in [try x[0].t() * x[1]] },
        "pow_tensor": { x in [try pow(x[0], x[1])] },
        "pow_scalar": { x in [try pow(x[0], 3)] },
        "pow_half": { x in [try pow(x[0], 0.5)] },
        "scalar_ops": { x in [try (2 - x[0]) * 3 + x[0] / 4 - 1] },
        "scalar_div_tensor": { x in [try 3 / x[0]] },
        "neg": { x in [try -x[0]] },
        "exp": { x in [try exp(x[0])] },
        "log": { x in [try log(x[0])] },
        "sqrt": { x in [try sqrt(x[0])] },
        "abs": { x in [try abs(x[0])] },
        "tanh": { x in [try tanh(x[0])] },
        "sigmoid": { x in [try sigmoid(x[0])] },
        "relu": { x in [try relu(x[0])] },
        "clamp": { x in [try clamp(x[0], min: -0.5, max: 0.5)] },
        "clamp_min": { x in [try clamp(x[0], min: 0.1)] },
        "eq": { x in [try eq(x[0], x[1])] },
        "ne": { x in [try ne(x[0], x[1])] },
        "lt": { x in [try lt(x[0], x[1])] },
        "le": { x in [try le(x[0], x[1])] },
        "gt": { x in [try gt(x[0], x[1])] },
        "ge": { x in [try ge(x[0], x[1])] },
        "masked_fill": { x in [try maskedFill(x[0], x[1], -1e9)] },
        "masked_fill_broadcast_input": { x in [try maskedFill(x[0], x[1], 5)] },
        "where": { x in [try `where`(x[0], x[1], x[2])] },

        "sum_all": { x in [try sum(x[0])] },
        "sum_dims_keepdim": { x in [try sum(x[0], dims: [0, 2], keepdim: true)] },
        "sum_dim": { x in [try sum(x[0], dims: [1])] },
        "sum_transposed": { x in [try sum(x[0].t(), dims: [1])] },
        "mean_all": { x in [try mean(x[0])] },
        "mean_dims": { x in [try mean(x[0], dims: [-1])] },
        "max_all": { x in [try max(x[0])] },
        "max_all_ties": { x in [try max(x[0])] },
        "min_all": { x in [try min(x[0])] },
        "max_dim": { x in let r = try max(x[0], dim: 1); return [r.values, r.indices] },
        "max_dim_keepdim": { x in let r = try max(x[0], dim: -1, keepdim: true); return [r.values, r.indices] },
        "min_dim": { x in let r = try min(x[0], dim: 0); return [r.values, r.indices] },
        "argmax_dim": { x in [try argmax(x[0], dim: 1)] },
        "argmax_flat": { x in [try argmax(x[0])] },
        "topk_largest": { x in let r = try topk(x[0], k: 3, dim: -1); return [r.values, r.indices] },
        "topk_smallest_dim0": { x in let r = try topk(x[0], k: 2, dim: 0, largest: false); return [r.values, r.indices] },
        "softmax_last": { x in [try softmax(x[0], dim: -1)] },
        "softmax_dim0": { x in [try softmax(x[0], dim: 0)] },
        "log_softmax_last": { x in [try logSoftmax(x[0], dim: -1)] },
        "log_softmax_dim1": { x in [try logSoftmax(x[0], dim: 1)] },
        "softmax_masked": { x in [try softmax(x[0], dim: -1)] },
        "softmax_all_masked_row": { x in [try softmax(x[0], dim: -1)] },
        "log_softmax_all_masked_row": { x in [try logSoftmax(x[0], dim: -1)] },

        "matmul_1d_1d": { x in [try matmul(x[0], x[1])] },
        "matmul_2d_1d": { x in [try matmul(x[0], x[1])] },
        "matmul_1d_2d": { x in [try matmul(x[0], x[1])] },
        "matmul_1d_3d": { x in [try matmul(x[0], x[1])] },
        "matmul_2d_2d": { x in [try matmul(x[0], x[1])] },
        "matmul_batched_broadcast": { x in [try matmul(x[0], x[1])] },
        "matmul_3d_2d": { x in [try matmul(x[0], x[1])] },
        "matmul_transposed_operands": { x in [try matmul(x[0].transpose(-1, -2), x[1].transpose(-1, -2))] },
        "matmul_large": { x in [try matmul(x[0], x[1])] },
        "mm": { x in [try mm(x[0], x[1])] },
        "bmm": { x in [try bmm(x[0], x[1])] },
        "bmm_expanded": { x in [try bmm(x[0], x[1].expand([3, -1, -1]))] },
        "dot": { x in [try dot(x[0], x[1])] },

        "embedding": { x in [try embedding(x[0], x[1])] },
        "linear_bias_3d": { x in [try linear(x[0], x[1], x[2])] },
        "linear_no_bias": { x in [try linear(x[0], x[1])] },
        "linear_1d": { x in [try linear(x[0], x[1], x[2])] },
        "dropout_seeded": { x in
            manualSeed(3)
            return [try dropout(x[0], p: 0.3, training: true)]
        },

        "tutorial_attn_step": { x in
            let (emb, h, encSteps) = (x[0], x[1], x[2])
            let encoderOutputs = try zeros([4, 3])
            for ei in 0..<encSteps.shape[0] { try encoderOutputs.assign([.at(ei)], tanh(encSteps.index([.at(ei)]))) }
            let embedded = try embedding(emb, Tensor(shape: [1, 1], data: [2])).view([1, 1, -1])
            let scores = try linear(cat([embedded.index([.at(0)]), h.index([.at(0)])], dim: 1), x[3], x[4])
            let attnWeights = try softmax(scores, dim: 1)
            let attnApplied = try bmm(attnWeights.unsqueeze(0), encoderOutputs.unsqueeze(0))
            let combined = try cat([embedded.index([.at(0)]), attnApplied.index([.at(0)])], dim: 1)
            let output = try relu(linear(combined, x[5], x[6]).unsqueeze(0))
            return [try logSoftmax(output.index([.at(0)]), dim: 1)]
        },
    ]

    func testEveryFixtureCaseMatchesPyTorch() throws {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let cases = try Fixture.load("ops.json", in: directory)
        // Sums over up to 20 terms (products, softmax denominators) round differently in
        // float32 than PyTorch's blocked kernels; 1e-6 absolute covers that near zero.
        try Fixture.checkEveryCase(cases, script: "ops.py", Self.ops, atol: 1e-6, rtol: 1e-5, undeclaredAreFloat32: false)
    }
}
