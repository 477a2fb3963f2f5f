"""The plan article itself as the portal's first news item: a reprint, marked as one.

The article (``projects/plan_2026_article.txt``, as published: Traditional characters glossed
with pinyin) names its authors and nothing else: no outlet, no date. So the item says who wrote
it and that the outlet and date are not given, and its publishing time is the portal's own (when
the loader first created it). The body is ``plan_2026_article_simplified.txt``: the same text in
Simplified characters without the glosses, paragraph for paragraph, which
``tests/projects/test_plan_news.py`` checks against the article.
"""

from pathlib import Path

from projects.models import News

SLUG = "2026-plan-article"
ARTICLE = Path(__file__).resolve().parents[1] / "plan_2026_article.txt"
SIMPLIFIED = ARTICLE.with_name("plan_2026_article_simplified.txt")
# The article's own byline, "(張博 李旭明)", and what it leaves out.
AUTHORS = "张博、李旭明"
SOURCE = "新闻报道全文转载（原文未载明刊发媒体和日期）"
SIC = "〔原文如此〕"  # after the one place where the published text itself is garbled
TITLE = "转载：库伦旗贯彻落实通辽市委全会和经济工作会议精神 部署2026年工作（报道全文）"
TITLE_EN = (
    "Reprint: Kulun Banner sets out its work for 2026 after the Tongliao party plenum and "
    "economic work conference (full text of the news report, in Chinese)"
)
SUMMARY = (
    "张博、李旭明撰写的新闻报道全文：库伦旗从扩大投资、产业升级、民生改善三方面部署2026年"
    "工作。本站的领域、指标和计划项目都出自这篇报道。"
)
SUMMARY_EN = (
    "The full Chinese text of the news report by Zhang Bo and Li Xuming on how Kulun Banner "
    "plans its work for 2026: expanding investment, upgrading industry and improving "
    "livelihoods. The portal's sectors, targets and planned projects are taken from it. The "
    "report is available in Chinese only."
)
INTRO = (
    f"以下是一篇已发表的新闻报道的全文（转载），作者{AUTHORS}；原文未载明刊发媒体和日期，"
    "本站发布时间不是原文的发表日期。原文用繁体字并附拼音注音，这里改为简体字、略去注音，"
    f"文字和标点照录未改；{SIC[0]}{SIC[-1]}内是本站所加的注。"
)


def article_paragraphs() -> list[str]:
    text = SIMPLIFIED.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def body() -> str:
    """The intro line, then the article as a block quote, one quoted paragraph per paragraph."""
    quoted = "\n>\n".join(f"> {p}" for p in article_paragraphs())
    return f"{INTRO}\n\n{quoted}\n"


def values() -> dict:
    return {
        "title": TITLE,
        "title_en": TITLE_EN,
        "summary": SUMMARY,
        "summary_en": SUMMARY_EN,
        "body": body(),
        "source": SOURCE,
        "authors": AUTHORS,
    }


def news_key() -> dict:
    return {"slug": SLUG}


def label() -> str:
    return f"新闻 {TITLE}"


def link(item: News, sectors: dict, targets: dict) -> None:
    """What the article covers: the three top-level sectors and every target taken from it."""
    item.sectors.set([s for s in sectors.values() if s is not None and s.parent_id is None])
    item.targets.set([t for t in targets.values() if t is not None])
