"""Filters for public pages: numbers as readers write them, and bilingual labels."""

from decimal import Decimal

from django import template
from django.utils import timezone

from projects.models import localized
from projects.services import figures
from projects.services import progress as rule
from projects.views.common import is_english, pick
from projects.views.target_texts import due_phrase

register = template.Library()


@register.filter
def num(value):
    """66, 64.6, 0.35: never 66.0000; a dash when there is no number."""
    return rule.fmt(value)


@register.filter
def degrees(value):
    """A latitude or longitude with the places it was entered with: 42.736667, 121.77."""
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():f}"


@register.filter
def money(value):
    """An amount kept in 万元, as the page's reader counts: 12,345.6 (万元) in Chinese, 123.46
    (million yuan) in English, where "ten thousand yuan" is not a unit anyone uses. The unit
    word next to it is the translation of 万元."""
    if value is None:
        return "—"
    amount = Decimal(value)
    if is_english():
        amount = amount / 100
    text = f"{amount:,.2f}"
    return text.rstrip("0").rstrip(".")


@register.filter
def amount(value, unit):
    """A value with its unit in the active language: 130 万人次 / 1.3 million visits."""
    return figures.amount(value, unit)


@register.filter
def measured(value, target):
    """A value of *target* with the unit it is measured in (the baseline's unit for multiples
    and growth), in the active language: 130 万人次 / 1.3 million visits."""
    return figures.amount(value, figures.value_unit(target))


@register.filter
def due(progress):
    """When the next figure is due, and whether it is late (``target_texts.due_phrase``)."""
    return due_phrase(progress)


@register.filter
def status_label(progress):
    return progress.label


@register.filter
def status_name(status):
    return str(rule.STATUS_LABELS[status])


@register.filter
def explanation(progress):
    return progress.explanation


@register.filter
def bar_value(percent):
    """A <progress> value clipped to 0..100 (the text beside it says the real figure)."""
    if percent is None:
        return 0
    return max(0, min(100, float(percent)))


@register.filter
def local(obj, field):
    return localized(obj, field)


@register.simple_tag
def bi(zh, en):
    """Text kept in both languages in Python (not in the catalogue)."""
    return pick(zh, en)


@register.filter
def continued(text):
    """A sentence that opens a line (As of 31 May …) carried on after a comma: as of 31 May."""
    text = str(text)
    return text[:1].lower() + text[1:] if text[:1].isascii() else text


@register.filter
def isotime(value):
    """A datetime for <time datetime>: local time to the second (HTML allows no microseconds)."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
