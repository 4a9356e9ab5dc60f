"""The main job: compile the bundled A2OS2A Spiking Transformer (a2os2a.nir,
trained by train.py on scikit-learn's digits) with spike-compile, run it on
the test split and report accuracy, agreement with PyTorch, speed, firing
rates, operation counts and energy, next to the SSA model and the same
network as a float ANN.

    .venv/bin/python3 examples/digits/demo.py [--out demo-out]

Writes <out>/report.md and <out>/report.png. Called by scripts/demo.sh.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, HERE)
import spike  # noqa: E402
from spike import evaluate  # noqa: E402
from spike.torch import class_scores  # noqa: E402
from train import make_model  # noqa: E402

E_MAC, E_AC = 4.6e-12, 0.9e-12  # joules, SPEC section 6
BATCH = 90  # the 450 test images in 5 batches


def compile_model(name, batch, out):
    library = os.path.join(out, f"{name}-b{batch}.so")
    subprocess.run([os.path.join(ROOT, "build", "bin", "spike-compile"),
                    os.path.join(HERE, f"{name}.nir"), "-o", library,
                    "--timesteps", "4", "--batch", str(batch)], check=True)
    return spike.load(library)


def as_input(images, steps=4):
    """[B, 1, 8, 8] images shown at every step: [T, B, 1, 8, 8]."""
    return np.ascontiguousarray(np.broadcast_to(images, (steps,) + images.shape), np.float32)


def predict(model, images):
    logits = [model.run(as_input(images[i:i + BATCH]))[0] for i in range(0, len(images), BATCH)]
    return np.concatenate(logits).argmax(-1)


def timed(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(ROOT, "demo-out"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(1)  # the compiled models run on one thread
    progress = evaluate.Steps(7)

    split = np.load(os.path.join(HERE, "test_split.npz"))
    images, labels = split["images"].astype(np.float32), split["labels"]
    assert len(images) % BATCH == 0

    progress("compiling a2os2a.nir with spike-compile (batch 1 and batch 90)")
    single = compile_model("a2os2a", 1, args.out)
    batched = compile_model("a2os2a", BATCH, args.out)

    progress(f"running the compiled model on the {len(images)} test images")
    predictions = predict(batched, images)
    accuracy = (predictions == labels).mean()

    progress("running the same model in PyTorch")
    reference = make_model("a2os2a")
    reference.load_state_dict(torch.load(os.path.join(HERE, "a2os2a.pt"), weights_only=True))
    torch_predictions = class_scores(reference, images, BATCH).argmax(-1)
    agreement = (predictions == torch_predictions).mean()

    progress("timing compiled and PyTorch inference")
    one = as_input(images[:1])
    many = as_input(images[:BATCH])
    latency = timed(lambda: single.run(one), 200)
    batch_time = timed(lambda: batched.run(many), 20)
    with torch.no_grad():
        torch_one, torch_many = torch.from_numpy(one), torch.from_numpy(many)
        torch_latency = timed(lambda: reference(torch_one), 50)
        torch_batch_time = timed(lambda: reference(torch_many), 10)

    progress("counting spikes, accumulates and multiply-accumulates")
    _, counts = batched.run_stats(many)
    per_image = 1.0 / BATCH
    steps = 4
    neurons = [(l["name"].split(" ")[0], c / l["size"])
               for l, c in zip(batched.layers, counts) if l["kind"] == "neuron"]
    synapses = [(l, c) for l, c in zip(batched.layers, counts) if l["kind"] == "synapse"]
    acs = sum(c for _, c in synapses) * per_image
    macs = sum(l["macs"] for l, _ in synapses) * per_image
    ann_macs = sum(l["dense_macs"] for l, _ in synapses) * per_image / steps
    energy = acs * E_AC + macs * E_MAC
    ann_energy = ann_macs * E_MAC
    mean_rate = float(np.mean([r for _, r in neurons]))

    progress("compiling and running the SSA model")
    ssa = compile_model("ssa", BATCH, args.out)
    ssa_accuracy = (predict(ssa, images) == labels).mean()

    progress("writing the report")
    summary = [
        f"accuracy: {accuracy:.4f}  (A2OS2A Spiking Transformer, compiled, {len(images)} test images)",
        f"agreement with PyTorch: {agreement:.4f}  ({int(agreement * len(images))}/{len(images)} predictions identical)",
        f"latency: {latency * 1e3:.3f} ms per image at batch 1  (PyTorch eager: {torch_latency * 1e3:.3f} ms, "
        f"{torch_latency / latency:.1f}x)",
        f"throughput: {BATCH / batch_time:.0f} images/s at batch {BATCH}  (PyTorch eager: "
        f"{BATCH / torch_batch_time:.0f} images/s, {torch_batch_time / batch_time:.1f}x)",
        f"mean firing rate: {mean_rate:.1%} over {len(neurons)} neuron layers",
        f"per image: {acs:,.0f} ACs + {macs:,.0f} MACs = {energy * 1e6:.3f} uJ  "
        f"(as a float ANN: {ann_macs:,.0f} MACs = {ann_energy * 1e6:.3f} uJ, {ann_energy / energy:.1f}x more)",
        f"SSA (Spikformer attention) accuracy: {ssa_accuracy:.4f}  (A2OS2A: {accuracy:.4f})",
    ]
    print()
    print("\n".join(summary))
    write_report(args.out, summary, neurons, acs, macs, ann_macs,
                 [latency, batch_time / BATCH, torch_latency, torch_batch_time / BATCH])
    print(f"\nreport: {os.path.join(args.out, 'report.md')}, {os.path.join(args.out, 'report.png')}")


def write_report(out, summary, neurons, acs, macs, ann_macs, latencies):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(16, 5.5), gridspec_kw={"width_ratios": [1.6, 1, 1]})
    names = [n for n, _ in neurons]
    rates = [100 * r for _, r in neurons]
    axes[0].barh(range(len(names)), rates, color="#3b7dd8")
    axes[0].set_yticks(range(len(names)), names, fontsize=8)
    axes[0].invert_yaxis()
    axes[0].set_xlabel("firing rate (% of neuron-steps)")
    axes[0].set_title("Spikes per layer")

    snn_ac, snn_mac, ann = acs * E_AC * 1e6, macs * E_MAC * 1e6, ann_macs * E_MAC * 1e6
    axes[1].bar(["SNN"], [snn_mac], color="#d85b3b", label="MACs (4.6 pJ)")
    axes[1].bar(["SNN"], [snn_ac], bottom=[snn_mac], color="#3b7dd8", label="ACs (0.9 pJ)")
    axes[1].bar(["float ANN"], [ann], color="#d85b3b")
    axes[1].set_ylabel("energy per image (uJ, 45 nm)")
    axes[1].set_title(f"Energy: {ann / (snn_ac + snn_mac):.1f}x less than the ANN")
    axes[1].legend()

    labels = ["spike\nbatch 1", f"spike\nbatch {BATCH}", "PyTorch\nbatch 1", f"PyTorch\nbatch {BATCH}"]
    axes[2].bar(labels, [1e3 * t for t in latencies],
                color=["#3b7dd8", "#3b7dd8", "#999999", "#999999"])
    axes[2].set_ylabel("ms per image (one thread)")
    axes[2].set_yscale("log")
    axes[2].set_title("Latency per image")
    fig.suptitle("A2OS2A Spiking Transformer on 8x8 digits, compiled by spike")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "report.png"), dpi=110)

    rows = "\n".join(f"| {n} | {r:.1f} % |" for n, r in zip(names, rates))
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("# spike demo: A²OS²A Spiking Transformer on 8×8 digits\n\n")
        f.write("\n".join(f"- {line}" for line in summary))
        f.write("\n\n![report](report.png)\n\n| neuron layer | firing rate |\n|---|---|\n")
        f.write(rows + "\n\nEnergy uses E_AC = 0.9 pJ and E_MAC = 4.6 pJ (45 nm, SPEC §6); "
                "the ANN is the same network with every synapse on real values, one pass.\n")


if __name__ == "__main__":
    main()
