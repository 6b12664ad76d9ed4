"""Whoosh without the modules a search never uses: a third of a search process's start.

Whoosh imports urllib.request (for a download helper: with it http.client, email, ssl and
socket), asyncio (through cached_property, which asks it whether a method is a coroutine)
and its English morphology tables (for variation queries, compiling a hundred regular
expressions) at import time. At the command line every search paid for them: about 60 ms of
a 250 ms `letterbook search`. While Whoosh is imported, each stands in as a small module that
loads the real one when it is first used; afterwards the real modules are imported as usual.
"""
from __future__ import annotations

import importlib
import inspect
import sys
import types
from contextlib import ExitStack, contextmanager


class _StandIn(types.ModuleType):
    """A module that loads the real one on the first attribute asked of it after the import."""

    def __getattr__(self, name):
        if name.startswith("__") or sys.modules.get(self.__name__) is self:
            raise AttributeError(name)
        return getattr(importlib.import_module(self.__name__), name)


def _deferred(module: str, name: str):
    """A function that imports module.name when first called, then calls it."""
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)
    call.__name__ = name
    return call


def _iscoroutinefunction(func) -> bool:
    """asyncio.iscoroutinefunction without asyncio for what is plainly a function or a
    coroutine function: Whoosh's cached_property asks it at every posting list read."""
    if inspect.iscoroutinefunction(func):
        return True
    if getattr(func, "_is_coroutine", None) is None:  # asyncio's own mark of a coroutine
        return False
    return importlib.import_module("asyncio").iscoroutinefunction(func)


# module -> {name: what stands in for it}, for the names Whoosh's modules take from it
# ("from m import name") or use at every search; None: the real one, loaded when called
STAND_INS = {
    "urllib.request": {"urlretrieve": None},
    "asyncio": {"iscoroutinefunction": _iscoroutinefunction},
    "whoosh.lang.morph_en": {"variations": None},
}


@contextmanager
def _standing_in(module: str, names: dict):
    if module in sys.modules:  # already loaded by someone else: nothing to save
        yield
        return
    stand_in = _StandIn(module)
    for name, function in names.items():
        setattr(stand_in, name, function or _deferred(module, name))
    sys.modules[module] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(module) is stand_in:
            del sys.modules[module]


def import_whoosh() -> None:
    """Import the parts of Whoosh letterbook uses, with the stand-ins in place."""
    if "whoosh.query" in sys.modules:
        return
    with ExitStack() as stack:
        for module, names in STAND_INS.items():
            stack.enter_context(_standing_in(module, names))
        import cached_property  # noqa: F401  (asyncio's user)
        import whoosh.compat  # noqa: F401  (urllib.request's)
        import whoosh.query  # noqa: F401  (the morphology's)
