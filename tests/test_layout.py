"""The top-level folders are the architecture: they must install as gridnet.* subpackages."""

import importlib
from pathlib import Path

import pytest

from gridnet.settings import REPO_ROOT

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("folder", ["graph", "loaders", "queries", "workflow"])
def test_subpackage_resolves_to_top_level_folder(folder: str) -> None:
    module = importlib.import_module(f"gridnet.{folder}")
    assert Path(module.__file__).resolve().parent == REPO_ROOT / folder


def test_repo_root_is_parent_of_package() -> None:
    import gridnet

    assert Path(gridnet.__file__).resolve().parent == REPO_ROOT / "gridnet"
    assert (REPO_ROOT / "pyproject.toml").is_file()
