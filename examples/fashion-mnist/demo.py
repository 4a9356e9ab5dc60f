"""The main job: compile the bundled A2OS2A Spiking Transformer trained on
Fashion-MNIST (a2os2a.nir, trained by train.py) with spike-compile, evaluate
it on all 10 000 test images (spike.evaluate), check it against the PyTorch
model, time it next to PyTorch eager, torch.compile and ONNX Runtime, and
write a report.

    .venv/bin/python3 examples/fashion-mnist/demo.py [--out demo-out] [--threads 2]

Writes <out>/report.md and <out>/report.png: accuracy, agreement with
PyTorch, the confusion matrix, per-layer firing rates, energy per image
against the float ANN of the same shape, latency (batch 1) and throughput
(batch BATCH) of the four runtimes. Called by scripts/demo.sh.
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from spike import evaluate  # noqa: E402
from spike.datasets import FASHION_MNIST_CLASSES  # noqa: E402

BATCH = 100  # the 10 000 test images in 100 batches


def compile_model(model_dir, batch, out):
    library = os.path.join(out, f"a2os2a-b{batch}.so")
    subprocess.run([os.path.join(ROOT, "build", "bin", "spike-compile"),
                    os.path.join(model_dir, "a2os2a.nir"), "-o", library,
                    "--timesteps", "4", "--batch", str(batch)], check=True)
    return library


def speed(library_one, library_many, reference, images, threads, rounds):
    """Median seconds per call of the four runtimes at batch 1 and at batch
    BATCH, timed interleaved (bench/common.py)."""
    import baselines
    from common import interleaved_medians

    results = {}
    folded = baselines.fold_batch_norms(reference)
    for batch, library in ((1, library_one), (BATCH, library_many)):
        predictor = evaluate.Predictor(library, threads)
        x, _ = next(predictor.batches(images[:batch]))
        x_torch = torch.from_numpy(x)
        onnx_path = baselines.export_onnx(folded, x_torch,
                                          os.path.splitext(library)[0] + ".onnx")
        ort = baselines.onnxruntime_session(onnx_path, threads)
        compiled = baselines.torch_compiled(reference, x_torch, threads)
        results[batch] = interleaved_medians({
            "spike": lambda p=predictor, x=x: p.model.run(x),
            "torch eager": baselines.torch_eager(reference, x_torch, threads),
            "torch.compile": compiled,
            "ONNX Runtime": lambda s=ort, x=x: s(x),
        }, rounds)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(ROOT, "demo-out"))
    parser.add_argument("--model-dir", default=HERE,
                        help="folder of a2os2a.nir, a2os2a.pt, a2os2a.json (and ann.json)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=20, help="timed rounds per runtime")
    parser.add_argument("--limit", type=int, help="only the first N test images (quick runs)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(args.threads)
    progress = evaluate.Steps(5)

    progress("compiling a2os2a.nir with spike-compile (batch 1 and batch "
             f"{BATCH})")
    library_one = compile_model(args.model_dir, 1, args.out)
    library_many = compile_model(args.model_dir, BATCH, args.out)

    progress("evaluating the compiled model on the test set, and the PyTorch model")
    result = evaluate.evaluate(library_many, "fashion-mnist", threads=args.threads,
                               limit=args.limit,
                               reference=os.path.join(args.model_dir, "a2os2a.pt"))
    print("\n".join(evaluate.report(result)), flush=True)

    progress("timing spike, PyTorch eager, torch.compile and ONNX Runtime (batch 1 and "
             f"{BATCH}, {args.threads} threads)")
    reference = evaluate.reference_model(os.path.join(args.model_dir, "a2os2a.pt"))
    images, _, _ = evaluate.load_dataset("fashion-mnist")
    times = speed(library_one, library_many, reference, images, args.threads, args.rounds)

    progress("the float ANN")
    ann = ann_summary(args.model_dir)

    progress("writing the report")
    summary = summarize(result, times, ann, args.threads)
    print("\n" + "\n".join(summary))
    write_report(args.out, summary, result, times, args.threads)
    print(f"\nreport: {os.path.join(args.out, 'report.md')}, "
          f"{os.path.join(args.out, 'report.png')}")


def ann_summary(model_dir):
    """The line on the float ANN of ann.json (None without one): its accuracy,
    and how its settings differ from the spiking model's (a2os2a.json)."""
    ann_path = os.path.join(model_dir, "ann.json")
    if not os.path.exists(ann_path):
        return None
    with open(ann_path) as f:
        ann = json.load(f)
    with open(os.path.join(model_dir, "a2os2a.json")) as f:
        snn = json.load(f)
    config, snn_config = ann.get("config", {}), snn.get("config", {})
    differences = [f"{key} {config.get(key)} (the spiking model: {snn_config.get(key)})"
                   for key in sorted(set(config) | set(snn_config))
                   if config.get(key) != snn_config.get(key)]
    shape = ("of the same shape" if not differences
             else "with " + ", ".join(differences))
    return f"the float ANN {shape} (train.py --ann): accuracy {ann['test_accuracy']:.4f}"


