"""rjieba's word cutter, made without the one rjieba makes when it is imported, and once a process.

`import rjieba` builds a default Jieba (its whole dictionary) for the module-level functions,
and takes longer than making a Jieba of one's own: loading the compiled module alone spares the
package's. Where the package is laid out otherwise, the plain import is used.

The search's words and the conversion review cut with the same dictionary, the phrase lists'
names added (jieba_with): a process that does both (the one converting the articles an edit
changed) loads it once.
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import sys

COMPILED = "rjieba.rjieba"
"""The compiled module inside the package, which defines Jieba."""


def new_jieba():
    """A new rjieba.Jieba with the default dictionary."""
    try:
        module = sys.modules.get(COMPILED) or _load_compiled()
    except (ImportError, OSError, AttributeError):
        import rjieba

        return rjieba.Jieba()
    return module.Jieba()


@functools.lru_cache(maxsize=2)
def jieba_with(words: tuple[str, ...]):
    """A Jieba of the default dictionary and these words, made on the first call in a process
    and shared by every later one with the same words (loading the dictionary takes a tenth of a
    second; it is never changed once made)."""
    jieba = new_jieba()
    for word in words:
        jieba.add_word(word, None, None)
    return jieba


def _load_compiled():
    """The compiled module, loaded without running the package's __init__ (find_spec finds a
    top-level package without importing it). Registered under its name, so that a later
    `import rjieba` (the ingest's) takes it as it is: a compiled module is loaded once."""
    package = importlib.util.find_spec("rjieba")
    if package is None or not package.submodule_search_locations:
        raise ImportError("rjieba is not installed as a package")
    finder = importlib.machinery.FileFinder(
        package.submodule_search_locations[0],
        (importlib.machinery.ExtensionFileLoader, importlib.machinery.EXTENSION_SUFFIXES))
    spec = finder.find_spec(COMPILED)
    if spec is None or spec.loader is None:
        raise ImportError(f"no compiled {COMPILED} in {package.submodule_search_locations[0]}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[COMPILED] = module
    return module
