# Workload 5, PyTorch twin of attn/w5_training_step.attn: one training step of an LSTM encoder
# and a Luong decoder with the concat score (hidden 256, vocabulary 2000) on 6 source and 7
# target tokens: teacher forcing, NLL, backward, Adam on every parameter.
import time
import torch
import torch.nn as nn
import torch.nn.functional as F

print("INFO torch", torch.__version__, "threads", torch.get_num_threads())
torch.manual_seed(0)
V = 2000
H = 256


class ConcatAttention(nn.Module):
    """Luong's concat score v . tanh(W [q; k]) with W [H, 2H] and v [H], as attn's
    attention(method: "concat"); returns the softmaxed weights [B, T, S]."""

    def __init__(self, hidden):
        super().__init__()
        self.W = nn.Linear(2 * hidden, hidden, bias=False)
        self.v = nn.Parameter(torch.rand(hidden) * 2 / hidden**0.5 - 1 / hidden**0.5)

    def forward(self, q, k):
        B, T, S = q.shape[0], q.shape[1], k.shape[1]
        pairs = torch.cat((q.unsqueeze(2).expand(B, T, S, -1),
                           k.unsqueeze(1).expand(B, T, S, -1)), dim=3)  # [B, T, S, 2H]
        return torch.softmax(torch.tanh(self.W(pairs)) @ self.v, dim=-1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.src_emb = nn.Embedding(V, H)
        self.encoder = nn.LSTM(H, H, batch_first=True)
        self.tgt_emb = nn.Embedding(V, H)
        self.decoder = nn.LSTM(H, H, batch_first=True)
        self.attention = ConcatAttention(H)
        self.combine = nn.Linear(2 * H, H)
        self.out = nn.Linear(H, V)

    def loss(self, x, y):
        enc_out, state = self.encoder(self.src_emb(x))       # [1, 6, H]
        y_prev = torch.zeros(x.shape[0], dtype=torch.long)
        loss = 0
        for t in range(y.shape[1]):
            o, state = self.decoder(self.tgt_emb(y_prev).unsqueeze(1), state)  # [1, 1, H]
            a = self.attention(o, enc_out)                    # [1, 1, 6]
            ctx = torch.bmm(a, enc_out)                       # [1, 1, H]
            h_tilde = torch.tanh(self.combine(torch.cat((ctx, o), dim=2)))
            logp = F.log_softmax(self.out(h_tilde.squeeze(1)), dim=-1)
            loss = loss + F.nll_loss(logp, y[:, t])
            y_prev = y[:, t]
        return loss / y.shape[1]


model = Model()
opt = torch.optim.Adam(model.parameters(), lr=0.001)
x = torch.randint(0, V, (1, 6))
y = torch.randint(0, V, (1, 7))


def step():
    loss = model.loss(x, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss


N = 40
for i in range(5):
    step()
t0 = time.time()
for i in range(N):
    loss = step()
dt = time.time() - t0
print("INFO final loss", loss.item())
print("RESULT w5.step", dt / N * 1e3)
