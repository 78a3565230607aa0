# Workload 2, PyTorch twin of attn/w2_per_op.attn: 10,000 tiny ops in a plain Python loop, the
# same shapes as the tutorials' decoder steps. The loop's own cost is part of what is measured,
# as it is for attn's loop in its language; the empty loop is reported beside it.
import time
import torch

print("INFO torch", torch.__version__, "threads", torch.get_num_threads())
torch.manual_seed(0)
N = 10000
x = torch.randn(1, 10)
y = torch.randn(1, 10)
q = torch.randn(1, 1, 256)
k = torch.randn(1, 256, 10)

for i in range(1000):  # warm-up: first calls allocate caches and dispatch tables
    z = torch.softmax(x, dim=1)
    z = x + y
    z = torch.bmm(q, k)

t0 = time.time()
for i in range(N):
    pass
print("RESULT w2.loop", (time.time() - t0) / N * 1e6)

t0 = time.time()
for i in range(N):
    z = torch.softmax(x, dim=1)
print("RESULT w2.softmax", (time.time() - t0) / N * 1e6)

t0 = time.time()
for i in range(N):
    z = x + y
print("RESULT w2.add", (time.time() - t0) / N * 1e6)

t0 = time.time()
for i in range(N):
    z = torch.bmm(q, k)
print("RESULT w2.bmm", (time.time() - t0) / N * 1e6)
