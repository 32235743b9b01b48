"""Fixtures: the settings and the bundled site built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.config import load_config
from support import BASE_URL, ROOT


@pytest.fixture(scope="session")
def config():
    return load_config(ROOT / "site.yaml").with_base_url(BASE_URL)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, config) -> Path:
    """The bundled content built under the sub-path /digest/."""
    out = tmp_path_factory.mktemp("built") / "site"
    build(ROOT, config, out)
    return out
