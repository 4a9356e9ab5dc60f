"""Trains a Spiking Transformer with A2OS2A attention (binary Q via LIF, ReLU
K, ternary V, no softmax or scale, membrane-potential residuals, T = 4) on
Fashion-MNIST (28x28 grey images of clothes, 10 classes) and exports it as
NIR next to this script; ``--attention ssa`` trains the same network with
Spikformer's SSA attention, ``--ann`` a float ANN of the same shape for
comparison.

    .venv/bin/python3 examples/fashion-mnist/train.py [--epochs 25] [--threads 2]
        [--attention a2os2a|ssa] [--ann] [--out examples/fashion-mnist] [--limit N]
        [--stem-channels 24,48,64] [--teacher examples/fashion-mnist/teacher.pt] [--compile]
        [--tet] [--init a2os2a.pt --lr 2e-4 --no-augment] [--swa]

Data: the original IDX files of the Debian package dataset-fashion-mnist
(/usr/share/datasets/fashion-mnist, read by spike.datasets), pixel values /
255; 60000 training and 10000 test images. Augmentation: a random crop of
the image padded by 2 pixels (zero fill) and a horizontal flip with
probability 1/2. Training is seeded and runs on the CPU with surrogate
gradients (arctan) through the spiking neurons: AdamW, a one-cycle schedule
(10 % warm-up, cosine decay), cross entropy with label smoothing 0.1, batch
128. The test accuracy is measured after every epoch.

Distillation (``--teacher teacher.pt``): a float ANN trained by ``--ann`` (its
shape from the .json of the same name beside it) gives soft targets; the loss is
(1 - a) * CE(student) + a * tau^2 * KL(softmax(teacher / tau) ||
softmax(student / tau)) with a = 0.5, tau = 2 (Hinton et al. 2015). The
teacher only runs forward, in eval mode; the exported model is the student
alone. Why: the spiking model underfits (its training accuracy is no higher
than its test accuracy), and the teacher's soft targets are easier to fit
than one-hot labels.

TET (``--tet``, Deng et al. 2022, "Temporal Efficient Training"): the cross
entropy is taken at every time step's class scores and averaged over the
steps, instead of once on their time mean; the distillation term stays on
the time mean, which is what the model outputs. Why: with the loss on the
mean only, a step can be wrong as long as the others make up for it; on
every step, each step's spikes are pushed to carry the class. In 4-epoch
pilots on 30 000 images (train.log) it changed the test accuracy by -0.4
and +0.2 points, within the noise of such runs; the stronger teacher
(the float ANN with the 16/32/64 stem, 0.9319, now teacher.pt, against one
with 8/16/32, 0.9227) gave +0.7 and +1.3, but for the 16/32/64 spiking
model over the full 25-epoch schedule it gained nothing (0.8958 against
0.8981 at epoch 20; train.log).

Cost (measured on one thread of this machine's CPU: 0.83 s per step of 128,
about 390 s per epoch of training plus 32 s of testing): about 230 s per
epoch on two threads, so the default 25 epochs take about 1.6 hours, for
the default stem (8/16/32); the 16/32/64 stem takes about 285 s per epoch
and the committed model's 24/48/64 stem about 330 s (20 epochs: 1 h 58 min).

Fine-tuning (``--init a2os2a.pt``): training starts from a trained model's
weights instead of random ones, with a new one-cycle schedule peaking at
``--lr``; ``--no-augment`` shows the training images as they are, as the
test images are shown. The .json records ``init``, ``lr``, ``augment`` and
``swa``.
The committed model (stem 24/48/64, 163 442 parameters, distilled from
teacher.pt) is a 20-epoch run (0.9076) fine-tuned so for 5 epochs at --lr
3e-4 with seed 1 (29 min): 0.9112 (train.log). The model it replaced (stem
16/32/64) reached 0.9089 after two such fine-tunings and levelled off there.

Growing (``--init`` with a larger ``--depth``): the weights may be of a
model with fewer encoder blocks; the blocks it lacks are added as the
identity (the batch norms ending their residual branches start at scale and
shift 0, Goyal et al. 2017), so training starts from what the shallower
model computes, not from scratch.

SWA (``--swa``, Izmailov et al. 2018, with torch.optim.swa_utils): after
a linear warm-up from --lr / 25 over the first 10 % of the steps, the
learning rate stays at --lr; the weights at the
end of every epoch are averaged (AveragedModel), the average's batch-norm
statistics are recomputed over the training images as they are
(update_bn), and the average is the model written. From the 16/32/64
model at 0.9089, at --lr 2e-4 for 6 epochs it gave 0.9076, no gain (train.log).

``--compile`` runs the training forward (and so its backward) through
torch.compile, after about two minutes of compiling the first step. On a
quiet 2-core machine it gained little (270-295 s per epoch against 285 s
eager for the 16/32/64 stem; train.log has both). Testing and the export use the eager
model, so the model written is the same kind either way.

Writes, in --out: ``<name>.nir`` (the model, not for --ann), ``<name>.pt``
(its PyTorch state dict), ``<name>.json`` (config, epochs and final test
accuracy) and appends to ``train.log`` (the command, the config, one line per
epoch with loss, test accuracy and time, the final accuracy). <name> is the
attention kind, or ``ann`` for --ann. After every epoch the whole training
state goes to ``<name>.checkpoint.pt`` (removed at the end); running the same
command again after an interruption continues from it, with the same result
as an uninterrupted run.

The float ANN (``FloatTransformer``): SpikingTransformer has no float mode,
so this file defines the same layout with every LIF replaced by a ReLU and
one pass instead of T steps: the same stem (conv+BN, the same channels, the
same max pools), relative position encoding x = m0 + BN(conv(ReLU(m0))),
tokens, encoder blocks x = x + BN(proj(Attn(ReLU(x)))) and x = x +
BN(fc2(ReLU(BN(fc1(ReLU(x)))))), and the head fc(mean over tokens of
ReLU(x)). Its attention is the usual softmax(q k^T / sqrt(d)) v per head
with q, k, v = BN(Linear(.)) (no neurons on q, k, v). Same width, depth,
parameter count up to the LIFs' (none), same data, schedule and budget.
"""

