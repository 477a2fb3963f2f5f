"""Disclosure items around National Day 2026 for the admin and to-do tests.

Today is Mon 19 Oct 2026. 1–7 Oct are holidays and Sat 10 Oct is worked, so a licence formed
Wed 30 Sep is due Thu 15 Oct (8, 9, 10, 12, 13, 14, 15) and is 2 working days late today
(Fri 16, Mon 19); one formed Wed 14 Oct is due Fri 23 Oct, 4 working days left (20–23), within
the next 5 working days (20, 21, 22, 23, 26 Oct). A filing formed 14 Oct has 20 working days:
due Wed 11 Nov, not listed.
"""

import datetime

from projects.models import DisclosureItem

d = datetime.date
TODAY = datetime.datetime(2026, 10, 19, 10, 0)


def permit(project, formed, number, **fields):
    values = {
        "project": project,
        "category": 2,
        "matter": "construction_permit",
        "number": number,
        "date": formed,
        "authority": "库伦旗住房和城乡建设局",
        "formed_on": formed,
    }
    values.update(fields)
    return DisclosureItem.objects.create(**values)


def filing(project, formed, number, **fields):
    return permit(project, formed, number, matter="filing", authority="库伦旗发展和改革委员会",
                  **fields)  # fmt: skip
