# Workload 4, PyTorch twin of attn/w4_tutorial_inference.attn: the tutorial's EncoderRNN and
# AttnDecoderRNN (seeds/004: hidden 256, vocabularies 5000/2000, MAX_LENGTH 10), written as the
# tutorial writes them. One pass encodes 5 tokens and decodes 6 with teacher forcing, in eval
# mode (no dropout) and without gradients.
import time
import torch
import torch.nn as nn
import torch.nn.functional as F

print("INFO torch", torch.__version__, "threads", torch.get_num_threads())
torch.manual_seed(0)
MAX_LENGTH = 10
in_num_of_words = 5000
out_num_of_words = 2000
hidden_size = 256


class EncoderRNN(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size)

    def forward(self, input_, hidden):
        embedded = self.embedding(input_).view(1, 1, -1)
        output, hidden = self.gru(embedded, hidden)
        return output, hidden


class AttnDecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size, dropout_p=0.1, max_length=MAX_LENGTH):
        super().__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.attn = nn.Linear(hidden_size * 2, max_length)
        self.attn_combine = nn.Linear(hidden_size * 2, hidden_size)
        self.dropout = nn.Dropout(dropout_p)
        self.gru = nn.GRU(hidden_size, hidden_size)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, input_, hidden, encoder_outputs):
        embedded = self.embedding(input_).view(1, 1, -1)
        embedded = self.dropout(embedded)
        attn_weights = F.softmax(self.attn(torch.cat((embedded[0], hidden[0]), 1)), dim=1)
        attn_applied = torch.bmm(attn_weights.unsqueeze(0), encoder_outputs.unsqueeze(0))
        output = torch.cat((embedded[0], attn_applied[0]), 1)
        output = self.attn_combine(output).unsqueeze(0)
        output = F.relu(output)
        output, hidden = self.gru(output, hidden)
        output = F.log_softmax(self.out(output[0]), dim=1)
        return output, hidden, attn_weights


encoder = EncoderRNN(in_num_of_words, hidden_size).eval()
decoder = AttnDecoderRNN(hidden_size, out_num_of_words).eval()
input_tensor = torch.randint(0, in_num_of_words, (5, 1))
target_tensor = torch.randint(0, out_num_of_words, (6, 1))


def one_pass():
    encoder_outputs = torch.zeros(MAX_LENGTH, hidden_size)
    encoder_hidden = torch.zeros(1, 1, hidden_size)
    for ei in range(input_tensor.shape[0]):
        encoder_output, encoder_hidden = encoder(input_tensor[ei], encoder_hidden)
        encoder_outputs[ei] = encoder_output[0, 0]
    decoder_input = torch.tensor([[0]])
    decoder_hidden = encoder_hidden
    decoder_outputs = torch.zeros(MAX_LENGTH, out_num_of_words)
    for di in range(target_tensor.shape[0]):
        decoder_output, decoder_hidden, decoder_attention = decoder(
            decoder_input, decoder_hidden, encoder_outputs)
        decoder_input = target_tensor[di]
        decoder_outputs[di] = decoder_output
    return decoder_outputs


N = 300
with torch.no_grad():
    for i in range(20):
        one_pass()
    t0 = time.time()
    for i in range(N):
        out = one_pass()
    dt = time.time() - t0
print("RESULT w4.pass", dt / N * 1e3)
