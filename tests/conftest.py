"""Shared fixtures: a scratch copy of a playbook file that a test can break on purpose.

Tests and the notebooks nbval runs save learner work into an empty, temporary work folder, never
into the user's own (the notebook kernels inherit the environment variable).
"""

import os
import tempfile
from pathlib import Path

import pytest

from opsbook.i18n import set_language
from opsbook.paths import PLAYBOOK_DIR

os.environ["OPSBOOK_HOME"] = tempfile.mkdtemp(prefix="opsbook-test-home-")


@pytest.fixture(autouse=True)
def english():
    """Every test starts (and ends) in English, whatever a previous test switched to."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def organization_text() -> str:
    return (PLAYBOOK_DIR / "organization.yaml").read_text(encoding="utf-8")


@pytest.fixture
def write_yaml(tmp_path: Path):
    """Write text to a YAML file in a temporary folder and return its path."""

    def write(text: str, name: str = "organization.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
