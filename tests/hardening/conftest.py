"""Shared by the hardening tests: a module's own folder and one good capture, to set beside the
hostile inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from harbuilder import entry, har, write
from hardening.inputs import PAGE, PIXEL


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hardening")


@pytest.fixture(scope="module")
def good_har(folder: Path) -> Path:
    return write(folder / "good.har", har([entry(PAGE), entry(PIXEL)]))
