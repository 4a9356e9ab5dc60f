"""A spiking transformer (Spikformer layout with A2OS2A or SSA attention)
whose forward pass computes exactly what its exported NIR graph computes.

Shapes: input [T, B, C, H, W] (a static image repeated over T by the
caller, see ``repeat_input``), output [T, B, classes].

* stem: four stages of conv3x3 (stride 1, padding 1, no bias) + BN with
  D/8, D/4, D/2, D channels (the first three widths can be chosen with
  ``stem_channels``); stages 1-3 end with a LIF, then
  MaxPool2d(3, stride 2, padding 1) when the stage is among the first
  ``stem_pools``. Stage 4 ends with the membrane m0 = BN(conv(...)).
* relative position encoding: x = m0 + BN(conv3x3(LIF(m0))), a membrane
  residual. With ``stem_pools == 4`` the 4th pool follows that LIF (the
  spikes feeding the RPE conv) and m0 is max-pooled the same way for the
  residual: x = pool(m0) + BN(conv3x3(pool(LIF(m0)))).
* tokens: [D, H', W'] flattened to [D, N] and transposed to [N, D].
* ``depth`` encoder blocks (linears without bias, BN over features):
  x = x + BN(Linear(LIF(Attention(LIF(x))))) (that LIF with threshold 0.5
  for SSA, as in Spikformer);
  x = x + BN(Linear(LIF(BN(Linear(LIF(x)))))) with hidden size mlp_ratio * D.
* head: the token mean of LIF(x), an affine map to the classes, and the
  mean over time, returned at every step (spike.MeanTime).
"""

import numpy as np
import torch
from torch import nn

from .layers import (A2OS2AAttention, SeqBatchNorm2d, SeqConv2d, SeqMaxPool2d,
                     SSAAttention, TokenBatchNorm)
from .neurons import LIF

ATTENTIONS = {"a2os2a": A2OS2AAttention, "ssa": SSAAttention}


def _pool():
    return SeqMaxPool2d(3, stride=2, padding=1)


class Stem(nn.Module):
    """Four conv + BN stages: conv{i}, bn{i}, lif{i} (i < 3) and pool{i}
    (i < min(stem_pools, 3)); returns the membrane m0 [T, B, D, H', W'].
    ``widths``: the output channels of the first three stages."""

    def __init__(self, in_channels, embed_dim, stem_pools, widths):
        super().__init__()
        channels = [in_channels, *widths, embed_dim]
        self.pools = min(stem_pools, 3)
        for i in range(4):
            self.add_module(f"conv{i}", SeqConv2d(channels[i], channels[i + 1], 3, 1, 1,
                                                  bias=False))
            self.add_module(f"bn{i}", SeqBatchNorm2d(channels[i + 1]))
            if i < 3:
                self.add_module(f"lif{i}", LIF())
            if i < self.pools:
                self.add_module(f"pool{i}", _pool())

    def forward(self, x):
        for i in range(4):
            x = getattr(self, f"bn{i}")(getattr(self, f"conv{i}")(x))
            if i < 3:
                x = getattr(self, f"lif{i}")(x)
            if i < self.pools:
                x = getattr(self, f"pool{i}")(x)
        return x


class RelativePositionEncoding(nn.Module):
    """x = m0 + BN(conv3x3(LIF(m0))) (a membrane residual); with ``pool``
    the spikes and the residual are max-pooled: pool(m0) + BN(conv(pool(LIF(m0))))."""

    def __init__(self, embed_dim, pool):
        super().__init__()
        self.lif = LIF()
        self.conv = SeqConv2d(embed_dim, embed_dim, 3, 1, 1, bias=False)
        self.bn = SeqBatchNorm2d(embed_dim)
        self.pooled = pool
        if pool:
            self.pool = _pool()
            self.pool_residual = _pool()

    def forward(self, m0):
        s = self.lif(m0)
        if self.pooled:
            s, m0 = self.pool(s), self.pool_residual(m0)
        return m0 + self.bn(self.conv(s))


class EncoderBlock(nn.Module):
    """x = x + BN(Linear(LIF(Attn(LIF(x))))); x = x + BN(Linear(LIF(BN(Linear(LIF(x))))))."""

    def __init__(self, dim, num_heads, attention="a2os2a", mlp_ratio=4):
        super().__init__()
        if attention not in ATTENTIONS:
            raise ValueError(f"attention must be one of {sorted(ATTENTIONS)}, got {attention!r}")
        hidden = int(mlp_ratio * dim)
        self.lif_in = LIF()
        self.attn = ATTENTIONS[attention](dim, num_heads)
        # Spikformer fires the attention output at threshold 0.5 (SSA's
        # 0.125-scaled binary products are small); A2OS2A at the default 1.
        self.attn_lif = LIF(v_threshold=0.5 if attention == "ssa" else 1.0)
        self.proj = nn.Linear(dim, dim, bias=False)
        self.proj_bn = TokenBatchNorm(dim)
        self.mlp_lif1 = LIF()
        self.fc1 = nn.Linear(dim, hidden, bias=False)
        self.fc1_bn = TokenBatchNorm(hidden)
        self.mlp_lif2 = LIF()
        self.fc2 = nn.Linear(hidden, dim, bias=False)
        self.fc2_bn = TokenBatchNorm(dim)

    def forward(self, x):
        x = x + self.proj_bn(self.proj(self.attn_lif(self.attn(self.lif_in(x)))))
        hidden = self.fc1_bn(self.fc1(self.mlp_lif1(x)))
        return x + self.fc2_bn(self.fc2(self.mlp_lif2(hidden)))


