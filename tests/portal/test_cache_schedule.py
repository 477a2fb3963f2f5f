"""News published ahead of time appears on every cached page once its moment passes."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from projects.models import News

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("url", ["/", "/news/", "/news/feed/", "/en/news/"])
def test_scheduled_news_shows_when_its_time_comes(client, url):
    with time_machine.travel(NOON, tick=False) as clock:
        News.objects.create(
            slug="spring-start",
            title="重点项目集中开工",
            title_en="Key projects start together",
            body="正文",
            is_published=True,
            published_at=timezone.now() + datetime.timedelta(minutes=5, milliseconds=300),
        )
        before = client.get(url)
        assert client.get(url)["X-Cache"] == "hit"
        assert "spring-start" not in before.content.decode()

        clock.shift(datetime.timedelta(minutes=5))  # 0.3 s before the moment: still hidden
        assert "spring-start" not in client.get(url).content.decode()

        clock.shift(datetime.timedelta(seconds=1))
        after = client.get(url)
        assert after["X-Cache"] == "miss"
        assert "spring-start" in after.content.decode()
