"""PyTorch front end of spike: multi-step spiking modules (time is
dimension 0) whose forward passes compute exactly what their exported NIR
graphs compute, with surrogate gradients for training.

* neurons: ``LIF``, ``TernaryLIF`` (spike.lif / spike.ternary_lif);
* attention: ``A2OS2AAttention``, ``SSAAttention``;
* models: ``SpikingTransformer``, ``RecurrentLIF``; ``class_scores(model,
  images)`` runs a model over a test set in batches;
* ``export_nir(model, path, input_shape)`` writes a model as NIR;
* ``convert(module, example_input, timesteps=...)`` converts PyTorch SNN
  modules (SpikingJelly, snnTorch, Norse, spike.torch) into an NIR graph
  with spike's extension nodes (spike.torch.converter);
* ``compile(module, example_input, target=...)`` compiles one into a loaded
  native model that is called like the module (spike.torch.compiled).

``export_nir``, ``convert`` and ``compile`` are imported on first use: it needs nir and h5py, which the
models alone (numpy and torch) do not.
"""

from .layers import (A2OS2AAttention, SeqBatchNorm2d, SeqConv2d, SeqMaxPool2d,
                     SSAAttention, TokenBatchNorm, multi_head_attention)
from .neurons import LIF, TernaryLIF, spike
from .recurrent import RecurrentLIF
from .transformer import SpikingTransformer, class_scores

__all__ = [
    "A2OS2AAttention", "LIF", "RecurrentLIF", "SSAAttention", "SeqBatchNorm2d", "SeqConv2d",
    "SeqMaxPool2d", "SpikingTransformer", "TernaryLIF", "TokenBatchNorm", "class_scores",
    "export_nir", "multi_head_attention", "spike", "convert", "compile",
]


def __getattr__(name):
    if name == "export_nir":
        from .export import export_nir
        return export_nir
    if name == "convert":
        from .converter import convert
        return convert
    if name == "compile":
        from .compiled import compile
        return compile
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
