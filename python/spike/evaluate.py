"""A compiled model over a whole test set, in one process or across a Ray
cluster.

    python -m spike.evaluate MODEL.so --dataset fashion-mnist|digits
        [--reference MODEL.pt] [--threads N] [--limit N]
        [--ray [ADDRESS]] [--workers N] [--json OUT.json]

prints the accuracy, the agreement with the PyTorch model (--reference: its
state dict, with the model's settings in the .json file of the same name
that examples/*/train.py writes), the throughput, the mean firing rate, the
accumulates (ACs) and multiply-accumulates (MACs) per image and the energy
per image (45 nm figures, SPEC section 6) next to the float network of the
same shape. Long runs show a progress bar (on a terminal).

The library takes a fixed batch (spike-compile --batch B): the test set goes
through it B images at a time, the last batch padded with zero images whose
outputs are dropped. Every image is shown at each of the T steps; the class
scores are the output's mean over its first (time) axis.

With --ray, the images are a Ray Dataset and inference runs through
map_batches with a callable class (Predictor) that loads the library once
per actor (--workers actors, --threads pool threads each); predictions come
back in the order of the images, identical to a run without --ray. Without
an address a local Ray instance is started; with one (``ray start --head``
on one machine, ``ray start --address HEAD:6379`` on the others) the script
joins that cluster and ships the library and this package to the workers
through Ray's runtime environment (the library depends on nothing but libc
and libm). An actor that dies is restarted by Ray and its batches are run
again, so the result is still complete.
"""

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time

import numpy as np

from . import datasets, model_abi
from .loader import load

E_MAC, E_AC = 4.6e-12, 0.9e-12  # joules per operation, SPEC section 6
DATASETS = ("fashion-mnist", "digits")
# Images whose event counts estimate the firing rates and operation counts
# (the counting copy of the model is compiled without optimization).
STATS_IMAGES = 512


def load_dataset(name, root=None):
    """(images float32 [N, C, H, W], labels int64 [N], class names) of the
    test split of data set ``name``."""
    if name == "fashion-mnist":
        images, labels = datasets.load_fashion_mnist(
            "test", root or datasets.FASHION_MNIST_ROOT)
        return images, labels, datasets.FASHION_MNIST_CLASSES
    if name == "digits":
        images, labels = datasets.load_digits_split("test")
        return images, labels, tuple(str(d) for d in range(10))
    raise ValueError(f"unknown data set {name!r}; one of {', '.join(DATASETS)}")


class Predictor:
    """Class scores of a compiled model for batches of images: loads the
    library once (per process, or per Ray actor) and runs it B images at a
    time. Called by Ray's map_batches with a dict of columns "index" and
    "image"; returns "index" and "scores"."""

    def __init__(self, library, threads=1):
        if not os.path.isfile(library) and os.path.isfile(os.path.basename(library)):
            # A Ray worker on another machine: the copy in its working
            # directory (runtime_env_for_workers).
            library = os.path.basename(library)
        self.model = load(library)
        self.model.num_threads = threads
        shape = self.model.input_shape
        if len(shape) < 3:
            raise ValueError(f"{library}: input shape {shape} is not "
                                  "[T, B, features...]")
        self.timesteps, self.batch, self.image_shape = shape[0], shape[1], tuple(shape[2:])
        self.library = library

    def check_images(self, images, dataset):
        if tuple(images.shape[1:]) != self.image_shape:
            raise ValueError(
                f"{self.library}: the model takes images of shape {self.image_shape}, "
                f"{dataset} has {tuple(images.shape[1:])}")

    def batches(self, images):
        """The model's inputs [T, B, ...] for ``images`` (zero images pad the
        last batch) and the count of real images in each."""
        for start in range(0, len(images), self.batch):
            chunk = images[start:start + self.batch]
            real = len(chunk)
            if real < self.batch:
                pad = np.zeros((self.batch - real,) + chunk.shape[1:], np.float32)
                chunk = np.concatenate([chunk, pad])
            x = np.broadcast_to(chunk, (self.timesteps,) + chunk.shape)
            yield np.ascontiguousarray(x, np.float32), real

    def scores(self, images):
        """[N, classes] class scores of ``images`` [N, ...]."""
        out = [self.model.run(x).mean(axis=0)[:real] for x, real in self.batches(images)]
        return np.concatenate(out) if out else np.zeros((0, 0), np.float32)

    def __call__(self, columns):
        fault = os.environ.get("SPIKE_EVALUATE_FAULT")
        if fault and os.path.exists(fault):
            # Tests: the first actor to see the file removes it and dies
            # (a worker lost mid-run); Ray restarts it and retries the batch.
            try:
                os.remove(fault)
            except FileNotFoundError:
                pass
            else:
                os._exit(1)
        return {"index": columns["index"], "scores": self.scores(columns["image"])}


def predict_local(predictor, images, progress=True):
    """Class scores of all ``images`` in this process, with a progress bar."""
    bar = _progress(len(images), progress)
    out = []
    for x, real in predictor.batches(images):
        out.append(predictor.model.run(x).mean(axis=0)[:real])
        bar.update(real)
    bar.close()
    return np.concatenate(out)


