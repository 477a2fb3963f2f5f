"""What every public page's frame needs: language links, care mode, canonical URL, sample flag.

Everything is computed lazily, so admin pages (which also run context processors) pay nothing
and a public page pays one cheap query, for the sample-data banner, only when it renders.
"""

from functools import cached_property

from django.conf import settings
from django.utils.translation import get_language

from portal.middleware import CARE_PREFIX

CHINESE_MARKS = {"colon": "：", "lp": "（", "rp": "）", "comma": "，", "semi": "；", "stop": "。",
                 "sep": "、"}  # fmt: skip
ENGLISH_MARKS = {"colon": ": ", "lp": " (", "rp": ")", "comma": ", ", "semi": "; ", "stop": ". ",
                 "sep": ", "}  # fmt: skip


ICP_REGISTER = "https://beian.miit.gov.cn/"
PSB_SEARCH = "https://beian.mps.gov.cn/#/query/webSearch?code="

# View name -> main navigation item; pages not listed (disclosure, reporting, site map) mark none.
SECTIONS = {
    "home": "home",
    "projects:target_list": "target",
    "projects:target_detail": "target",
    "projects:project_list": "project",
    "projects:project_detail": "project",
    "projects:project_map": "project",
    "projects:project_sheet": "project",
    "projects:news_list": "news",
    "projects:news_detail": "news",
    "projects:data": "data",
    "about": "about",
}


def _split_language(path_info: str) -> str:
    """The path without its /en prefix: the Chinese page's path."""
    if path_info == "/en" or path_info.startswith("/en/"):
        return path_info[3:] or "/"
    return path_info


class PublicFrame:
    def __init__(self, request):
        self.request = request

    @cached_property
    def section(self) -> str:
        """Which main navigation item this page belongs to (for aria-current), "" for none.

        Named page by page: guessing from parts of the URL name marked the wrong item.
        """
        match = getattr(self.request, "resolver_match", None)
        return SECTIONS.get(match.view_name, "") if match else ""

    @cached_property
    def marks(self) -> dict:
        """The official site's marks for the footer, from settings; the unset ones are blank."""
        psb = settings.SITE_PSB
        return {
            "sponsor": settings.SITE_SPONSOR,
            "operator": settings.SITE_OPERATOR,
            "address": settings.SITE_ADDRESS,
            "phone": settings.SITE_PHONE,
            "gov_id": settings.SITE_GOV_ID,
            "icp": settings.SITE_ICP,
            "icp_url": ICP_REGISTER,
            "psb": psb,
            # The register finds a number by its digits alone (蒙公网安备 is not part of it).
            "psb_url": PSB_SEARCH + "".join(c for c in psb if c.isdigit()) if psb else "",
        }

    @cached_property
    def has_samples(self) -> bool:
        from projects.models import Project

        return Project.objects.samples().exists()

    @cached_property
    def is_english(self) -> bool:
        return (get_language() or "").startswith("en")

    def __getattr__(self, name):
        """frame.colon, frame.lp, ...: punctuation between translated phrases in templates.

        Chinese text uses full-width marks; English pages must not inherit them.
        """
        marks = ENGLISH_MARKS if self.is_english else CHINESE_MARKS
        if name in marks:
            return marks[name]
        raise AttributeError(name)

    @cached_property
    def html_lang(self) -> str:
        return "en" if self.is_english else "zh-Hans"

    @cached_property
    def care_mode(self) -> bool:
        return getattr(self.request, "care_mode", False)

    @cached_property
    def _base(self) -> str:
        return getattr(self.request, "base_prefix", "/").rstrip("/")

    @cached_property
    def _zh_path(self) -> str:
        return _split_language(self.request.path_info)

    @cached_property
    def _query(self) -> str:
        # Re-encoded from the parsed parameters: the raw QUERY_STRING may hold unescaped bytes.
        query = self.request.GET.urlencode()
        return f"?{query}" if query else ""

    def _url(self, *, english: bool, care: bool, query: bool = True) -> str:
        path = ("/en" + self._zh_path) if english else self._zh_path
        care_part = CARE_PREFIX if care else ""
        return f"{self._base}{care_part}{path}{self._query if query else ''}"

    @cached_property
    def zh_url(self) -> str:
        """The same page in Chinese, keeping care mode and the filters in the query string."""
        return self._url(english=False, care=self.care_mode)

    @cached_property
    def en_url(self) -> str:
        return self._url(english=True, care=self.care_mode)

    @cached_property
    def care_url(self) -> str:
        return self._url(english=self.is_english, care=True)

    @cached_property
    def standard_url(self) -> str:
        return self._url(english=self.is_english, care=False)

    @cached_property
    def canonical_url(self) -> str:
        """The one public address of this page: no care prefix, no query string."""
        return self.request.build_absolute_uri(
            self._url(english=self.is_english, care=False, query=False)
        )

    @cached_property
    def zh_absolute(self) -> str:
        return self.request.build_absolute_uri(self._url(english=False, care=False, query=False))

    @cached_property
    def en_absolute(self) -> str:
        return self.request.build_absolute_uri(self._url(english=True, care=False, query=False))


def public(request):
    return {"frame": PublicFrame(request)}
