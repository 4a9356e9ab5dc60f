"""Trains the bundled example models: a small Spiking Transformer with A2OS2A
attention (binary Q via LIF, ReLU K, ternary V, no softmax or scale,
membrane-potential residuals, T = 4) and the same architecture with
Spikformer's SSA attention (binary Q, K, V, scale 0.125), on scikit-learn's
handwritten digits (8x8 images, 10 classes), with the same budget, and
exports both as NIR files next to this script.

    .venv/bin/python3 examples/digits/train.py [--epochs 80] [--out examples/digits]

Data: sklearn.datasets.load_digits, pixel values / 16, split with
train_test_split(test_size=0.25, random_state=0, stratify=labels): 1347
training and 450 test images; training images are shifted by up to one pixel
at random. Training is seeded and runs on the CPU with
surrogate gradients (arctan) through the spiking neurons; it writes
`a2os2a.nir`, `ssa.nir` (the models), `a2os2a.pt`, `ssa.pt` (their PyTorch
weights, to compare compiled and PyTorch predictions), `test_split.npz` and
`train.log`.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
from spike.torch import SpikingTransformer, class_scores, export_nir  # noqa: E402

CONFIG = dict(img_size=(8, 8), in_channels=1, embed_dim=64, num_heads=4, depth=1,
              timesteps=4, num_classes=10, stem_pools=1)


def digits():
    data = load_digits()
    images = (data.images / 16.0).astype(np.float32)[:, None]  # [N, 1, 8, 8]
    return train_test_split(images, data.target.astype(np.int64), test_size=0.25,
                            random_state=0, stratify=data.target)


def shift(images, rng):
    """Each image moved by up to one pixel in each direction (zero fill): the
    only augmentation."""
    padded = np.pad(images, ((0, 0), (0, 0), (1, 1), (1, 1)))
    dy, dx = rng.integers(0, 3, (2, len(images)))
    return np.stack([padded[i, :, dy[i]:dy[i] + 8, dx[i]:dx[i] + 8] for i in range(len(images))])


def make_model(attention):
    return SpikingTransformer.from_config(CONFIG, attention)


def accuracy(model, images, labels, batch=256):
    return (class_scores(model, images, batch).argmax(-1) == labels).mean()


def train(attention, data, epochs, seed, log):
    train_x, test_x, train_y, test_y = data
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = make_model(attention)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=3e-3, total_steps=epochs * ((len(train_x) + 63) // 64))
    start = time.time()
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(train_x))
        total = 0.0
        for begin in range(0, len(order), 64):
            batch = order[begin:begin + 64]
            x = model.repeat_input(torch.from_numpy(shift(train_x[batch], rng)))
            loss = torch.nn.functional.cross_entropy(model.logits(x),
                                                     torch.from_numpy(train_y[batch]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item() * len(batch)
        if epoch % 5 == 4 or epoch == epochs - 1:
            line = (f"{attention} epoch {epoch + 1:3d}  loss {total / len(train_x):.4f}  "
                    f"test accuracy {accuracy(model, test_x, test_y):.4f}  "
                    f"({time.time() - start:.0f} s)")
            print(line, flush=True)
            log.write(line + "\n")
    return model, accuracy(model, test_x, test_y), time.time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=80)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=HERE)
    args = parser.parse_args()
    torch.set_num_threads(2)
    data = digits()
    os.makedirs(args.out, exist_ok=True)
    np.savez_compressed(os.path.join(args.out, "test_split.npz"), images=data[1], labels=data[3])
    results = {}
    with open(os.path.join(args.out, "train.log"), "w") as log:
        log.write(f"config {json.dumps(CONFIG)}  epochs {args.epochs}  seed {args.seed}\n")
        for attention in ("a2os2a", "ssa"):
            model, acc, seconds = train(attention, data, args.epochs, args.seed, log)
            export_nir(model, os.path.join(args.out, f"{attention}.nir"))
            torch.save(model.state_dict(), os.path.join(args.out, f"{attention}.pt"))
            results[attention] = acc
            line = f"{attention}: test accuracy {acc:.4f} after {seconds:.0f} s"
            print(line)
            log.write(line + "\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
