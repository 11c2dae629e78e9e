"""Shared fixtures: the loaded models (once per test session) and sample paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples" / "panjshir"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def models():
    """spaCy and MiniLM, loaded once for the whole test session."""
    from newsweave.api import models as load

    return load()


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"the reference samples are missing: {SAMPLES}")
    return SAMPLES
