"""PyTorch twin of LstmBench.java: the same cells, optimiser and adding-problem rules, one thread.

Run with Debian's torch and OpenBLAS (apt-get install python3-torch libopenblas0-pthread):
    /usr/bin/python3 bench/lstm_bench.py CELL [REPS] [SECONDS_PER_REP]
Prints `rep torch CELL SEQ_PER_S` per repetition after an uncounted warm-up, then the median line.
"""
import sys
import time

import torch

CELLS = {"C1": (100, 16, 32), "C2": (100, 128, 64), "C3": (1000, 16, 32)}


def adding_batch(gen, size, steps):
    """Adding problem (Hochreiter & Schmidhuber 1997, exp. 4), fixed length: values in [-1, 1], markers -1 at the
    first and last step, +1 at one of the first 10 and one of the first steps/2 - 1 positions; target
    0.5 + (X1 + X2) / 4. Same rules as Carousel's AddingProblem (its random stream differs)."""
    x = torch.zeros(size, steps, 2)
    x[:, :, 0] = torch.rand(size, steps, generator=gen) * 2 - 1
    x[:, 0, 1] = -1
    x[:, steps - 1, 1] = -1
    first = torch.randint(0, 10, (size,), generator=gen)
    second = torch.randint(0, steps // 2 - 1, (size,), generator=gen)
    clash = second == first
    while clash.any():
        second[clash] = torch.randint(0, steps // 2 - 1, (int(clash.sum()),), generator=gen)
        clash = second == first
    rows = torch.arange(size)
    x[rows, first, 1] = 1
    x[rows, second, 1] = 1
    x[(x[:, 0, 1] == 1), 0, 0] = 0
    y = 0.5 + (x[rows, first, 0] + x[rows, second, 0]) / 4
    return x, y.unsqueeze(1)


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
            x, y = adding_batch(gen, batch, steps)
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
