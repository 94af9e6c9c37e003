"""Shared paths for the import tests: our own fixtures and the real letters in ../shared/samples."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


@pytest.fixture
def fixture_bytes():
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read


@pytest.fixture
def sample_bytes():
    def read(name: str) -> bytes:
        path = SAMPLES / name
        if not path.is_file():
            pytest.skip(f"sample letter {name} is not available at {SAMPLES}")
        return path.read_bytes()

    return read
