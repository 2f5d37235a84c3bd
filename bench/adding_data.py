"""The adding problem's batches for the PyTorch benchmarks, by the rules of Carousel's AddingProblem (its random
stream differs): values in [-1, 1]; markers -1 at the first and last step, +1 at one of the first 10 positions and
one other of the first T/2 - 1; a marked first value is zeroed; target 0.5 + (X1 + X2) / 4. Lengths are T, or with
`variable` drawn from T..T+T/10 (zero-padded at the end)."""
import torch


def adding_batch(gen, size, length, variable=False):
    """Returns (x [size, steps, 2], lengths [size], y [size, 1])."""
    if variable:
        lengths = length + torch.randint(0, length // 10 + 1, (size,), generator=gen)
    else:
        lengths = torch.full((size,), length)
    steps = int(lengths.max())
    rows = torch.arange(size)
    valid = torch.arange(steps).unsqueeze(0) < lengths.unsqueeze(1)
    x = torch.zeros(size, steps, 2)
    x[:, :, 0] = (torch.rand(size, steps, generator=gen) * 2 - 1) * valid
    x[:, 0, 1] = -1
    x[rows, lengths - 1, 1] = -1
    first = torch.randint(0, 10, (size,), generator=gen)
    second = torch.randint(0, length // 2 - 1, (size,), generator=gen)
    clash = second == first
    while clash.any():
        second[clash] = torch.randint(0, length // 2 - 1, (int(clash.sum()),), generator=gen)
        clash = second == first
    x[rows, first, 1] = 1
    x[rows, second, 1] = 1
    x[(x[:, 0, 1] == 1), 0, 0] = 0
    y = 0.5 + (x[rows, first, 0] + x[rows, second, 0]) / 4
    return x, lengths, y.unsqueeze(1)
