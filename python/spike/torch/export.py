"""Export of spike.torch models to NIR with spike's extension nodes.

    graph = export_nir(model, "model.nir", input_shape=(3, 32, 32))

The model is exported in eval mode (batch norms with their running
statistics). Node names follow the module names (``stem.conv0``,
``block0.attn``, ``head.fc``); every node carries its per-sample
input/output types, so nir's graph type checking holds.
"""

import nir
import numpy as np

from .. import nir_nodes
from ..nir_io import write_graph
from .neurons import LIF, TernaryLIF
from .recurrent import RecurrentLIF
from .transformer import SpikingTransformer


def _array(tensor):
    return tensor.detach().cpu().numpy().astype(np.float32)


def _set_types(node, input_shape, output_shape):
    node.input_type = {"input": np.array(input_shape, dtype=np.int64)}
    node.output_type = {"output": np.array(output_shape, dtype=np.int64)}
    return node


def neuron_node(module, shape):
    """spike.LIF / spike.TernaryLIF for a LIF / TernaryLIF module."""
    fields = module.nir_fields()
    if isinstance(module, LIF):
        return nir_nodes.LIF(**fields, input_shape=shape)
    if isinstance(module, TernaryLIF):
        return nir_nodes.TernaryLIF(**fields, input_shape=shape)
    raise TypeError(f"not a spike.torch neuron: {type(module).__name__}")


def _bn_fields(bn, prefix=""):
    if not bn.track_running_stats or bn.running_mean is None:
        raise ValueError("batch norms must track running statistics to be exported")
    channels = bn.num_features
    weight = _array(bn.weight) if bn.affine else np.ones(channels, np.float32)
    bias = _array(bn.bias) if bn.affine else np.zeros(channels, np.float32)
    return {f"{prefix}weight": weight, f"{prefix}bias": bias,
            f"{prefix}running_mean": _array(bn.running_mean),
            f"{prefix}running_var": _array(bn.running_var)}


def batch_norm_node(bn, shape):
    """spike.BatchNorm for SeqBatchNorm2d (axis 0) or TokenBatchNorm (axis -1)."""
    return nir_nodes.BatchNorm(**_bn_fields(bn), epsilon=bn.eps, axis=bn.axis,
                               input_shape=shape)


def linear_node(linear, shape):
    """nir.Affine (with bias) or nir.Linear over the last axis of ``shape``."""
    weight = _array(linear.weight)
    if linear.bias is not None:
        node = nir.Affine(weight=weight, bias=_array(linear.bias))
    else:
        node = nir.Linear(weight=weight)
    # nir types a linear by its weight ([in] -> [out]); on tokens [N, in] the
    # map applies to the last axis, so the types are set to the real shapes.
    return _set_types(node, shape, tuple(shape[:-1]) + (weight.shape[0],))


def conv_node(conv, shape):
    """nir.Conv2d for a SeqConv2d on a per-sample input [C, H, W]."""
    if isinstance(conv.padding, str):
        raise ValueError("export needs numeric conv padding")
    bias = (_array(conv.bias) if conv.bias is not None
            else np.zeros(conv.out_channels, np.float32))
    return nir.Conv2d(input_shape=tuple(shape[1:]), weight=_array(conv.weight),
                      stride=tuple(conv.stride), padding=tuple(conv.padding),
                      dilation=tuple(conv.dilation), groups=conv.groups, bias=bias)


def maxpool_node(pool, shape):
    """spike.MaxPool2d for a SeqMaxPool2d."""
    pair = lambda v: (v, v) if isinstance(v, int) else tuple(v)  # noqa: E731
    if pool.dilation not in (1, (1, 1)) or pool.ceil_mode:
        raise ValueError("export supports max pools without dilation and ceil_mode")
    return nir_nodes.MaxPool2d(kernel_size=pair(pool.kernel_size), stride=pair(pool.stride),
                               padding=pair(pool.padding), input_shape=shape)


