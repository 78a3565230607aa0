# Workload 3, PyTorch twin of attn/w3_matmul.attn: square sgemm at 256, 1024 and 2048 and a
# batched product [64, 128, 128] x [64, 128, 128], in GFLOP/s (2 n^3 flops per product).
import time
import torch

print("INFO torch", torch.__version__, "threads", torch.get_num_threads())
torch.manual_seed(0)


def gflops(n, reps):
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    c = torch.matmul(a, b)  # warm-up: thread pool and packing buffers
    t0 = time.time()
    for i in range(reps):
        c = torch.matmul(a, b)
    return 2.0 * n * n * n * reps / (time.time() - t0) / 1e9


print("RESULT w3.sgemm256", gflops(256, 400))
print("RESULT w3.sgemm1024", gflops(1024, 30))
print("RESULT w3.sgemm2048", gflops(2048, 6))

a = torch.randn(64, 128, 128)
b = torch.randn(64, 128, 128)
c = torch.bmm(a, b)
reps = 60
t0 = time.time()
for i in range(reps):
    c = torch.bmm(a, b)
print("RESULT w3.bmm", 2.0 * 64 * 128 * 128 * 128 * reps / (time.time() - t0) / 1e9)
