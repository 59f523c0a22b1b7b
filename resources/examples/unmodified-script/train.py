"""A training script that knows nothing about Tundra: argparse flags in, plain progress lines out.

It fits a linear regression by mini-batch SGD with momentum and an L2 penalty, on a synthetic
data set drawn from a fixed seed, and prints one line per epoch:

    epoch 3 train_loss: 0.4127 val_loss: 0.5203

That is all Tundra needs: the experiment file's `metrics.patterns` reads the step and both losses
from those lines. Standard library only (Python 3.8+).

    python3 train.py --lr 0.01 --momentum 0.9
    python3 train.py --lr 0.001 --momentum 0.5 --l2 0.01 --batch-size 8 --epochs 40
"""

import argparse
import math
import random
import sys

FEATURES = 8
TRAIN_ROWS = 800
VALIDATION_ROWS = 200
# The data are the same for every trial, so all trials are scored on the same rows.
DATA_SEED = 7


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
    parser.add_argument("--lr", type=positive(float), default=0.01, help="SGD learning rate (default 0.01)")
    parser.add_argument("--momentum", type=fraction, default=0.9, help="SGD momentum (default 0.9)")
    parser.add_argument("--l2", type=non_negative, default=0.0, help="L2 penalty on the weights (default 0)")
    parser.add_argument("--batch-size", type=positive(int), default=32, help="rows per SGD step (default 32)")
    parser.add_argument("--epochs", type=positive(int), default=20, help="passes over the training rows (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the batch order (default 0)")
    return parser.parse_args(argv)


def make_data():
    """(rows, targets) for training and validation: a linear signal, a small nonlinearity, noise."""
    rng = random.Random(DATA_SEED)
    true_weights = [rng.uniform(-2.0, 2.0) for _ in range(FEATURES)]

    def draw(count):
        rows, targets = [], []
        for _ in range(count):
            x = [rng.gauss(0.0, 1.0) for _ in range(FEATURES)]
            y = sum(w * v for w, v in zip(true_weights, x)) + 0.5 * math.sin(3.0 * x[0]) + rng.gauss(0.0, 0.3)
            rows.append(x)
            targets.append(y)
        return rows, targets

    return draw(TRAIN_ROWS), draw(VALIDATION_ROWS)


def mean_squared_error(weights, bias, rows, targets):
    total = 0.0
    for x, y in zip(rows, targets):
        error = bias + sum(w * v for w, v in zip(weights, x)) - y
        total += error * error
    return total / len(rows)


def main(argv=None):
    args = parse_args(argv)
    (train_x, train_y), (validation_x, validation_y) = make_data()
    rng = random.Random(args.seed)
    weights, bias = [0.0] * FEATURES, 0.0
    velocity, bias_velocity = [0.0] * FEATURES, 0.0
    order = list(range(len(train_x)))
    print("training on {} rows, validating on {}; lr={} momentum={} l2={} batch={}".format(
        len(train_x), len(validation_x), args.lr, args.momentum, args.l2, args.batch_size), flush=True)

    for epoch in range(1, args.epochs + 1):
        rng.shuffle(order)
        for start in range(0, len(order), args.batch_size):
            batch = order[start : start + args.batch_size]
            gradient, bias_gradient = [0.0] * FEATURES, 0.0
            for i in batch:
                x = train_x[i]
                error = bias + sum(w * v for w, v in zip(weights, x)) - train_y[i]
                for k in range(FEATURES):
                    gradient[k] += 2.0 * error * x[k] / len(batch)
                bias_gradient += 2.0 * error / len(batch)
            velocity = [args.momentum * m - args.lr * (g + 2.0 * args.l2 * w) for m, g, w in zip(velocity, gradient, weights)]
            bias_velocity = args.momentum * bias_velocity - args.lr * bias_gradient
            weights = [w + m for w, m in zip(weights, velocity)]
            bias += bias_velocity
        train_loss = mean_squared_error(weights, bias, train_x, train_y)
        val_loss = mean_squared_error(weights, bias, validation_x, validation_y)
        # Python prints a diverged loss as nan or inf; the experiment's patterns read those too.
        print("epoch {} train_loss: {:.6g} val_loss: {:.6g}".format(epoch, train_loss, val_loss), flush=True)
        if not math.isfinite(val_loss):
            print("the loss diverged; stopping", flush=True)
            return 0
    print("done: weights {}".format(", ".join("{:.3f}".format(w) for w in weights)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
