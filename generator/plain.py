"""Values kept in the build state, as JSON that runs nothing when read.

The build state (store.py, cache.py) holds articles, converted texts, review findings and lists of
kept pages. Pickle would load them faster, but a pickle runs whatever code its bytes name: a state
restored from a CI cache or left in a shared folder must not be able to do that. Here a value is
JSON; tuples, dicts with other keys than strings, dates and the dataclasses and named tuples of
ALLOWED are tagged objects, rebuilt from their field values without calling any code of theirs.
Anything else, when writing or reading, is an error (the state entry is then made again).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from typing import Any

ALLOWED: dict[str, type] = {}
"""Class name -> class: the only classes a state may hold (register)."""


def register(cls: type) -> type:
    """Allow cls (a frozen dataclass or a NamedTuple) in the state."""
    ALLOWED[cls.__name__] = cls
    return cls


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    """The names of cls's fields, in order (once per class: a rebuild loads some 10,000 articles)."""
    if dataclasses.is_dataclass(cls):
        return tuple(field.name for field in dataclasses.fields(cls))
    return cls._fields  # a NamedTuple


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    cls = type(value)
    if cls.__name__ in ALLOWED and ALLOWED[cls.__name__] is cls:
        if dataclasses.is_dataclass(value):
            return {"c": cls.__name__, "v": [_plain(value.__dict__[name]) for name in _fields(cls)]}
        return {"c": cls.__name__, "v": [_plain(item) for item in value]}
    if isinstance(value, tuple):
        return {"t": [_plain(item) for item in value]}
    if isinstance(value, dict):
        return {"m": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"d": value.isoformat()}
    raise TypeError(f"{cls.__name__} is not a value the build state may hold")


def dumps(value: Any) -> str:
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _rebuilt(tagged: dict) -> Any:
    if len(tagged) == 1:
        (tag, content), = tagged.items()
        if tag == "t":
            return tuple(content)
        if tag == "m":
            return {_hashable(k): v for k, v in content}
        if tag == "d":
            return dt.date.fromisoformat(content)
    if tagged.keys() == {"c", "v"}:
        cls = ALLOWED.get(tagged["c"])
        if cls is None:
            raise ValueError(f"the build state names a class it may not hold: {tagged['c']!r}")
        names, values = _fields(cls), tagged["v"]
        if len(values) != len(names):
            raise ValueError(f"{cls.__name__} has {len(names)} fields, not {len(values)}")
        if dataclasses.is_dataclass(cls):
            made = object.__new__(cls)  # as pickle does: no __init__, no __post_init__
            made.__dict__.update(zip(names, values))
            return made
        return tuple.__new__(cls, values)
    raise ValueError("the build state holds an object of no known shape")


def _hashable(key: Any) -> Any:
    if isinstance(key, list):
        raise ValueError("the build state holds a list as a dict key")
    return key


_DECODER = json.JSONDecoder(object_hook=_rebuilt)
"""One decoder for every value (json.loads with an object_hook makes a new one each call: a
rebuild reads some 10,000 stored articles)."""


def loads(text: str | bytes, kind: type | tuple[type, ...] = object) -> Any:
    """The value in text, which must be a `kind`; ValueError otherwise (also for damaged text)."""
    value = _DECODER.decode(text if isinstance(text, str) else text.decode("utf-8", "surrogatepass"))
    if not isinstance(value, kind):
        raise ValueError(f"the build state holds a {type(value).__name__}, not a {kind}")
    return value