def attention_node(attn, shape):
    """spike.SelfAttention for an A2OS2AAttention / SSAAttention module."""
    epsilons = {attn.q_bn.eps, attn.k_bn.eps, attn.v_bn.eps}
    if len(epsilons) != 1:
        raise ValueError("the q, k and v batch norms must share one epsilon")
    fields = dict(kind=attn.kind, num_heads=attn.num_heads, scale=attn.scale,
                  bn_epsilon=epsilons.pop())
    neurons = {"q_": attn.q_lif, "v_": attn.v_lif}
    if attn.kind == "ssa":
        neurons["k_"] = attn.k_lif
    for p in "qkv":
        fields[f"{p}_weight"] = _array(getattr(attn, f"{p}_linear").weight)
        fields.update(_bn_fields(getattr(attn, f"{p}_bn"), f"{p}_bn_"))
    for prefix, module in neurons.items():
        for name, value in module.nir_fields().items():
            if name == "compare" and isinstance(module, TernaryLIF):
                continue
            key = "v_reset_mode" if (prefix, name) == ("v_", "reset") else prefix + name
            fields[key] = value
    return nir_nodes.SelfAttention(**fields, input_shape=shape)


class GraphBuilder:
    """Collects named nodes and edges and tracks each node's output shape."""

    def __init__(self, input_shape):
        self.nodes = {"input": nir.Input(input_type=np.array(input_shape, dtype=np.int64))}
        self.edges = []

    def shape(self, name):
        """The per-sample output shape of node ``name``."""
        return tuple(int(s) for s in self.nodes[name].output_type["output"])

    def add(self, name, make, *sources):
        """Adds node ``name`` = make(input shape) fed by ``sources``; returns the name."""
        if name in self.nodes:
            raise ValueError(f"duplicate node name {name!r}")
        self.nodes[name] = make(self.shape(sources[0]))
        self.edges.extend((source, name) for source in sources)
        return name

    def connect(self, source, target):
        self.edges.append((source, target))

    def finish(self, last):
        """The nir.NIRGraph with an Output after ``last`` (types checked by nir)."""
        self.nodes["output"] = nir.Output(output_type=np.array(self.shape(last), dtype=np.int64))
        self.edges.append((last, "output"))
        return nir.NIRGraph(nodes=self.nodes, edges=self.edges)


def _module(module, kind):
    """The node factory for a submodule (see the *_node functions)."""
    makers = {"neuron": neuron_node, "bn": batch_norm_node, "linear": linear_node,
              "conv": conv_node, "pool": maxpool_node, "attn": attention_node}
    return lambda shape: makers[kind](module, shape)


