"""The time-gone clock: a dial whose shaded sector is the share of the period gone.

Drawn as a clock face rather than a bar, so it is never read as progress made.
"""

import math

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from projects.services.progress import fmt

register = template.Library()

CENTRE, RADIUS = 10, 9


def _point(share: float, radius: float = RADIUS) -> str:
    angle = share * 2 * math.pi
    return f"{CENTRE + radius * math.sin(angle):.2f} {CENTRE - radius * math.cos(angle):.2f}"


@register.filter
def clock_hand(percent) -> str:
    """The SVG path of the hand pointing at *percent* (0..100) of the way round the dial."""
    share = 0.0 if percent is None else max(0.0, min(1.0, float(percent) / 100))
    return f"M{CENTRE} {CENTRE} L{_point(share, RADIUS * 0.75)}"


@register.filter
def clock_sector(percent) -> str:
    """The SVG path of the shaded sector for *percent* (0..100), clockwise from twelve."""
    if percent is None:
        return ""
    share = max(0.0, min(1.0, float(percent) / 100))
    top = f"M{CENTRE} {CENTRE - RADIUS}"
    if share <= 0:
        return ""
    if share >= 1:  # one arc cannot close a whole circle: two halves
        bottom = f"{CENTRE} {CENTRE + RADIUS}"
        return f"{top} A{RADIUS} {RADIUS} 0 1 1 {bottom} A{RADIUS} {RADIUS} 0 1 1 {top[1:]} Z"
    large = 1 if share > 0.5 else 0
    return f"M{CENTRE} {CENTRE} L{top[1:]} A{RADIUS} {RADIUS} 0 {large} 1 {_point(share)} Z"


@register.simple_tag
def time_clock(percent):
    """The clock face and its words, 「时间已过 91.5%」: a tag rather than an include, since
    every target row on the dashboard draws one."""
    sector = clock_sector(percent)
    words = gettext("时间已过 %(percent)s%%") % {"percent": fmt(percent)}
    return format_html(
        '<span class="clock"><svg class="clock-face" viewBox="0 0 20 20" width="20" height="20"'
        ' aria-hidden="true" focusable="false"><circle class="clock-rim" cx="10" cy="10" r="9"/>'
        '{}<line class="clock-tick" x1="10" y1="1" x2="10" y2="4"/>'
        '<path class="clock-hand" d="{}"/><circle class="clock-pin" cx="10" cy="10" r="1.5"/>'
        '</svg><span class="clock-text">{}</span></span>',
        format_html('<path class="clock-gone" d="{}"/>', sector) if sector else "",
        clock_hand(percent),
        words,
    )
