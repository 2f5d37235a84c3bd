"""PyTorch twin of LstmBench.java: the same cells, optimiser and adding-problem rules, one thread.

Run with Debian's torch and OpenBLAS (apt-get install python3-torch libopenblas0-pthread):
    /usr/bin/python3 bench/lstm_bench.py CELL [REPS] [SECONDS_PER_REP]
Prints `rep torch CELL SEQ_PER_S` per repetition after an uncounted warm-up, then the median line.
"""
import sys
import time

import torch

from adding_data import adding_batch

CELLS = {"C1": (100, 16, 32), "C2": (100, 128, 64), "C3": (1000, 16, 32)}


class Net(torch.nn.Module):
    def __init__(self, units):
        super().__init__()
        self.lstm = torch.nn.LSTM(2, units, batch_first=True)
        self.out = torch.nn.Linear(units, 1)

    def forward(self, x):
        h, _ = self.lstm(x)
        return torch.sigmoid(self.out(h[:, -1, :]))


def main():
    torch.set_num_threads(1)
    cell = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
    steps, units, batch = CELLS[cell]
    torch.manual_seed(7)
    gen = torch.Generator().manual_seed(7)
    net = Net(units)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    loss_fn = torch.nn.MSELoss()

    def timed():
        start = time.perf_counter()
        n = 0
        while True:
            x, _, y = adding_batch(gen, batch, steps)
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            n += 1
            now = time.perf_counter()
            if now - start >= seconds:
                return n * batch / (now - start)

    timed()  # warm-up
    rates = [timed() for _ in range(reps)]
    for r in rates:
        print(f"rep torch {cell} {r:.1f}")
    s = sorted(rates)
    print(f"median torch {cell} {s[len(s) // 2]:.1f} (min {s[0]:.1f}, max {s[-1]:.1f})")


if __name__ == "__main__":
    main()
