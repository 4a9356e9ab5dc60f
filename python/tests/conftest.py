"""pytest set-up: import ``spike`` from this checkout and locate the shared
NIR reference data (SPIKE_NIR_DATA_DIR, default ../shared/data/nir)."""

import os
import pathlib
import sys

import pytest

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PYTHON_DIR))

_DEFAULT_DATA = PYTHON_DIR.parents[1] / "shared" / "data" / "nir"


@pytest.fixture(scope="session")
def nir_data():
    """The folder of real NIR files; tests using it skip when it is absent."""
    path = pathlib.Path(os.environ.get("SPIKE_NIR_DATA_DIR", _DEFAULT_DATA))
    if not (path / "lif_norse.nir").is_file():
        pytest.skip(f"shared NIR data not found at {path}")
    return path
