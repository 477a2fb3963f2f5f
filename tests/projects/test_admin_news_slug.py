"""A clerk adding news leaves the address empty: one is made from the date, never a form error."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from projects.models import News

pytestmark = pytest.mark.django_db


def add_news(client, title, slug="", day="2026-11-30"):
    return client.post(
        reverse("admin:projects_news_add"),
        {
            "title": title,
            "slug": slug,
            "published_at_0": day,
            "published_at_1": "09:00:00",
            "body": "正文",
        },
    )


def test_an_empty_slug_is_made_from_the_date_and_shown(client, editor):
    client.force_login(editor)
    response = add_news(client, "全旗重点项目集中开工")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert News.objects.get().slug == "2026-11-30-1"
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("2026-11-30-1" in m and "/news/2026-11-30-1/" in m for m in shown)


def test_made_slugs_count_up_past_those_taken(client, editor):
    News.objects.create(slug="2026-11-30-1", title="旧", body="正文")
    News.objects.create(slug="2026-11-30-3", title="旧", body="正文")
    client.force_login(editor)
    add_news(client, "第二条")
    add_news(client, "第三条")
    add_news(client, "次日", day="2026-12-01")
    slugs = dict(News.objects.values_list("title", "slug"))
    assert (slugs["第二条"], slugs["第三条"]) == ("2026-11-30-2", "2026-11-30-4")
    assert slugs["次日"] == "2026-12-01-1"


def test_a_slug_typed_by_staff_is_kept(client, editor):
    client.force_login(editor)
    add_news(client, "春季开工", slug="2026-spring-projects")
    assert News.objects.get().slug == "2026-spring-projects"


def test_a_saved_slug_stays_when_the_news_is_edited(client, editor):
    item = News.objects.create(slug="2026-11-30-1", title="旧", body="正文")
    client.force_login(editor)
    url = reverse("admin:projects_news_change", args=[item.pk])
    response = client.post(
        url,
        {
            "title": "新",
            "slug": "2026-11-30-1",
            "published_at_0": "2026-11-30",
            "published_at_1": "09:00:00",
            "body": "正文",
        },
    )
    assert response.status_code == 302
    assert News.objects.get().slug == "2026-11-30-1"
