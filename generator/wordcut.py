"""rjieba's word cutter, made without the one rjieba makes when it is imported.

`import rjieba` builds a default Jieba (its whole dictionary) for the module-level functions,
and takes longer than making a Jieba of one's own. The search's Segmenter cuts with a Jieba of
its own, the phrase lists' names added, and the conversion review with one of the default
dictionary: loading the compiled module alone spares the package's, in every build that cuts
an article. Where the package is laid out otherwise, the plain import is used.
"""

from __future__ import annotations

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