def transformer_graph(model, input_shape):
    """The nir.NIRGraph of a SpikingTransformer (as it is, train or eval mode)."""
    g = GraphBuilder(input_shape)
    last, stem = "input", model.stem
    for i in range(4):
        last = g.add(f"stem.conv{i}", _module(getattr(stem, f"conv{i}"), "conv"), last)
        last = g.add(f"stem.bn{i}", _module(getattr(stem, f"bn{i}"), "bn"), last)
        if i < 3:
            last = g.add(f"stem.lif{i}", _module(getattr(stem, f"lif{i}"), "neuron"), last)
        if i < stem.pools:
            last = g.add(f"stem.pool{i}", _module(getattr(stem, f"pool{i}"), "pool"), last)
    rpe, m0 = model.rpe, last
    spikes = g.add("rpe.lif", _module(rpe.lif, "neuron"), m0)
    if rpe.pooled:
        spikes = g.add("rpe.pool", _module(rpe.pool, "pool"), spikes)
        m0 = g.add("rpe.pool_residual", _module(rpe.pool_residual, "pool"), m0)
    last = g.add("rpe.conv", _module(rpe.conv, "conv"), spikes)
    last = g.add("rpe.bn", _module(rpe.bn, "bn"), last)
    last = g.add("rpe.sum", lambda s: nir_nodes.Sum(input_shape=s), m0, last)
    last = g.add("tokens.flatten",
                 lambda s: nir.Flatten(input_type={"input": np.array(s)}, start_dim=1, end_dim=2),
                 last)
    last = g.add("tokens.transpose", lambda s: nir_nodes.Transpose(perm=[1, 0], input_shape=s),
                 last)
    for i, block in enumerate(model.blocks):
        p, x = f"block{i}.", last
        last = g.add(p + "lif_in", _module(block.lif_in, "neuron"), x)
        last = g.add(p + "attn", _module(block.attn, "attn"), last)
        last = g.add(p + "attn_lif", _module(block.attn_lif, "neuron"), last)
        last = g.add(p + "proj", _module(block.proj, "linear"), last)
        last = g.add(p + "proj_bn", _module(block.proj_bn, "bn"), last)
        x = g.add(p + "res1", lambda s: nir_nodes.Sum(input_shape=s), x, last)
        last = g.add(p + "mlp_lif1", _module(block.mlp_lif1, "neuron"), x)
        last = g.add(p + "fc1", _module(block.fc1, "linear"), last)
        last = g.add(p + "fc1_bn", _module(block.fc1_bn, "bn"), last)
        last = g.add(p + "mlp_lif2", _module(block.mlp_lif2, "neuron"), last)
        last = g.add(p + "fc2", _module(block.fc2, "linear"), last)
        last = g.add(p + "fc2_bn", _module(block.fc2_bn, "bn"), last)
        last = g.add(p + "res2", lambda s: nir_nodes.Sum(input_shape=s), x, last)
    last = g.add("head.lif", _module(model.head.lif, "neuron"), last)
    last = g.add("head.mean", lambda s: nir_nodes.Mean(axis=0, input_shape=s), last)
    last = g.add("head.fc", _module(model.head.fc, "linear"), last)
    last = g.add("head.mean_time", lambda s: nir_nodes.MeanTime(input_shape=s), last)
    return g.finish(last)


def recurrent_graph(model, input_shape):
    """The nir.NIRGraph of a RecurrentLIF: input -> fc -> lif -> output with
    the cycle lif -> rec -> lif."""
    g = GraphBuilder(input_shape)
    g.add("fc", _module(model.fc, "linear"), "input")
    g.add("lif", _module(model.lif, "neuron"), "fc")
    g.add("rec", _module(model.rec, "linear"), "lif")
    g.connect("rec", "lif")
    return g.finish("lif")


def export_nir(model, path, input_shape=None):
    """Writes ``model`` (a SpikingTransformer or a RecurrentLIF) in eval mode
    as an NIR file and returns its nir.NIRGraph. ``input_shape`` is the
    per-sample input shape: [C, H, W] (default: the model's in_channels and
    img_size) or [in_features]."""
    if isinstance(model, SpikingTransformer):
        build = transformer_graph
        default = (model.in_channels,) + model.img_size
    elif isinstance(model, RecurrentLIF):
        build = recurrent_graph
        default = (model.fc.in_features,)
    else:
        raise TypeError(f"cannot export a {type(model).__name__}; expected a "
                        f"SpikingTransformer or a RecurrentLIF")
    input_shape = tuple(int(s) for s in (default if input_shape is None else input_shape))
    if len(input_shape) != len(default) or input_shape[0] != default[0]:
        raise ValueError(f"input_shape {input_shape} does not fit the model "
                         f"(expected {len(default)} dims starting with {default[0]})")
    was_training = model.training
    model.eval()
    try:
        graph = build(model, input_shape)
    finally:
        model.train(was_training)
    write_graph(path, graph)
    return graph


__all__ = ["GraphBuilder", "attention_node", "batch_norm_node", "conv_node", "export_nir",
           "linear_node", "maxpool_node", "neuron_node", "recurrent_graph", "transformer_graph"]