def runtime_env_for_workers(folder, library=None, env_vars=None):
    """The Ray runtime environment of the workers: this package
    (``py_modules``) and, as their working directory, ``folder``, where the
    C ABI header that spike.model_abi reads and ``library`` (when given) are
    copied. Pass it to ``ray.init``: Ray ships local files only for a job.
    ``env_vars`` are added to the workers' environment."""
    shutil.copy2(model_abi.HEADER, os.path.join(folder, "ModelABI.h"))
    if library:
        shutil.copy2(library, folder)
    return {"py_modules": [os.path.dirname(os.path.abspath(__file__))],
            "working_dir": folder,
            "env_vars": dict({"SPIKE_MODEL_ABI_HEADER": "ModelABI.h"}, **(env_vars or {}))}


def predict_ray(library, images, workers, threads, address=None, progress=True):
    """Class scores of all ``images`` across Ray actors (Predictor), in the
    order of the images. Ray Data restarts an actor that dies and runs its
    batches again (its default for actor pools). Starts Ray (a local
    instance, or joins the cluster at ``address``) unless it is running;
    a caller that starts it passes runtime_env_for_workers() to ray.init."""
    import ray

    library = os.path.abspath(library)
    started_here = not ray.is_initialized()
    shipped = tempfile.mkdtemp(prefix="spike-evaluate-") if started_here else None
    try:
        if started_here:
            # On a cluster the library travels with the working directory.
            ray.init(address=address, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR,
                     runtime_env=runtime_env_for_workers(shipped, library),
                     **({} if address else {"num_cpus": workers * threads}))
        batch = load(library).input_shape[1]
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = bool(progress)
        items = [{"index": i, "image": image} for i, image in enumerate(images)]
        dataset = ray.data.from_items(items, override_num_blocks=max(1, len(images) // batch))
        results = dataset.map_batches(
            Predictor, fn_constructor_kwargs={"library": library, "threads": threads},
            batch_size=batch, batch_format="numpy", concurrency=workers, num_cpus=threads)
        rows = results.take_all()
    finally:
        if started_here:
            ray.shutdown()
            shutil.rmtree(shipped, ignore_errors=True)
    scores = np.zeros((len(images), len(rows[0]["scores"]) if rows else 0), np.float32)
    seen = np.zeros(len(images), bool)
    for row in rows:
        scores[row["index"]] = row["scores"]
        seen[row["index"]] = True
    if not seen.all():
        raise RuntimeError(f"Ray returned {seen.sum()} of {len(images)} predictions")
    return scores


def event_summary(predictor, images):
    """Firing rates and operations per image, counted by the model on (up to)
    STATS_IMAGES of ``images``."""
    # Whole batches only where the images allow: padding images would count.
    whole = min(STATS_IMAGES, len(images)) // predictor.batch * predictor.batch
    sample = images[:whole or STATS_IMAGES]
    counts = np.zeros(len(predictor.model.layers), np.float64)
    runs = 0
    for x, _ in predictor.batches(sample):
        counts += predictor.model.run_stats(x)[1]
        runs += 1
    layers = predictor.model.layers
    per_image = 1.0 / (runs * predictor.batch)
    neurons = [(layer["name"], count / (runs * layer["size"]))
               for layer, count in zip(layers, counts)
               if layer["kind"] == "neuron" and layer["size"]]
    synapses = [(layer, count) for layer, count in zip(layers, counts)
                if layer["kind"] == "synapse"]
    acs = sum(count for _, count in synapses) * per_image
    macs = sum(layer["macs"] for layer, _ in synapses) / predictor.batch
    # The float network: every synapse on real values, one pass (not T).
    ann_macs = sum(layer["dense_macs"] for layer, _ in synapses) / predictor.batch \
        / predictor.timesteps
    return dict(stats_images=len(sample), neurons=neurons,
                mean_firing_rate=float(np.mean([r for _, r in neurons])) if neurons else 0.0,
                acs_per_image=acs, macs_per_image=macs, ann_macs_per_image=ann_macs,
                energy_per_image=acs * E_AC + macs * E_MAC, ann_energy_per_image=ann_macs * E_MAC)


def reference_model(weights):
    """The PyTorch model (spike.torch.SpikingTransformer, eval mode) whose
    state dict is ``weights``, with its settings from the .json next to it
    (as examples/*/train.py write them)."""
    import torch

    from .torch import SpikingTransformer

    settings_path = os.path.splitext(weights)[0] + ".json"
    try:
        with open(settings_path) as f:
            settings = json.load(f)
    except FileNotFoundError:
        raise ValueError(f"{settings_path}: no such file (the model settings that "
                         f"go with {weights})") from None
    model = SpikingTransformer.from_config(settings["config"], settings["model"])
    model.load_state_dict(torch.load(weights, weights_only=True))
    model.eval()
    return model


def reference_scores(weights, images, timesteps, batch=500):
    """Class scores of the PyTorch model of ``weights`` (reference_model)."""
    from .torch import class_scores

    model = reference_model(weights)
    if model.T != timesteps:
        raise ValueError(f"{weights}: T = {model.T}, the library has {timesteps}")
    return class_scores(model, images, batch)


class Steps:
    """Numbered steps of a long script, each printed with the seconds since
    the first: ``step = Steps(3); step("compiling")`` prints
    ``[1/3] compiling (0 s)``."""

    def __init__(self, steps):
        self.steps, self.step, self.start = steps, 0, time.time()

    def __call__(self, what):
        self.step += 1
        print(f"[{self.step}/{self.steps}] {what} ({time.time() - self.start:.0f} s)", flush=True)


def _progress(total, enabled):
    try:
        from tqdm import tqdm
    except ImportError:
        enabled = False
    if not enabled:
        class Silent:
            def update(self, n):
                pass

            def close(self):
                pass
        return Silent()
    return tqdm(total=total, unit="image", disable=None, file=sys.stderr)


def evaluate(library, dataset, threads=1, limit=None, reference=None, ray_address=None,
             use_ray=False, workers=2, root=None, progress=True):
    """Everything main() prints, as a dict."""
    images, labels, classes = load_dataset(dataset, root)
    if limit:
        images, labels = images[:limit], labels[:limit]
    predictor = Predictor(library, threads)
    predictor.check_images(images, dataset)
    start = time.perf_counter()
    if use_ray:
        scores = predict_ray(library, images, workers, threads, ray_address, progress)
    else:
        scores = predict_local(predictor, images, progress)
    seconds = time.perf_counter() - start
    predictions = scores.argmax(-1)
    result = dict(library=library, dataset=dataset, images=len(images),
                  accuracy=float((predictions == labels).mean()),
                  seconds=seconds, images_per_second=len(images) / seconds,
                  ray=use_ray, workers=workers if use_ray else 1, threads=threads,
                  predictions=predictions, labels=labels, classes=classes)
    if reference:
        want = reference_scores(reference, images, predictor.timesteps).argmax(-1)
        result["reference_predictions"] = want
        result["agreement"] = float((want == predictions).mean())
    result.update(event_summary(predictor, images))
    return result


def report(result):
    """The lines main() prints."""
    r = result
    lines = [
        f"{r['library']}: {r['dataset']}, {r['images']} test images",
        f"accuracy: {r['accuracy']:.4f}",
    ]
    if "agreement" in r:
        same = int(round(r["agreement"] * r["images"]))
        lines.append(f"agreement with PyTorch: {r['agreement']:.4f} ({same}/{r['images']} "
                     "predictions identical)")
    where = (f"Ray, {r['workers']} workers x {r['threads']} threads, Ray's start included"
             if r["ray"] else f"one process, {r['threads']} threads")
    lines += [
        f"throughput: {r['images_per_second']:.0f} images/s ({r['seconds']:.2f} s; {where})",
        f"mean firing rate: {100 * r['mean_firing_rate']:.1f} % over {len(r['neurons'])} "
        f"neuron layers (events counted on the first {r['stats_images']} images)",
        f"per image: {r['acs_per_image']:,.0f} ACs + {r['macs_per_image']:,.0f} MACs = "
        f"{1e6 * r['energy_per_image']:.3f} uJ (45 nm); the float network of the same shape: "
        f"{r['ann_macs_per_image']:,.0f} MACs = {1e6 * r['ann_energy_per_image']:.3f} uJ "
        f"({r['ann_energy_per_image'] / max(r['energy_per_image'], 1e-30):.1f}x)",
    ]
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m spike.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("library", help="a model compiled by spike-compile (.so)")
    parser.add_argument("--dataset", choices=DATASETS, required=True)
    parser.add_argument("--root", help="folder of the data set's files (fashion-mnist: "
                        f"default {datasets.FASHION_MNIST_ROOT})")
    parser.add_argument("--reference", help="the PyTorch model's state dict (.pt, with its "
                        ".json): report the agreement of the predictions")
    parser.add_argument("--threads", type=int, default=1,
                        help="pool threads of the model (per Ray worker with --ray)")
    parser.add_argument("--limit", type=int, help="only the first N test images")
    parser.add_argument("--ray", nargs="?", const="", default=None, metavar="ADDRESS",
                        help="run on Ray: a local instance, or the cluster at ADDRESS")
    parser.add_argument("--workers", type=int, default=2, help="Ray actors (with --ray)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    if args.threads < 1 or args.workers < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--threads, --workers and --limit must be positive")
    try:
        result = evaluate(args.library, args.dataset, args.threads, args.limit, args.reference,
                          args.ray or None, args.ray is not None, args.workers, args.root,
                          not args.no_progress)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print("\n".join(report(result)))
    if args.json:
        keep = {k: v for k, v in result.items()
                if k not in ("predictions", "labels", "reference_predictions")}
        keep["predictions"] = result["predictions"].tolist()
        with open(args.json, "w") as f:
            json.dump(keep, f, indent=1, default=lambda v: v.tolist()
                      if isinstance(v, np.ndarray) else str(v))
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
