"""PyTorch example: an MLP on scikit-learn's 8x8 digits, tuned by Tundra, frozen and thawed exactly.

The plain PyTorch training loop that Tundra's docs point to as the tested reference: it reports
validation loss and accuracy after every epoch through the helper, writes a checkpoint when
Tundra asks, exits when asked to freeze or stop, and when thawed continues from its checkpoint
exactly as if it had never stopped (the same losses, to the last bit, as an uninterrupted run).

    python3 train.py --lr 0.01 --hidden 128                        # about 20 ms an epoch on a CPU
    python3 train.py --optimizer sgd --lr 0.1 --dropout 0.2 --epochs 40 --seed 3

Needs PyTorch and scikit-learn (whose copy of the digits data set ships inside the package, so
nothing is downloaded). Runs on the GPU that CUDA_VISIBLE_DEVICES names when there is one, else
on the CPU.
"""

import argparse
import math
import os
import random
import sys

# Deterministic cuBLAS needs this before CUDA starts (PyTorch's reproducibility notes); harmless on CPU.
os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits

try:
    import tundra
except ImportError:
    # Run outside Tundra: the helper is not on PYTHONPATH, but it ships two folders up.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
    import tundra

# The validation rows are the same for every trial and seed, so all trials are scored alike.
VALIDATION_FRACTION = 0.2
SPLIT_SEED = 20240601


def parse_args(argv=None):
    def positive(kind):
        def check(text):
            value = kind(text)
            if not value > 0:
                raise argparse.ArgumentTypeError("must be > 0, got {}".format(text))
            return value

        return check

    def fraction(text):
        value = float(text)
        if not 0.0 <= value < 1.0:
            raise argparse.ArgumentTypeError("must be in [0, 1), got {}".format(text))
        return value

    def non_negative(text):
        value = float(text)
        if not value >= 0.0:
            raise argparse.ArgumentTypeError("must be >= 0, got {}".format(text))
        return value

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lr", type=positive(float), default=0.003, help="learning rate (default 0.003)")
    parser.add_argument("--hidden", type=positive(int), default=128, help="units in each of the two hidden layers (default 128)")
    parser.add_argument("--dropout", type=fraction, default=0.1, help="dropout after each hidden layer (default 0.1)")
    parser.add_argument("--weight-decay", type=non_negative, default=1e-4, help="L2 penalty (AdamW: decoupled) (default 1e-4)")
    parser.add_argument("--batch-size", type=positive(int), default=64, help="rows per optimiser step (default 64)")
    parser.add_argument("--optimizer", choices=["adamw", "sgd"], default="adamw", help="adamw, or sgd with Nesterov momentum 0.9 (default adamw)")
    parser.add_argument("--epochs", type=positive(int), default=27, help="passes over the training rows (default 27)")
    parser.add_argument("--seed", type=int, default=0, help="seed for weights, dropout and batch order (default 0)")
    return parser.parse_args(argv)


def make_deterministic():
    """The same numbers on every run of the same configuration, and after every thaw."""
    # One thread: a parallel reduction may add in a different order from one run to the next.
    torch.set_num_threads(1)
    # warn_only: an operation without a deterministic kernel on some device warns instead of failing.
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark = False


def load_data(device):
    """(train_x, train_y, validation_x, validation_y) on `device`: pixels scaled to [0, 1], a stratified split."""
    digits = load_digits()
    features = torch.tensor(digits.data / 16.0, dtype=torch.float32)
    labels = torch.tensor(digits.target, dtype=torch.int64)
    split = torch.Generator().manual_seed(SPLIT_SEED)
    train_rows, validation_rows = [], []
    for label in range(10):
        members = torch.nonzero(labels == label).flatten()
        members = members[torch.randperm(len(members), generator=split)]
        cut = int(round(len(members) * VALIDATION_FRACTION))
        validation_rows.append(members[:cut])
        train_rows.append(members[cut:])
    train = torch.cat(train_rows).sort().values
    validation = torch.cat(validation_rows).sort().values
    return (features[train].to(device), labels[train].to(device), features[validation].to(device), labels[validation].to(device))


def make_model(hidden, dropout):
    return torch.nn.Sequential(
        torch.nn.Linear(64, hidden),
        torch.nn.ReLU(),
        torch.nn.Dropout(dropout),
        torch.nn.Linear(hidden, hidden),
        torch.nn.ReLU(),
        torch.nn.Dropout(dropout),
        torch.nn.Linear(hidden, 10),
    )


def make_optimizer(args, parameters):
    if args.optimizer == "adamw":
        return torch.optim.AdamW(parameters, lr=args.lr, weight_decay=args.weight_decay)
    return torch.optim.SGD(parameters, lr=args.lr, momentum=0.9, nesterov=True, weight_decay=args.weight_decay)


