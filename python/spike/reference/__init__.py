"""NumPy reference of the spike dialect (SPEC section 3).

One function per op, with the op's operands in order and its attributes as
keyword arguments with the op's defaults (``and_`` is spike.and: ``and`` is a
Python keyword). Element types follow SPEC section 2:

* binary spikes (``i1``) are ``numpy.bool_`` arrays,
* ternary spikes (``i2``) are ``numpy.int8`` arrays with values in {-1, 0, 1},
* real values (``f32``) are ``numpy.float32`` arrays.

Neurons step in float32 exactly as the equations read, so that compiled code
doing the same float32 operations reproduces every spike. Synapses, attention
and pools accumulate in float64 and round once to float32: the most accurate
answer, which compiled float32 sums approach within SPEC section 5's tolerance
and match exactly when every partial sum is exact.
"""

from .attention import attention
from .bitwise import and_, count
from .graph import batch_norm, mean_time, relu, repeat
from .neurons import leaky_integrate, lif, ternary_lif
from .pools import avgpool2d, maxpool2d, sumpool2d
from .synapses import conv2d, linear

__all__ = [
    "and_",
    "attention",
    "avgpool2d",
    "batch_norm",
    "conv2d",
    "count",
    "leaky_integrate",
    "lif",
    "linear",
    "maxpool2d",
    "mean_time",
    "relu",
    "repeat",
    "sumpool2d",
    "ternary_lif",
]
