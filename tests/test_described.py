"""The typed parts of the template context describe themselves (generator/described.py):
the vocabulary lists their fields, and a field without a description is refused."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import dataclass, fields
from pathlib import Path

import pytest
from conftest import EXAMPLE_XLSX

from generator.context import build_context
from generator.context_types import DocumentContext
from generator.described import doc, entries, named_values
from generator.phrases import Compare
from generator.pipeline import validate
from generator.sections import Section5
from generator.vocabulary import VOCABULARY, context_paths

ROOT = Path(__file__).resolve().parent.parent


@dataclass(slots=True, frozen=True)
class _Leaf:
    text: str = doc("文字")


@dataclass(slots=True, frozen=True)
class _Parent:
    leaf: _Leaf = doc("一个")
    leaves: list[_Leaf] = doc("多个")
    words: list[str] = doc("词语", item="词")


def test_entries_follow_the_fields_nested_and_listed():
    assert entries(_Parent) == {"leaf": ("一个", {"text": "文字"}), "leaves": ("多个", [{"text": "文字"}]),
                                "words": ("词语", ["词"])}


def test_a_field_without_description_is_refused():
    @dataclass(slots=True)
    class Bare:
        text: str = ""

    with pytest.raises(TypeError, match="Bare.text"):
        entries(Bare)


def test_a_list_of_strings_without_item_description_is_refused():
    @dataclass(slots=True)
    class Words:
        words: list[str] = doc("词语")

    with pytest.raises(TypeError, match="Words.words"):
        entries(Words)


def test_the_vocabulary_lists_a_typed_section_from_its_fields():
    _, listed = VOCABULARY["s5"]
    assert list(listed) == [f.name for f in fields(Section5)]
    assert listed["yoy"][1] == entries(Compare)


@dataclass(slots=True, frozen=True)
class _Holder:
    maybe: _Leaf | None = doc("可能没有")
    table: dict[str, str] = doc("映射", children={"a": "甲"})


def test_an_optional_part_is_followed_and_a_mapping_takes_its_declared_names():
    assert entries(_Holder) == {"maybe": ("可能没有", {"text": "文字"}), "table": ("映射", {"a": "甲"})}


def test_a_mapping_without_its_names_is_refused():
    @dataclass(slots=True)
    class Loose:
        table: dict[str, str] = doc("映射")

    with pytest.raises(TypeError, match="Loose.table"):
        entries(Loose)


def test_the_vocabulary_is_the_typed_context_and_nothing_else():
    """No name is described by hand: the vocabulary is DocumentContext's entries, and the
    context a build hands the template has exactly its top-level names."""
    assert VOCABULARY == entries(DocumentContext)
    built = build_context(validate(EXAMPLE_XLSX).report)
    assert list(built) == [f.name for f in fields(DocumentContext)] == list(VOCABULARY)


def test_context_paths_walk_typed_values():
    value = _Parent(leaf=_Leaf("a"), leaves=[_Leaf("b")], words=["c"])
    assert named_values(value) == {"leaf": value.leaf, "leaves": value.leaves, "words": ["c"]}
    assert context_paths({"p": value}) == {"p", "p.leaf", "p.leaf.text", "p.leaves", "p.leaves[].text", "p.words",
                                           "p.words[]"}


def test_check_does_not_build_the_vocabulary():
    """The typed sections and the vocabulary made from them belong to building a document:
    ``pjgen check`` (which loads the pack, and its title) imports neither."""
    script = textwrap.dedent(f"""
        import runpy, sys
        sys.argv = ["pjgen", "check", {str(EXAMPLE_XLSX)!r}]
        try:
            runpy.run_module("generator", run_name="__main__")
        except SystemExit:
            pass
        print(" ".join(m for m in ("generator.packs", "generator.vocabulary", "generator.sections",
                                   "generator.phrases") if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[-2].split() == ["generator.packs"]