def summarize(r, times, ann, threads):
    same = int(round(r["agreement"] * r["images"]))
    one, many = times[1], times[BATCH]
    lines = [
        f"accuracy: {r['accuracy']:.4f}  (A2OS2A Spiking Transformer, compiled, "
        f"{r['images']} Fashion-MNIST test images)",
        f"agreement with PyTorch: {r['agreement']:.4f}  ({same}/{r['images']} predictions "
        "identical)",
    ]
    if ann is not None:
        lines.append(ann)
    lines += [
        f"latency at batch 1 ({threads} threads): spike {1e3 * one['spike']:.2f} ms; "
        + ", ".join(f"{name} {1e3 * t:.2f} ms ({t / one['spike']:.1f}x)"
                    for name, t in one.items() if name != "spike"),
        f"throughput at batch {BATCH}: spike {BATCH / many['spike']:.0f} images/s; "
        + ", ".join(f"{name} {BATCH / t:.0f} images/s ({t / many['spike']:.1f}x)"
                    for name, t in many.items() if name != "spike"),
        f"evaluation of the whole test set: {r['images_per_second']:.0f} images/s",
        f"mean firing rate: {100 * r['mean_firing_rate']:.1f} % over {len(r['neurons'])} "
        "neuron layers",
        f"per image: {r['acs_per_image']:,.0f} ACs + {r['macs_per_image']:,.0f} MACs = "
        f"{1e6 * r['energy_per_image']:.3f} uJ  (as a float ANN: {r['ann_macs_per_image']:,.0f} "
        f"MACs = {1e6 * r['ann_energy_per_image']:.3f} uJ, "
        f"{r['ann_energy_per_image'] / r['energy_per_image']:.1f}x more)",
    ]
    return lines


def confusion(labels, predictions, classes):
    matrix = np.zeros((classes, classes), np.int64)
    np.add.at(matrix, (labels, predictions), 1)
    return matrix


def write_report(out, summary, r, times, threads):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    names = list(FASHION_MNIST_CLASSES)
    matrix = confusion(r["labels"], r["predictions"], len(names))
    fig, axes = plt.subplots(2, 2, figsize=(15, 12))

    ax = axes[0, 0]
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    for i in range(len(names)):
        for j in range(len(names)):
            if matrix[i, j]:
                ax.text(j, i, matrix[i, j], ha="center", va="center", fontsize=7,
                        color="white" if matrix[i, j] > matrix.max() / 2 else "black")
    ax.set_title(f"Confusion matrix ({r['images']} test images, accuracy "
                 f"{100 * r['accuracy']:.1f} %)")

    ax = axes[0, 1]
    layer_names = [n for n, _ in r["neurons"]]
    rates = [100 * v for _, v in r["neurons"]]
    ax.barh(range(len(layer_names)), rates, color="#3b7dd8")
    ax.set_yticks(range(len(layer_names)), layer_names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("firing rate (% of neuron-steps)")
    ax.set_title("Spikes per neuron layer")

    ax = axes[1, 0]
    snn_ac = r["acs_per_image"] * evaluate.E_AC * 1e6
    snn_mac = r["macs_per_image"] * evaluate.E_MAC * 1e6
    ann = r["ann_energy_per_image"] * 1e6
    ax.bar(["SNN (compiled)"], [snn_mac], color="#d85b3b", label="MACs (4.6 pJ each)")
    ax.bar(["SNN (compiled)"], [snn_ac], bottom=[snn_mac], color="#3b7dd8",
           label="ACs (0.9 pJ each)")
    ax.bar(["float ANN, same shape"], [ann], color="#d85b3b")
    ax.set_ylabel("energy per image (uJ, 45 nm)")
    ax.set_title(f"Energy per image: the ANN needs {ann / (snn_ac + snn_mac):.1f}x more")
    ax.legend()

    ax = axes[1, 1]
    runtimes = list(times[1])
    width = 0.38
    positions = np.arange(len(runtimes))
    for offset, batch, color in ((-width / 2, 1, "#3b7dd8"), (width / 2, BATCH, "#999999")):
        values = [1e3 * times[batch][name] / batch for name in runtimes]
        bars = ax.bar(positions + offset, values, width, color=color, label=f"batch {batch}")
        ax.bar_label(bars, fmt="%.2f", fontsize=8)
    ax.set_xticks(positions, runtimes)
    ax.set_ylabel(f"ms per image ({threads} threads, log scale)")
    ax.set_yscale("log")
    # plain numbers (1, 2, 0.5) on the log axis, not 10^0-style labels
    plain = matplotlib.ticker.FormatStrFormatter("%g")
    ax.yaxis.set_major_formatter(plain)
    ax.yaxis.set_minor_formatter(plain)
    ax.set_title("Inference time per image")
    ax.legend()

    fig.suptitle("A2OS2A Spiking Transformer on Fashion-MNIST, compiled by spike")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "report.png"), dpi=100)

    header = "| true \\ predicted | " + " | ".join(names) + " |\n"
    header += "|---" * (len(names) + 1) + "|\n"
    rows = "".join(f"| {names[i]} | " + " | ".join(str(v) for v in matrix[i]) + " |\n"
                   for i in range(len(names)))
    rate_rows = "".join(f"| {n} | {v:.1f} % |\n" for n, v in zip(layer_names, rates))
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("# spike demo: A²OS²A Spiking Transformer on Fashion-MNIST\n\n")
        f.write("\n".join(f"- {line}" for line in summary))
        f.write("\n\n![report](report.png)\n\n## Confusion matrix\n\n" + header + rows)
        f.write("\n## Firing rates\n\n| neuron layer | firing rate |\n|---|---|\n" + rate_rows)
        f.write("\nEnergy uses E_AC = 0.9 pJ and E_MAC = 4.6 pJ (45 nm, SPEC §6), events "
                f"counted on the first {r['stats_images']} test images; the ANN is the same "
                "network with every synapse on real values, one pass.\n")


if __name__ == "__main__":
    main()
