"""Shared paths for the import tests: our own fixtures and the real letters in ../shared/samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import sample_path

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_bytes():
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read


@pytest.fixture
def sample_bytes():
    def read(name: str) -> bytes:
        return sample_path(name).read_bytes()

    return read
