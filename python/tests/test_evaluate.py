"""python -m spike.evaluate: the bundled digits model compiled at a batch
that does not divide the test set (the last batch is padded), evaluated in
this process and on a local Ray instance with 2 workers, with and without a
worker that dies mid-run. Skipped without spike-compile; the Ray tests need
the `ray` package (installed by scripts/setup.sh)."""

import json
import subprocess

import numpy as np
import pytest

from spike import evaluate
from model_helpers import ROOT, tool

EXAMPLES = ROOT / "examples" / "digits"
COMPILE = tool("spike-compile", "SPIKE_COMPILE")
pytestmark = pytest.mark.skipif(COMPILE is None, reason="needs spike-compile")
BATCH = 64  # 450 test images: 7 batches, the last one 2 images long


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    path = tmp_path_factory.mktemp("evaluate") / "a2os2a.so"
    subprocess.run([COMPILE, str(EXAMPLES / "a2os2a.nir"), "-o", str(path),
                    "--timesteps", "4", "--batch", str(BATCH)], check=True)
    return str(path)


@pytest.fixture(scope="module")
def local_result(library):
    return evaluate.evaluate(library, "digits", reference=str(EXAMPLES / "a2os2a.pt"),
                             progress=False)


def test_local_accuracy_agreement_and_counts(local_result):
    r = local_result
    assert r["images"] == 450 and len(r["predictions"]) == 450
    assert r["accuracy"] >= 0.95
    assert r["agreement"] >= 0.995
    assert 0.0 < r["mean_firing_rate"] < 0.5
    assert r["acs_per_image"] > 0 and r["ann_macs_per_image"] > r["macs_per_image"]
    assert r["ann_energy_per_image"] > r["energy_per_image"] > 0


def test_padded_batches_match_unpadded(library, local_result):
    # The same images run one full batch at a time give the same scores.
    images, _, _ = evaluate.load_dataset("digits")
    predictor = evaluate.Predictor(library)
    first = images[:BATCH]
    x = np.ascontiguousarray(np.broadcast_to(first, (4,) + first.shape))
    want = predictor.model.run(x).mean(axis=0).argmax(-1)
    np.testing.assert_array_equal(local_result["predictions"][:BATCH], want)
    tail = predictor.scores(images[-2:]).argmax(-1)
    np.testing.assert_array_equal(local_result["predictions"][-2:], tail)


def test_cli_report_and_json(library, tmp_path, capsys):
    out = tmp_path / "result.json"
    assert evaluate.main([library, "--dataset", "digits", "--limit", "100", "--no-progress",
                          "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "accuracy:" in text and "throughput:" in text and "uJ" in text
    saved = json.loads(out.read_text())
    assert saved["images"] == 100 and len(saved["predictions"]) == 100


def test_cli_errors(library, tmp_path, capsys):
    assert evaluate.main([str(tmp_path / "missing.so"), "--dataset", "digits",
                          "--no-progress"]) == 1
    assert "error:" in capsys.readouterr().err
    # Fashion-MNIST images (28x28) do not fit the digits model (8x8).
    root = tmp_path / "fmnist"
    root.mkdir()
    assert evaluate.main([library, "--dataset", "fashion-mnist", "--root", str(root),
                          "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "error:" in err and "dataset-fashion-mnist" in err


@pytest.fixture(scope="module")
def local_ray(tmp_path_factory):
    ray = pytest.importorskip("ray")
    fault = tmp_path_factory.mktemp("fault") / "kill-one-worker"
    shipped = tmp_path_factory.mktemp("ray-working-dir")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env=evaluate.runtime_env_for_workers(
                 str(shipped), env_vars={"SPIKE_EVALUATE_FAULT": str(fault)}))
    yield fault
    ray.shutdown()


def test_ray_same_predictions(library, local_result, local_ray):
    r = evaluate.evaluate(library, "digits", use_ray=True, workers=2, progress=False)
    assert r["ray"] and r["workers"] == 2
    np.testing.assert_array_equal(r["predictions"], local_result["predictions"])


def test_ray_worker_killed_result_complete(library, local_result, local_ray):
    local_ray.write_text("the first worker to see this file exits\n")
    r = evaluate.evaluate(library, "digits", use_ray=True, workers=2, progress=False)
    assert not local_ray.exists(), "no worker died"
    np.testing.assert_array_equal(r["predictions"], local_result["predictions"])