class Head(nn.Module):
    """The time mean of fc(mean over tokens of LIF(x)), at every step."""

    def __init__(self, dim, num_classes):
        super().__init__()
        self.lif = LIF()
        self.fc = nn.Linear(dim, num_classes)

    def step_scores(self, x):
        """fc(mean over tokens of LIF(x)) at each step, before the time mean."""
        return self.fc(self.lif(x).mean(dim=-2))

    def forward(self, x):
        y = self.step_scores(x)
        return y.mean(dim=0, keepdim=True).expand_as(y)


class SpikingTransformer(nn.Module):
    """Spiking vision transformer; see the module docstring for the layout.

    img_size: int or (H, W); embed_dim D (a multiple of 8 and of num_heads);
    depth L encoder blocks; T the number of time steps ``repeat_input`` uses;
    stem_pools in 0..4; attention "a2os2a" or "ssa"; stem_channels the
    widths of the first three stem stages (default D/8, D/4, D/2).
    """

    def __init__(self, img_size, in_channels, embed_dim, num_heads, depth, T,
                 num_classes, stem_pools=2, attention="a2os2a", mlp_ratio=4,
                 stem_channels=None):
        super().__init__()
        if stem_channels is None:
            stem_channels = (embed_dim // 8, embed_dim // 4, embed_dim // 2)
        stem_channels = tuple(int(c) for c in stem_channels)
        if len(stem_channels) != 3 or min(stem_channels) < 1:
            raise ValueError(f"stem_channels must be 3 positive widths, got {stem_channels}")
        if embed_dim % 8 or embed_dim % num_heads:
            raise ValueError(f"embed_dim {embed_dim} must be a multiple of 8 and of "
                             f"num_heads {num_heads}")
        if not 0 <= stem_pools <= 4:
            raise ValueError(f"stem_pools must be in 0..4, got {stem_pools}")
        if T < 1 or depth < 0:
            raise ValueError("T must be positive and depth non-negative")
        self.img_size = (img_size, img_size) if isinstance(img_size, int) else tuple(img_size)
        self.in_channels, self.embed_dim, self.num_heads = in_channels, embed_dim, num_heads
        self.depth, self.T, self.num_classes = depth, T, num_classes
        self.stem_pools, self.attention, self.mlp_ratio = stem_pools, attention, mlp_ratio
        self.stem_channels = stem_channels
        self.stem = Stem(in_channels, embed_dim, stem_pools, stem_channels)
        self.rpe = RelativePositionEncoding(embed_dim, pool=stem_pools == 4)
        for i in range(depth):
            self.add_module(f"block{i}", EncoderBlock(embed_dim, num_heads, attention, mlp_ratio))
        self.head = Head(embed_dim, num_classes)

    @classmethod
    def from_config(cls, config, attention=None):
        """The model of a settings dict as the example trainers write it:
        img_size, in_channels, embed_dim, num_heads, depth, timesteps (or T),
        num_classes, stem_pools, and optionally mlp_ratio, stem_channels and
        attention (overridden by the ``attention`` argument)."""
        c = config
        steps = c["timesteps"] if "timesteps" in c else c["T"]
        img_size = c["img_size"] if isinstance(c["img_size"], int) else tuple(c["img_size"])
        return cls(img_size, c["in_channels"], c["embed_dim"], c["num_heads"], c["depth"],
                   steps, c["num_classes"], stem_pools=c["stem_pools"],
                   attention=attention or c.get("attention", "a2os2a"),
                   mlp_ratio=c.get("mlp_ratio", 4), stem_channels=c.get("stem_channels"))

    @property
    def blocks(self):
        """The encoder blocks, block0 .. block{depth-1}."""
        return [getattr(self, f"block{i}") for i in range(self.depth)]

    def repeat_input(self, images):
        """Direct encoding: images [B, C, H, W] -> [T, B, C, H, W]."""
        return images.unsqueeze(0).expand(self.T, *images.shape)

    def tokens(self, x):
        """The embedded tokens [T, B, N, D] before the encoder blocks."""
        x = self.rpe(self.stem(x))
        return x.flatten(3).transpose(-1, -2)

    def encoded(self, x):
        """The tokens after the encoder blocks [T, B, N, D]."""
        x = self.tokens(x)
        for block in self.blocks:
            x = block(x)
        return x

    def forward(self, x):
        """x [T, B, C, H, W] -> [T, B, classes], every step holding the time mean."""
        if x.dim() != 5:
            raise ValueError(f"expected input [T, B, C, H, W], got shape {tuple(x.shape)}")
        return self.head(self.encoded(x))

    def logits(self, x):
        """The class scores [B, classes] (the time mean): forward(x)[0]."""
        return self.forward(x)[0]

    def step_logits(self, x):
        """The class scores of each step [T, B, classes], whose time mean is
        ``logits(x)``; for losses on every step (TET, Deng et al. 2022)."""
        return self.head.step_scores(self.encoded(x))


def class_scores(model, images, batch=500):
    """The class scores [N, classes] (NumPy) of ``model`` for the static
    images [N, C, H, W] (NumPy), ``batch`` images at a time, without
    gradients and in eval mode (the model is left there): what the test
    accuracy and a compiled model's agreement are measured with. ``model``
    is anything with ``repeat_input`` and ``logits``: a SpikingTransformer
    or the examples' float ANNs."""
    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(images), batch):
            x = torch.from_numpy(np.ascontiguousarray(images[start:start + batch]))
            out.append(model.logits(model.repeat_input(x)).numpy())
    return np.concatenate(out)