def snapshot(epoch, model, optimizer, order, device):
    """Everything the next epoch depends on: tensors and plain values only (NumPy's state as a list)."""
    numpy_state = np.random.get_state()
    return {
        "epoch": epoch,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        # Dropout draws from the global generator of the device the model is on.
        "torch_rng": torch.get_rng_state(),
        "cuda_rng": torch.cuda.get_rng_state(device) if device.type == "cuda" else None,
        # This script draws nothing from Python's or NumPy's generators, but a data pipeline
        # (augmentation, DataLoader workers) usually does: saving them keeps a copy of this loop exact.
        "python_rng": random.getstate(),
        "numpy_rng": [numpy_state[0], numpy_state[1].tolist(), *numpy_state[2:]],
        # The batch order: each epoch's permutation comes from this generator.
        "order_rng": order.get_state(),
    }


def restore(state, model, optimizer, order, device):
    """Puts a snapshot back; returns the epoch it was taken after."""
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["torch_rng"])
    if device.type == "cuda" and state["cuda_rng"] is not None:
        torch.cuda.set_rng_state(state["cuda_rng"], device)
    version, internal, gauss = state["python_rng"]
    random.setstate((version, tuple(internal), gauss))
    kind, keys, position, has_gauss, cached = state["numpy_rng"]
    np.random.set_state((kind, np.array(keys, dtype=np.uint32), position, has_gauss, cached))
    order.set_state(state["order_rng"])
    return state["epoch"]


def train_epoch(model, optimizer, order, train_x, train_y, batch_size):
    """Mean training loss of one pass over the rows in a fresh random order (NaN once diverged)."""
    model.train()
    total, count = 0.0, 0
    permutation = torch.randperm(len(train_x), generator=order).to(train_x.device)
    for batch in permutation.split(batch_size):
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(train_x[batch]), train_y[batch])
        if not torch.isfinite(loss):
            return float("nan")
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
        count += len(batch)
    return total / count


@torch.no_grad()
def evaluate(model, x, y):
    """(mean cross-entropy, accuracy)."""
    model.eval()
    logits = model(x)
    return F.cross_entropy(logits, y).item(), (logits.argmax(dim=1) == y).float().mean().item()


def main(argv=None):
    args = parse_args(argv)
    make_deterministic()
    # Tundra gives each trial its own GPU through CUDA_VISIBLE_DEVICES, so "cuda" is the right one.
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_x, train_y, validation_x, validation_y = load_data(device)

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    model = make_model(args.hidden, args.dropout).to(device)
    optimizer = make_optimizer(args, model.parameters())
    order = torch.Generator().manual_seed(args.seed)
    print(
        "digits on {}: {} training rows, {} validation rows; optimizer={} lr={} hidden={} dropout={} weight_decay={} batch={}".format(
            device, len(train_x), len(validation_x), args.optimizer, args.lr, args.hidden, args.dropout, args.weight_decay, args.batch_size
        ),
        flush=True,
    )

    start = 1
    # None unless Tundra is thawing this trial from a checkpoint. Read onto the CPU: the random
    # states must be CPU tensors, and load_state_dict copies the rest to the model's device. The
    # snapshot holds only tensors and plain values, so it also loads where torch.load defaults to
    # weights_only=True (PyTorch 2.6 and later).
    state = tundra.load_checkpoint(lambda file: torch.load(file, map_location="cpu"))
    if state is not None:
        start = restore(state, model, optimizer, order, device) + 1
        print("resumed from the checkpoint after epoch {}".format(start - 1), flush=True)

    for epoch in range(start, args.epochs + 1):
        train_loss = train_epoch(model, optimizer, order, train_x, train_y, args.batch_size)
        val_loss, val_acc = evaluate(model, validation_x, validation_y)
        if not (math.isfinite(train_loss) and math.isfinite(val_loss)):
            # Diverged (learning rate too high). A bad configuration is a result, not a crash:
            # report it as non-finite (the helper writes null) and end with exit code 0.
            print("epoch {} diverged: the loss is not finite; stopping".format(epoch), flush=True)
            nan = float("nan")
            tundra.report(step=epoch, val_loss=nan, val_acc=nan, train_loss=nan)
            return 0
        print("epoch {} train_loss={:.4g} val_loss={:.4g} val_acc={:.4f}".format(epoch, train_loss, val_loss, val_acc), flush=True)
        tundra.report(step=epoch, val_loss=val_loss, val_acc=val_acc, train_loss=train_loss)
        # Between two epochs the model, optimiser and generators are consistent: the place to
        # answer Tundra's requests. A freeze saves, then exits; the thawed run continues here.
        if tundra.should_checkpoint():
            tundra.save_checkpoint(torch.save, snapshot(epoch, model, optimizer, order, device))
        if tundra.should_stop():
            print("stopping after epoch {} as asked".format(epoch), flush=True)
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
