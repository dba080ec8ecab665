"""Person recognition and linking on real FRUS volumes, against the publisher's hidden links."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.frus_data import volume_path

ROOT = Path(__file__).resolve().parents[2]
VOLUMES = [volume_path(stem) for stem in ("frus1961-63v05", "frus1964-68v29p1")]
pytestmark = [pytest.mark.frus]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_entities", ROOT / "bench/entities.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("volume", VOLUMES, ids=lambda p: p.stem)
def test_frus_linking_f1(volume: Path) -> None:
    score = _bench().score_volume(volume)
    print(f"{volume.name}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}")
    assert score.gold > 1000
    assert score.f1 >= 0.75
