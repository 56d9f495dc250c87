"""Site profiles: what we know of one site, as data. A second city's site is one more ``SiteProfile``.

Nobody here knows the live markup of dutenews.com, so its profile holds what the site's own texts show:
its URL forms, the suffixes its page titles carry, the newsrooms that sign its bylines, the printed form
of its date line, and the chrome labels of its app (读特热榜, IN视频, 鹏友圈 …). No CSS class is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SiteProfile:
    name: str
    hosts: tuple[str, ...]
    # URL path → (article id, channel or None). Every form of one id is one article.
    article_paths: tuple[tuple[re.Pattern, str | None], ...]
    canonical: str  # format string with {id}
    # The mobile forms of the same pages, the same site: a host label before the domain ("m" for
    # m.dutenews.com) and path prefixes ("/m" for /m/n/article/{id}), served at any host of the site.
    mobile_host_label: str | None = None
    mobile_path_prefixes: tuple[str, ...] = ()
    title_suffixes: tuple[str, ...] = ()
    # Newsrooms whose "<org>记者 <names>" bylines the site prints.
    newsrooms: tuple[str, ...] = ()
    # The date under the byline, in the form the site prints it.
    date_line: re.Pattern | None = None
    stop_labels: tuple[str, ...] = ()
    drop_patterns: tuple[re.Pattern, ...] = field(default_factory=tuple)

    @property
    def layer(self) -> str:
        return f"profile:{self.name}"

    def matches(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def article_id(self, url: str) -> tuple[str, str | None] | None:
        """(id, channel) for an article URL of this site, None for any other URL."""
        if not self.matches(url):
            return None
        return self.article_id_of_path(urlsplit(url).path)

    def article_id_of_path(self, path: str) -> tuple[str, str | None] | None:
        """(id, channel) for an article path of this site, whatever host serves it (a mirror, a test site),
        with or without one of its mobile path prefixes."""
        for prefix in self.mobile_path_prefixes:
            if path.startswith(prefix + "/"):
                path = path[len(prefix) :]
                break
        for pattern, channel in self.article_paths:
            match = pattern.fullmatch(path)
            if match:
                return match.group(1), channel
        return None

    def mobile_host(self, host: str) -> str | None:
        """The mobile host of a site host (www.dutenews.com, dutenews.com → m.dutenews.com); None for an IP
        address, a single-label host such as localhost, or a profile without a mobile host."""
        label = self.mobile_host_label
        if not label or "." not in host or host.replace(".", "").isdigit() or ":" in host:
            return None
        bare = host[4:] if host.startswith("www.") else host
        return host if bare.startswith(label + ".") else f"{label}.{bare}"

    def canonical_url(self, url: str) -> str | None:
        found = self.article_id(url)
        return self.canonical.format(id=found[0]) if found else None

    def strip_title(self, title: str) -> str | None:
        """The title without the site's suffix, or None when the title carries none of them."""
        for suffix in self.title_suffixes:
            for sep in ("-", "_", "|", "｜", "—", " "):
                tail = f"{sep}{suffix}"
                if title.rstrip().endswith(tail):
                    return title.rstrip()[: -len(tail)].strip(" -_|｜—") or None
        return None

    def byline_org(self, line: str) -> bool:
        return any(org in line for org in self.newsrooms)


DUTENEWS = SiteProfile(
    name="dutenews",
    hosts=("dutenews.com",),
    article_paths=(
        (re.compile(r"/n/article/(\d+)/?"), None),
        (re.compile(r"/n/ctmedia/(\d+)/?"), "深圳号"),
        (re.compile(r"/p/(\d+)\.html"), None),
    ),
    canonical="https://www.dutenews.com/n/article/{id}",
    mobile_host_label="m",
    mobile_path_prefixes=("/m",),
    title_suffixes=("读特新闻", "读特客户端", "读特", "深圳新闻网", "深圳特区报"),
    newsrooms=(
        "深圳特区报",
        "特区报",
        "读特",
        "深圳商报",
        "晶报",
        "深圳晚报",
        "深圳新闻网",
        "深圳广电",
        "壹深圳",
        "香港商报",
        "深圳报业集团",
    ),  # fmt: skip
    date_line=re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?![\d:])"),
    stop_labels=("读特热榜", "IN视频", "鹏友圈", "读特号", "下载读特"),
    drop_patterns=(
        re.compile(r"#[^#\s]{2,20}#"),  # app promo blurbs: "带话题#读特小记者#…"
        re.compile(r"^【本期话题】|^本文为深圳号作者|不代表读特立场"),
    ),
)

PROFILES: tuple[SiteProfile, ...] = (DUTENEWS,)


def profile_for(url: str) -> SiteProfile | None:
    return next((p for p in PROFILES if p.matches(url)), None)


def profile_named(name: str | None) -> SiteProfile | None:
    """The profile of this name; None for None, KeyError for a name no profile has."""
    if name is None:
        return None
    for profile in PROFILES:
        if profile.name == name:
            return profile
    raise KeyError(f"no site profile named {name!r}; known: {', '.join(p.name for p in PROFILES)}")


def site_key(url: str | None) -> str | None:
    """The site a URL belongs to, as the archive knows it: half of an article's identity (site, id). The
    profile's host for a site it knows (www.dutenews.com, m.dutenews.com and dutenews.com are dutenews.com),
    else host:port as given, without the scheme; None for what is no URL with a host."""
    try:
        parts = urlsplit((url or "").strip())
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if not host:
        return None
    for profile in PROFILES:
        if profile.matches(f"//{host}"):
            return next(h for h in profile.hosts if host == h or host.endswith("." + h))
    return f"[{host}]:{port}" if ":" in host and port else f"{host}:{port}" if port else host
