"""Key bindings: every binding has an id (for tui.keymap), ids are unique, every action exists."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import tui
from tui.app import TrackerApp


def _tui_classes() -> list[type[DOMNode]]:
    found = {}
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name == "tui.cli":
            continue
        mod = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(mod, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == mod.__name__ and "BINDINGS" in cls.__dict__:
                found[cls.__qualname__] = cls
    return list(found.values())


def _bindings() -> list[tuple[type, Binding]]:
    out = []
    for cls in _tui_classes():
        for b in cls.__dict__["BINDINGS"]:
            assert isinstance(b, Binding), f"{cls.__name__} declares a tuple binding {b!r}: use Binding(..., id=)"
            out.append((cls, b))
    return out


def test_the_screens_and_widgets_are_found():
    names = {c.__name__ for c in _tui_classes()}
    assert {"TrackerApp", "ReviewScreen", "EditScreen", "SourcesScreen", "ClaimsScreen", "HelpScreen",
            "SourcePicker", "AttributionQueue"} <= names


def test_binding_ids_are_unique_and_prefixed_by_their_screen():
    ids = [b.id for _, b in _bindings()]
    assert all(ids), [f"{c.__name__}: {b.key}" for c, b in _bindings() if not b.id]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    prefixes = {"TrackerApp": "app-", "ReviewScreen": "review-", "EditScreen": "edit-", "SourcesScreen": "sources-",
                "ClaimsScreen": "claims-", "HelpScreen": "help-", "SourcePicker": "picker-",
                "AttributionQueue": "queue-"}
    for cls, b in _bindings():
        assert b.id.startswith(prefixes[cls.__name__]), (cls.__name__, b.id)
        assert b.id == b.id.lower() and " " not in b.id


@pytest.mark.parametrize("cls,binding", _bindings(), ids=lambda v: getattr(v, "id", None) or v.__name__)
def test_every_binding_names_an_existing_action(cls, binding):
    name = binding.action.split("(", 1)[0]
    owner = TrackerApp if name.startswith("app.") else cls
    name = name.removeprefix("app.")
    assert callable(getattr(owner, f"action_{name}", None)), f"{cls.__name__} has no action_{name}"


def test_visible_bindings_say_what_they_do():
    for cls, b in _bindings():
        if b.show:
            assert b.description, f"{b.id} shows in the footer without a description"


def test_the_keymap_knows_every_binding_id():
    from tui.app import binding_ids

    assert binding_ids() == {b.id for _, b in _bindings()}
