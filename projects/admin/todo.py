"""The admin home's to-do list (我的待办): one section per kind of work, each built for the
user who opens the page.

A section builder takes the request and returns a ``Section`` (a template and its context),
or None when it has nothing to say to that user. New kinds of work add a builder with
``register``; the home page shows the sections by their order, then as registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)


Builder = Callable[[HttpRequest], Section | None]
BUILDERS: list[Builder] = []


def register(builder: Builder | None = None, *, order: int = 50):
    """Add a section to the to-do list; usable as a decorator, ``@register(order=10)`` to
    come before the others (lower first, then in the order registered)."""

    def add(builder: Builder) -> Builder:
        if builder not in BUILDERS:
            builder.todo_order = order
            BUILDERS.append(builder)
            BUILDERS.sort(key=lambda b: b.todo_order)
        return builder

    return add if builder is None else add(builder)


def sections(request: HttpRequest) -> list[Section]:
    built = (builder(request) for builder in BUILDERS)
    return [section for section in built if section is not None]
