"""A recurrent spiking layer: Linear -> LIF, with the LIF's spikes fed
back through a recurrent linear map into the same LIF.

    current[t] = fc(x[t]) + r[t],   r[0] = 0,   r[t] = rec(s[t-1])
    s[t] = LIF(current[t])

This is what the exported NIR graph (input -> fc -> lif -> output, and
lif -> rec -> lif) computes under spike-import's rule for cycles: the edge
rec -> lif lies on a cycle and enters a neuron, so it carries rec's value of
the previous step and zero at t = 0 (so rec's bias is not added at t = 0).
"""

import torch
from torch import nn

from .neurons import LIF


class RecurrentLIF(nn.Module):
    """Multi-step recurrent LIF layer: [T, B, in_features] -> spikes [T, B, out_features]."""

    def __init__(self, in_features, out_features, bias=True, recurrent_bias=True, neuron=None):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features, bias=bias)
        self.rec = nn.Linear(out_features, out_features, bias=recurrent_bias)
        self.lif = LIF() if neuron is None else neuron

    def forward(self, x):
        current = self.fc(x)
        v = self.lif.initial_state(current.shape[1:])
        recurrent = torch.zeros_like(current[0])
        outputs = []
        for t in range(x.shape[0]):
            s, v = self.lif.step(current[t] + recurrent, v)
            outputs.append(s)
            recurrent = self.rec(s)
        return torch.stack(outputs)
