# Workload 6, PyTorch twin of notebooks/08_train_translator.attn: spelled-out dates to ISO dates
# ("14th of march 1987" -> "1987-03-14") with an embedding + GRU encoder, a GRU decoder with
# Luong's general score, h~ = tanh(W_c [c; h]), NLL with teacher forcing, Adam (lr 0.005),
# gradient clipping at 1.0, 1200 steps of 64 pairs, then greedy decoding of 400 held-out dates.
# The data come from Python's generator seeded with 7 (the notebook uses attn's), so the
# sentences differ but the task, model, sizes and loop are the same.
import random
import time
import torch
import torch.nn as nn
import torch.nn.functional as F

print("INFO torch", torch.__version__, "threads", torch.get_num_threads())
torch.manual_seed(7)
rng = random.Random(7)
months = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]


def ordinal(d):
    if d % 10 == 1 and d != 11:
        return str(d) + "st"
    if d % 10 == 2 and d != 12:
        return str(d) + "nd"
    if d % 10 == 3 and d != 13:
        return str(d) + "rd"
    return str(d) + "th"


def make_date():
    d, m, y = rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(1950, 2030)
    source = [ordinal(d), "of", months[m - 1]] + list(str(y))
    target = list(f"{y}-{m:02d}-{d:02d}")
    return source, target


src_words = ["of"] + months + list("0123456789") + [ordinal(d) for d in range(1, 29)]
tgt_chars = ["<s>", "</s>", "-"] + list("0123456789")
src_id = {w: i for i, w in enumerate(src_words)}
tgt_id = {c: i for i, c in enumerate(tgt_chars)}
SOS, EOS = tgt_id["<s>"], tgt_id["</s>"]


def make_batch(pairs):
    xs = [[src_id[t] for t in p[0]] for p in pairs]
    ys = [[tgt_id[t] for t in p[1]] + [EOS] for p in pairs]
    return torch.tensor(xs), torch.tensor(ys)


held_out, seen = [], set()
while len(held_out) < 400:
    p = make_date()
    key = " ".join(p[0])
    if key not in seen:
        seen.add(key)
        held_out.append(p)


def training_batch(n):
    pairs = []
    while len(pairs) < n:
        p = make_date()
        if " ".join(p[0]) not in seen:
            pairs.append(p)
    return make_batch(pairs)


class GeneralAttention(nn.Module):
    """Luong's general score q . (W k), W [H, H]; returns softmaxed weights [B, T, S]."""

    def __init__(self, hidden):
        super().__init__()
        self.W = nn.Linear(hidden, hidden, bias=False)

    def forward(self, q, k):
        return torch.softmax(torch.bmm(q, self.W(k).transpose(1, 2)), dim=-1)


H = 64
model = nn.ModuleDict({
    "src_emb": nn.Embedding(len(src_words), H),
    "encoder": nn.GRU(H, H, batch_first=True),
    "tgt_emb": nn.Embedding(len(tgt_chars), H),
    "decoder": nn.GRU(H, H, batch_first=True),
    "attention": GeneralAttention(H),
    "combine": nn.Linear(2 * H, H),
    "out": nn.Linear(H, len(tgt_chars)),
})


def decode_step(y_prev, h, enc_out):
    o, h = model["decoder"](model["tgt_emb"](y_prev).unsqueeze(1), h)   # [B, 1, H]
    a = model["attention"](o, enc_out)                                  # [B, 1, S]
    ctx = torch.bmm(a, enc_out)                                         # [B, 1, H]
    h_tilde = torch.tanh(model["combine"](torch.cat((ctx, o), dim=2)))
    logp = F.log_softmax(model["out"](h_tilde.squeeze(1)), dim=-1)      # [B, V]
    return logp, h, a


def loss_on(x, y):
    enc_out, h = model["encoder"](model["src_emb"](x))
    y_prev = torch.full((x.shape[0],), SOS)
    loss = 0
    for t in range(y.shape[1]):
        logp, h, a = decode_step(y_prev, h, enc_out)
        loss = loss + F.nll_loss(logp, y[:, t])
        y_prev = y[:, t]
    return loss / y.shape[1]


opt = torch.optim.Adam(model.parameters(), lr=0.005)
losses = []
started = time.time()
for step in range(1200):
    x, y = training_batch(64)
    loss = loss_on(x, y)
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    if step % 40 == 0:
        losses.append(loss.item())
seconds = time.time() - started


def spell(ids):
    s = ""
    for i in ids:
        c = tgt_chars[int(i)]
        if c == "</s>":
            break
        s += c
    return s


with torch.no_grad():
    x, _ = make_batch(held_out)
    enc_out, h = model["encoder"](model["src_emb"](x))
    y_prev = torch.full((x.shape[0],), SOS)
    steps = []
    for t in range(11):
        logp, h, a = decode_step(y_prev, h, enc_out)
        y_prev = logp.argmax(dim=-1)
        steps.append(y_prev)
    predicted = torch.stack(steps, dim=1)
correct = sum(spell(predicted[i]) == "".join(p[1]) for i, p in enumerate(held_out))
print("INFO first loss", round(losses[0], 1), "last loss", losses[-1])
print("RESULT w6.train_seconds", seconds)
print("RESULT w6.accuracy", correct / len(held_out))
