"""PyTorch twin of configs/adding.yaml, trained until the 1997 paper's criterion holds; prints the wall time.

Same hyper-parameters as the config: adding problem T=100 with lengths T..T+T/10, one LSTM layer of 32 units, forget
gate bias 5, input gate bias -3, output at each sequence's last step through a sigmoid, MSE, Adam 0.01, batch 64.
Criterion (Carousel's RecentWindowRule): each sequence is judged on the prediction made before the update that uses
it; correct when |error| < 0.04; solved when the last 2,000 sequences were all correct and their mean squared error
is below 0.01. Budget 2,000,000 sequences.

    /usr/bin/python3 bench/adding_solve.py SEED
prints `solve torch SEED SEQUENCES SECONDS`.
"""
import sys
import time

import torch

from adding_data import adding_batch

T, UNITS, BATCH, WINDOW, BUDGET = 100, 32, 64, 2000, 2_000_000


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(2, UNITS, batch_first=True)
        self.out = torch.nn.Linear(UNITS, 1)
        with torch.no_grad():  # PyTorch's gate order: input, forget, cell, output
            self.lstm.bias_ih_l0[:UNITS] = -3.0
            self.lstm.bias_ih_l0[UNITS:2 * UNITS] = 5.0
            self.lstm.bias_hh_l0[:2 * UNITS] = 0.0

    def forward(self, x, lengths):
        h, _ = self.lstm(x)
        last = h[torch.arange(x.shape[0]), lengths - 1]
        return torch.sigmoid(self.out(last))


def main():
    torch.set_num_threads(1)
    seed = int(sys.argv[1])
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    errors = torch.zeros(WINDOW)
    seen = streak = 0
    start = time.perf_counter()
    while seen < BUDGET:
        x, lengths, y = adding_batch(gen, BATCH, T, variable=True)
        opt.zero_grad()
        pred = net(x, lengths)
        loss = torch.nn.functional.mse_loss(pred, y)
        loss.backward()
        opt.step()
        err = (pred.detach() - y).squeeze(1)
        for e in err.tolist():
            streak = streak + 1 if abs(e) < 0.04 else 0
            errors[seen % WINDOW] = e * e
            seen += 1
        if streak >= WINDOW and float(errors.mean()) < 0.01:
            break
    seconds = time.perf_counter() - start
    solved = streak >= WINDOW
    print(f"solve torch {seed} {seen if solved else 'unsolved'} {seconds:.1f}")


if __name__ == "__main__":
    main()