import argparse
import json
import math
import os
import shlex
import sys
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
from spike.datasets import load_fashion_mnist  # noqa: E402
from spike.torch import SpikingTransformer, class_scores  # noqa: E402
from spike.torch.layers import TokenBatchNorm  # noqa: E402

CONFIG = dict(img_size=(28, 28), in_channels=1, embed_dim=64, num_heads=4, depth=1,
              timesteps=4, num_classes=10, stem_pools=2, mlp_ratio=4)
BATCH = 128
LR, WEIGHT_DECAY, LABEL_SMOOTHING = 2e-3, 0.02, 0.1
DISTILL_WEIGHT, DISTILL_TEMPERATURE = 0.5, 2.0
TUNING_DEFAULTS = dict(init=None, lr=LR, augment=True, swa=False)  # their flags unset


def make_model(attention="a2os2a", config=None):
    """The spiking transformer of ``config`` (default CONFIG)."""
    return SpikingTransformer.from_config(dict(CONFIG, **(config or {})), attention)


class FloatTransformer(nn.Module):
    """The float ANN of the same layout (see the module docstring). Takes the
    same [T, B, C, H, W] input as SpikingTransformer and uses its first step."""

    def __init__(self, img_size, in_channels, embed_dim, num_heads, depth, num_classes,
                 stem_pools=2, mlp_ratio=4, stem_channels=None):
        super().__init__()
        widths = stem_channels or (embed_dim // 8, embed_dim // 4, embed_dim // 2)
        channels = [in_channels, *widths, embed_dim]
        stem = []
        for i in range(4):
            stem += [nn.Conv2d(channels[i], channels[i + 1], 3, 1, 1, bias=False),
                     nn.BatchNorm2d(channels[i + 1])]
            if i < 3:
                stem.append(nn.ReLU())
            if i < min(stem_pools, 3):
                stem.append(nn.MaxPool2d(3, 2, 1))
        self.stem = nn.Sequential(*stem)
        self.rpe_pool = nn.MaxPool2d(3, 2, 1) if stem_pools == 4 else nn.Identity()
        self.rpe = nn.Sequential(nn.Conv2d(embed_dim, embed_dim, 3, 1, 1, bias=False),
                                 nn.BatchNorm2d(embed_dim))
        self.num_heads = num_heads
        self.blocks = nn.ModuleList()
        hidden = int(mlp_ratio * embed_dim)
        for _ in range(depth):
            block = nn.Module()
            for p in "qkv":
                block.add_module(f"{p}_linear", nn.Linear(embed_dim, embed_dim, bias=False))
                block.add_module(f"{p}_bn", TokenBatchNorm(embed_dim))
            block.proj = nn.Linear(embed_dim, embed_dim, bias=False)
            block.proj_bn = TokenBatchNorm(embed_dim)
            block.fc1 = nn.Linear(embed_dim, hidden, bias=False)
            block.fc1_bn = TokenBatchNorm(hidden)
            block.fc2 = nn.Linear(hidden, embed_dim, bias=False)
            block.fc2_bn = TokenBatchNorm(embed_dim)
            self.blocks.append(block)
        self.fc = nn.Linear(embed_dim, num_classes)

    def attention(self, block, x):
        b, n, d = x.shape
        q, k, v = (getattr(block, f"{p}_bn")(getattr(block, f"{p}_linear")(x)).reshape(
            b, n, self.num_heads, d // self.num_heads).transpose(1, 2) for p in "qkv")
        out = nn.functional.scaled_dot_product_attention(q, k, v)
        return out.transpose(1, 2).reshape(b, n, d)

    def logits(self, x):
        """x [T, B, C, H, W] (a repeated image) -> [B, classes] from x[0]."""
        m0 = self.stem(x[0])
        x = self.rpe_pool(m0) + self.rpe(self.rpe_pool(torch.relu(m0)))
        x = x.flatten(2).transpose(1, 2)  # [B, N, D]
        for block in self.blocks:
            x = x + block.proj_bn(block.proj(self.attention(block, torch.relu(x))))
            hidden = block.fc1_bn(block.fc1(torch.relu(x)))
            x = x + block.fc2_bn(block.fc2(torch.relu(hidden)))
        return self.fc(torch.relu(x).mean(dim=1))

    def forward(self, x):
        return self.logits(x)

    def repeat_input(self, images):
        return images.unsqueeze(0)


def make_ann(config=None):
    c = dict(CONFIG, **(config or {}))
    return FloatTransformer(c["img_size"], c["in_channels"], c["embed_dim"], c["num_heads"],
                            c["depth"], c["num_classes"], c["stem_pools"], c["mlp_ratio"],
                            c.get("stem_channels"))


def augment(images, rng, pad=2):
    """A random crop of each image padded by ``pad`` (zero fill), then a
    horizontal flip with probability 1/2."""
    n, _, h, w = images.shape
    padded = np.pad(images, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dy, dx = rng.integers(0, 2 * pad + 1, (2, n))
    rows = dy[:, None] + np.arange(h)[None]  # [n, h]
    cols = dx[:, None] + np.arange(w)[None]  # [n, w]
    flip = rng.random(n) < 0.5
    cols[flip] = cols[flip, ::-1]
    index = np.arange(n)[:, None, None]
    return np.ascontiguousarray(padded[index, 0, rows[:, :, None], cols[:, None, :]][:, None])


def accuracy(model, images, labels, batch=500):
    return (class_scores(model, images, batch).argmax(-1) == labels).mean()


def distillation_loss(hard, logits, teacher_logits):
    """(1 - a) hard + a tau^2 KL(teacher || student) at temperature tau;
    ``hard`` is the cross entropy with the labels."""
    tau = DISTILL_TEMPERATURE
    soft = nn.functional.kl_div(nn.functional.log_softmax(logits / tau, dim=-1),
                                nn.functional.log_softmax(teacher_logits / tau, dim=-1),
                                reduction="batchmean", log_target=True)
    return (1 - DISTILL_WEIGHT) * hard + DISTILL_WEIGHT * tau * tau * soft


def load_init(model, state):
    """Loads the weights ``state`` into ``model``; returns the names of the
    encoder blocks it added. ``state`` may be of a spiking model with fewer
    encoder blocks: the blocks it lacks start as the identity (the batch
    norms that end their two residual branches get scale and shift 0, as in
    Goyal et al. 2017's zero-init residuals), so the deeper model computes
    what the shallower one did until training moves them."""
    if not isinstance(model, SpikingTransformer):
        model.load_state_dict(state)
        return []
    depth = sum(1 for i in range(model.depth) if f"block{i}.proj.weight" in state)
    grown = [f"block{i}" for i in range(depth, model.depth)]
    prefixes = tuple(f"{b}." for b in grown)
    kept = {k: v for k, v in state.items() if not k.startswith(prefixes)}
    missing, unexpected = model.load_state_dict(kept, strict=False)
    if unexpected or not all(k.startswith(prefixes) for k in missing):
        raise ValueError(f"missing keys {missing[:4]}, unexpected keys {unexpected[:4]}")
    for block in model.blocks[depth:]:
        for norm in (block.proj_bn, block.fc2_bn):
            nn.init.zeros_(norm.weight)
            nn.init.zeros_(norm.bias)
    return grown


def load_teacher(path):
    """The float ANN saved by --ann at ``path`` (its config from the .json beside it)."""
    meta = os.path.splitext(path)[0] + ".json"
    try:
        with open(meta) as f:
            config = json.load(f)["config"]
        teacher = make_ann(config)
        teacher.load_state_dict(torch.load(path, weights_only=True))
    except (OSError, KeyError, ValueError, RuntimeError) as e:
        sys.exit(f"error: --teacher {path}: {e}")
    teacher.eval()
    for p in teacher.parameters():
        p.requires_grad_(False)
    return teacher


def train(model, name, data, epochs, seed, log, max_steps=None, checkpoint=None, settings=None,
          teacher=None, compile_step=False, tet=False, lr=LR, augmented=True, swa=False):
    """Trains ``model``; returns the final test accuracy and the seconds spent.
    ``max_steps`` stops early (timing runs; no test then). With ``checkpoint``
    (a path), the whole training state is saved there after every epoch and,
    when the file exists, training continues from it: an interrupted run
    resumed this way gives the same model as one uninterrupted run.
    ``settings`` (the config, seed and epochs) must match the checkpoint's.
    ``teacher`` (a float ANN) makes the loss distillation_loss;
    ``compile_step`` runs the training forward through torch.compile;
    ``tet`` takes the cross entropy at every step (see the module docstring);
    ``lr`` is the schedule's peak; ``augmented`` False shows the training
    images as they are; ``swa`` averages the weights of every epoch instead
    (see the module docstring) and leaves the average in ``model``."""
    train_x, train_y, test_x, test_y = data
    rng = np.random.default_rng(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=WEIGHT_DECAY)
    steps_per_epoch = math.ceil(len(train_x) / BATCH)
    if swa:  # a linear warm-up from lr/25, then lr held: the averaged weights must differ
        warmup = max(1, round(0.1 * epochs * steps_per_epoch))
        schedule = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1 / 25,
                                                     total_iters=warmup)
        averaged = torch.optim.swa_utils.AveragedModel(model)
    else:
        schedule = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=lr, total_steps=epochs * steps_per_epoch, pct_start=0.1)
    start, step, test_acc, window = time.time(), 0, float("nan"), []
    forward = model.step_logits if tet else model.logits
    if compile_step:
        forward = torch.compile(forward)
    first_epoch = 0
    if checkpoint and os.path.exists(checkpoint):
        state = torch.load(checkpoint, weights_only=True)
        if state["epochs"] != epochs:
            sys.exit(f"error: {checkpoint}: a run of {state['epochs']} epochs, not {epochs}")
        if state.get("settings", settings) != settings:
            sys.exit(f"error: {checkpoint}: a run of {state['settings']}, not {settings}; "
                     "remove the checkpoint to start this one")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        if swa:
            averaged.load_state_dict(state["averaged"])
        rng.bit_generator.state = state["numpy_rng"]
        torch.set_rng_state(state["torch_rng"])
        first_epoch, step, test_acc = state["epoch"], state["step"], state["test_accuracy"]
        start -= state["seconds"]
        line = f"{name}: resumed from {checkpoint} after epoch {first_epoch}"
        print(line, flush=True)
        log.write(line + "\n")
    for epoch in range(first_epoch, epochs):
        model.train()
        order = rng.permutation(len(train_x))
        total, correct, seen, epoch_start = 0.0, 0, 0, time.time()
        for begin in range(0, len(order), BATCH):
            batch = order[begin:begin + BATCH]
            images = torch.from_numpy(augment(train_x[batch], rng) if augmented
                                      else train_x[batch])
            y = torch.from_numpy(train_y[batch])
            scores = forward(model.repeat_input(images))
            if tet:  # scores [T, B, classes]: the cross entropy of every step, averaged
                logits = scores.mean(dim=0)
                scored, labels = scores.flatten(0, 1), y.repeat(len(scores))
            else:
                logits, scored, labels = scores, scores, y
            loss = nn.functional.cross_entropy(scored, labels, label_smoothing=LABEL_SMOOTHING)
            if teacher is not None:
                with torch.no_grad():
                    teacher_logits = teacher.logits(teacher.repeat_input(images))
                loss = distillation_loss(loss, logits, teacher_logits)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item() * len(batch)
            correct += (logits.argmax(-1) == y).sum().item()
            seen += len(batch)
            step += 1
            window.append((loss.item(), (logits.argmax(-1) == y).float().mean().item()))
            if max_steps is not None and step % 50 == 0:
                loss_w, acc_w = np.mean(window[-50:], axis=0)
                print(f"  step {step}  loss {loss_w:.4f}  train accuracy {acc_w:.4f} "
                      f"(last 50 steps)  {(time.time() - start) / step:.3f} s/step", flush=True)
            if max_steps is not None and step >= max_steps:
                line = (f"{name} timing: {step} steps of {BATCH}  loss {total / seen:.4f}  "
                        f"{(time.time() - start) / step:.3f} s/step  "
                        f"= {(time.time() - start) / step * steps_per_epoch:.0f} s/epoch "
                        f"of {len(train_x)} images")
                print(line, flush=True)
                log.write(line + "\n")
                return test_acc, time.time() - start
        train_seconds = time.time() - epoch_start
        if swa:
            averaged.update_parameters(model)
        test_acc = accuracy(model, test_x, test_y)
        line = (f"{name} epoch {epoch + 1:3d}  loss {total / seen:.4f}  "
                f"train accuracy {correct / seen:.4f}  test accuracy {test_acc:.4f}  "
                f"lr {schedule.get_last_lr()[0]:.2e}  epoch {train_seconds:.0f} s  "
                f"test {time.time() - epoch_start - train_seconds:.0f} s  "
                f"({time.time() - start:.0f} s)"
                + (f"  averaged {int(averaged.n_averaged)} epochs" if swa else ""))
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()
        if checkpoint:
            state = dict(epochs=epochs, epoch=epoch + 1, step=step, test_accuracy=float(test_acc),
                         seconds=time.time() - start, model=model.state_dict(),
                         optimizer=optimizer.state_dict(), schedule=schedule.state_dict(),
                         numpy_rng=rng.bit_generator.state, torch_rng=torch.get_rng_state(),
                         settings=settings)
            if swa:
                state["averaged"] = averaged.state_dict()
            torch.save(state, checkpoint + ".tmp")
            os.replace(checkpoint + ".tmp", checkpoint)
    if swa:
        test_acc = use_average(model, averaged, train_x, test_x, test_y, name, log)
    return test_acc, time.time() - start


def use_average(model, averaged, train_x, test_x, test_y, name, log, batch=500):
    """Recomputes the batch-norm statistics of the averaged weights over the
    training images as they are (the running statistics of the epochs belong
    to other weights), loads the average into ``model`` and returns its test
    accuracy."""
    begin = time.time()
    inputs = (model.repeat_input(torch.from_numpy(train_x[i:i + batch]))
              for i in range(0, len(train_x), batch))
    torch.optim.swa_utils.update_bn(inputs, averaged)
    model.load_state_dict(averaged.module.state_dict())
    test_acc = accuracy(model, test_x, test_y)
    line = (f"{name}: the average of {int(averaged.n_averaged)} epochs' weights, batch-norm "
            f"statistics over {len(train_x)} training images: test accuracy {test_acc:.4f}  "
            f"({time.time() - begin:.0f} s)")
    print(line, flush=True)
    log.write(line + "\n")
    return test_acc


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    parser.add_argument("--out", default=HERE)
    parser.add_argument("--attention", choices=("a2os2a", "ssa"), default="a2os2a")
    parser.add_argument("--ann", action="store_true",
                        help="train the float ANN of the same shape instead (writes ann.*)")
    parser.add_argument("--limit", type=int, help="train on the first N training images")
    parser.add_argument("--test-limit", type=int, help="test on the first N test images")
    parser.add_argument("--root", default="/usr/share/datasets/fashion-mnist",
                        help="folder of the Fashion-MNIST IDX files")
    parser.add_argument("--max-steps", type=int,
                        help="timing run: stop after this many steps, write no model")
    for key in ("embed_dim", "num_heads", "depth", "stem_pools", "mlp_ratio"):
        parser.add_argument("--" + key.replace("_", "-"), type=int,
                            help=f"override CONFIG's {key} ({CONFIG[key]})")
    parser.add_argument("--stem-channels", type=lambda text: [int(c) for c in text.split(",")],
                        help="widths of the first three stem stages, e.g. 16,32,64 "
                             "(default D/8,D/4,D/2)")
    parser.add_argument("--compile", action="store_true",
                        help="run the training forward through torch.compile")
    parser.add_argument("--tet", action="store_true",
                        help="cross entropy at every time step (TET), not on the time mean")
    parser.add_argument("--teacher", help="distil from this float ANN (a .pt written by --ann, "
                                          "with the .json of the same name beside it)")
    parser.add_argument("--init", help="start from these weights (a .pt this script wrote for "
                                       "the same model and config) instead of random ones: "
                                       "fine-tuning, usually with a lower --lr")
    parser.add_argument("--lr", type=float, default=LR,
                        help=f"peak learning rate of the one-cycle schedule ({LR})")
    parser.add_argument("--no-augment", action="store_true",
                        help="train on the images as they are (no crop, no flip)")
    parser.add_argument("--swa", action="store_true",
                        help="stochastic weight averaging: hold --lr after the warm-up and "
                             "write the average of every epoch's weights")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    config = dict(CONFIG)
    config.update({k: getattr(args, k) for k in ("embed_dim", "num_heads", "depth",
                                                 "stem_pools", "mlp_ratio", "stem_channels")
                   if getattr(args, k) is not None})

    train_x, train_y = load_fashion_mnist("train", args.root)
    test_x, test_y = load_fashion_mnist("test", args.root)
    if args.limit:
        train_x, train_y = train_x[:args.limit], train_y[:args.limit]
    if args.test_limit:
        test_x, test_y = test_x[:args.test_limit], test_y[:args.test_limit]

    name = "ann" if args.ann else args.attention
    if args.ann and (args.teacher or args.tet):
        sys.exit("error: --teacher and --tet train a spiking model; they do not go with --ann")
    teacher = load_teacher(args.teacher) if args.teacher else None
    model = make_ann(config) if args.ann else make_model(args.attention, config)
    if args.init:
        try:
            grown = load_init(model, torch.load(args.init, weights_only=True))
        except (OSError, RuntimeError, ValueError) as e:
            sys.exit(f"error: --init {args.init}: not weights of this model and config: {e}")
        if grown:
            print(f"{name}: {', '.join(grown)} not in --init: added as the identity", flush=True)
    parameters = sum(p.numel() for p in model.parameters())
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "train.log"), "a") as log:
        command = shlex.join([sys.executable] + sys.argv)
        log.write(f"\n$ {command}\n")
        log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')}  {name}  config {json.dumps(config)}  "
                  f"parameters {parameters}  epochs {args.epochs}  seed {args.seed}  "
                  f"threads {args.threads}  batch {BATCH}  lr {args.lr}  weight decay "
                  f"{WEIGHT_DECAY}  label smoothing {LABEL_SMOOTHING}  "
                  + (f"teacher {args.teacher} (weight {DISTILL_WEIGHT}, temperature "
                     f"{DISTILL_TEMPERATURE})  " if teacher else "")
                  + ("loss TET (cross entropy at every step)  " if args.tet else "")
                  + (f"init {args.init}  " if args.init else "")
                  + ("no augmentation  " if args.no_augment else "")
                  + ("weights averaged over the epochs (SWA)  " if args.swa else "")
                  + f"train {len(train_x)}  test {len(test_x)} images\n")
        log.flush()
        print(f"{name}: {parameters} parameters, {len(train_x)} training images", flush=True)
        # What a checkpoint must match to be resumed; the fine-tuning keys
        # only when not their defaults, so that earlier runs' checkpoints resume.
        tuning = dict(init=args.init, lr=args.lr, augment=not args.no_augment, swa=args.swa)
        settings = dict(config=config, seed=args.seed, teacher=args.teacher, tet=args.tet)
        settings.update({k: v for k, v in tuning.items() if v != TUNING_DEFAULTS[k]})
        checkpoint = (None if args.max_steps is not None
                      else os.path.join(args.out, f"{name}.checkpoint.pt"))
        acc, seconds = train(model, name, (train_x, train_y, test_x, test_y), args.epochs,
                             args.seed, log, args.max_steps, checkpoint,
                             json.dumps(settings, sort_keys=True),
                             teacher, args.compile, args.tet, args.lr, tuning["augment"],
                             args.swa)
        if args.max_steps is not None:
            return
        if not args.ann:
            from spike.torch import export_nir
            export_nir(model, os.path.join(args.out, f"{name}.nir"))
        torch.save(model.state_dict(), os.path.join(args.out, f"{name}.pt"))
        with open(os.path.join(args.out, f"{name}.json"), "w") as f:
            json.dump(dict(config=config, model=name, epochs=args.epochs, seed=args.seed,
                           train_images=len(train_x), test_images=len(test_x),
                           teacher=args.teacher, tet=args.tet, **tuning,
                           test_accuracy=float(acc), seconds=round(seconds)), f, indent=1)
            f.write("\n")
        line = f"{name}: test accuracy {acc:.4f} after {seconds:.0f} s"
        print(line)
        log.write(line + "\n")
        if checkpoint and os.path.exists(checkpoint):
            os.remove(checkpoint)


if __name__ == "__main__":
    main()
