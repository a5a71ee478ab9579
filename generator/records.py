"""The record classes of the schema's sheets, made from the schema itself.

A form sheet is read into one record, a list sheet into one record per row, the amount
columns of an official table into a record of named columns (``row.amounts.fiscal``).
Each class is a frozen, slotted dataclass made from the sheet's spec the first time it
is needed (``record_class``, ``columns_class``), named by the spec's ``record``: its
fields are the schema's keys in order, so a field added to the schema is a field of its
record, and a misspelt name fails where it is written (AttributeError) instead of
silently reading a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from typing import Any, ClassVar, Iterator

from generator import schema
from generator.problems import CellRef
from generator.schema import FormSheet, Kind, ListSheet, OfficialTable

# Score and weight columns of the self-evaluation sheets: a number, "/" (not applicable) or None.
SCORE_KEYS = frozenset({"rate_weight", "rate_score", "total_score", "weight", "score"})


@dataclass(frozen=True, slots=True)
class Cells:
    """A record read from a form sheet (one per sheet) or a list sheet (one per row): one
    field per schema Field (its key), then ``refs``, the CellRef of each (and, for a list
    sheet, the sheet ``row``). ``ref(name)`` is the CellRef of one named field; an unknown
    name raises AttributeError. Records compare by their values, not by their cells."""

    KEYS: ClassVar[tuple[str, ...]] = ()  # the schema's keys, in order

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return cls.KEYS

    def ref(self, name: str) -> CellRef:
        if name not in self.KEYS:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")
        return self.refs[name]  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Columns:
    """The named amount columns of an official table, in the official column order: one
    value per column (amounts as Decimal, the CellRefs of those amounts, or the headings)."""

    KEYS: ClassVar[tuple[str, ...]] = ()

    def values(self) -> tuple[Any, ...]:
        """The columns in table order (for rules that apply to every column alike)."""
        return tuple(getattr(self, k) for k in self.KEYS)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values())

    @classmethod
    def width(cls) -> int:
        return len(cls.KEYS)


class _Vehicles:
    """What the 其他重要事项 record adds to its fields."""

    __slots__ = ()

    def vehicle_kinds(self) -> dict[str, int]:
        """The vehicle counts by kind (field name → count, a blank as 0), in the schema's order:
        the count fields whose key starts with ``veh_``."""
        return {f.key: getattr(self, f.key) or 0 for f in schema.OTHER_MATTERS.fields
                if f.key.startswith("veh_") and f.kind is Kind.COUNT}


# Behaviour beyond fields, by record name
_METHODS: dict[str, type] = {schema.OTHER_MATTERS.record: _Vehicles}


def _annotation(f: schema.Field) -> str:
    if f.key in SCORE_KEYS:
        return "Score"
    if f.kind is Kind.COUNT:
        return "int | None"
    if f.kind.numeric:
        return "Decimal | None"
    return "str"


_MADE: dict[str, type] = {}


def _make(name: str, fields: list[tuple[str, Any, Any]], base: type, keys: tuple[str, ...]) -> type:
    made = _MADE.get(name)
    if made is None:
        bases = (base, _METHODS[name]) if name in _METHODS else (base,)
        made = make_dataclass(name, fields, bases=bases, frozen=True, slots=True,
                              namespace={"KEYS": keys, "__module__": __name__})
        _MADE[name] = made
    elif made.KEYS != keys:  # type: ignore[attr-defined]
        raise TypeError(f"two specs name the record {name!r} with other fields")
    return made


def record_class(spec: FormSheet | ListSheet) -> type[Cells]:
    """The record class of a form or list sheet (made once). ``spec`` may be a pack's
    restriction of the sheet: the class always has every field of the schema's sheet."""
    full = schema.all_sheet_specs()[spec.name]
    assert isinstance(full, (FormSheet, ListSheet))
    fields = full.fields if isinstance(full, FormSheet) else full.columns
    keys = tuple(f.key for f in fields)
    declared: list[tuple[str, Any, Any]] = [(f.key, _annotation(f), field()) for f in fields]
    declared.append(("refs", "Mapping[str, CellRef]", field(compare=False, repr=False)))
    if isinstance(full, ListSheet):
        declared.append(("row", "int", field(default=0)))
    return _make(full.record or full.name, declared, Cells, keys)


def columns_class(spec: OfficialTable) -> type[Columns]:
    """The class of an official table's named amount columns (made once; tables with the
    same columns share it)."""
    keys = tuple(c.key for c in spec.columns)
    return _make(spec.record or spec.name, [(k, "Any", field()) for k in keys], Columns, keys)


def by_record_name(name: str) -> type | None:
    """The class the schema names ``name`` (a sheet's or an official table's ``record``)."""
    for spec in schema.SHEETS:
        if spec.record == name:
            return columns_class(spec) if isinstance(spec, OfficialTable) else record_class(spec)
    return None
