"""Figures of a report cell: a value and the references behind it (case numbers, or reception visit ids), and the
ways the forms count them: đơn (one per item), vụ việc (one per group, each group classified once by its
earliest item), sums of amounts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar


class Item(Protocol):
    @property
    def ref(self) -> str: ...

    @property
    def group(self) -> str: ...

    @property
    def sort_key(self) -> Any: ...


T = TypeVar("T", bound=Item)


@dataclass(frozen=True)
class Fig:
    value: int | float = 0
    ids: frozenset[str] = frozenset()

    def __add__(self, other: Fig) -> Fig:
        return Fig(self.value + other.value, self.ids | other.ids)


def count(items: Iterable[T]) -> Fig:
    """Số đơn (lượt): one per item."""
    listed = list(items)
    return Fig(len(listed), frozenset(i.ref for i in listed))


def matters(items: Iterable[T]) -> Fig:
    """Số vụ việc: one per group; the references of every item of those groups."""
    listed = list(items)
    return Fig(len({i.group for i in listed}), frozenset(i.ref for i in listed))


def firsts(items: Iterable[T]) -> dict[str, T]:
    """Each group's earliest item: the one that classifies the vụ việc."""
    out: dict[str, T] = {}
    for item in sorted(items, key=lambda i: i.sort_key):
        out.setdefault(item.group, item)
    return out


def matters_where(items: Sequence[T], test: Callable[[T], bool]) -> Fig:
    """Số vụ việc whose earliest item passes ``test`` (so that a vụ việc lands in exactly one column of a
    classification), with the references of all their items."""
    chosen = {g for g, first in firsts(items).items() if test(first)}
    return matters(i for i in items if i.group in chosen)


def total(items: Iterable[T], amount: Callable[[T], float]) -> Fig:
    """A sum of amounts (money, land, people), with the items that contributed something."""
    value, refs = 0.0, set()
    for item in items:
        x = amount(item)
        if x:
            value += x
            refs.add(item.ref)
    return Fig(round(value, 3) if value % 1 else int(value), frozenset(refs))


def sum_of(figs: Iterable[Fig]) -> Fig:
    out = Fig()
    for f in figs:
        out = out + f
    return out
