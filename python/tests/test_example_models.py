"""The bundled example models (examples/digits) compiled by spike-compile:
the A2OS2A model keeps the accuracy the demo promises and agrees with its
PyTorch weights. Skipped without spike-compile."""

import subprocess
import sys

import numpy as np
import pytest
import torch

import spike
from model_helpers import ROOT, tool

EXAMPLES = ROOT / "examples" / "digits"
sys.path.insert(0, str(EXAMPLES))
COMPILE = tool("spike-compile", "SPIKE_COMPILE")
pytestmark = pytest.mark.skipif(COMPILE is None, reason="needs spike-compile")


def test_a2os2a_digits_accuracy_and_agreement(tmp_path):
    from train import make_model

    split = np.load(EXAMPLES / "test_split.npz")
    images, labels = split["images"].astype(np.float32), split["labels"]
    library = tmp_path / "a2os2a.so"
    subprocess.run([COMPILE, str(EXAMPLES / "a2os2a.nir"), "-o", str(library),
                    "--timesteps", "4", "--batch", str(len(images))], check=True)
    model = spike.load(library)
    x = np.ascontiguousarray(np.broadcast_to(images, (4,) + images.shape))
    predictions = model.run(x)[0].argmax(-1)
    assert (predictions == labels).mean() >= 0.95

    reference = make_model("a2os2a")
    reference.load_state_dict(torch.load(EXAMPLES / "a2os2a.pt", weights_only=True))
    reference.eval()
    with torch.no_grad():
        expected = reference.logits(torch.from_numpy(x)).argmax(-1).numpy()
    assert (predictions == expected).mean() >= 0.995
