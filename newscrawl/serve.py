"""`newscrawl serve`: Datasette on the archive, read-only, with Chinese search configured.

Datasette opens the file in its normal (mutable) mode, not immutable (``-i``): an immutable reader assumes
the file never changes, so while a crawl writes it, it answers stale counts and "database disk image is
malformed". Mutable, Datasette reads through ``mode=ro`` connections; the archive is in WAL mode, so every
query sees the last transaction a crawl committed, and a crawl that runs meanwhile shows as it goes. Nothing
is written: there is no write permission and no writable canned query, and the plugin
``datasette_plugins/newscrawl_readonly.py`` sets ``PRAGMA query_only`` on every connection to the archive.

The pages are for reading the archive (``templates/`` and the other plugins): an article's row page reads like
the article, with its URLs, its versions, what changed between them and the pages they were extracted from
(served sandboxed at ``/<db>/-/archived/<version id>``); the canned queries ``search`` and ``changed`` list
articles linked to their pages; table cells show names, not JSON; every page is ``lang="zh-CN"``.
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

from newscrawl.archive import FTS, Archive

PLUGINS = Path(__file__).parent / "datasette_plugins"
# The article page (row.html), the canned queries' result lists (query.html) and their style.
TEMPLATES = Path(__file__).parent / "templates"

# The search of `newscrawl search`, whichever the archive's engine (newscrawl_search in the plugin
# datasette_plugins/newscrawl_search.py): its best 1000 in its order, Datasette's most rows a page shows.
# A blank query finds nothing rather than failing. The snippet is plain text; the page marks every hit in it.
SEARCH_SQL = """with hits as materialized (select key, value from json_each(newscrawl_search(:q, 1000)))
select a.seq, a.article_id, a.published_at, a.headline,
  newscrawl_snippet(a.headline, a.body, :q) as snippet, a.reporters, a.url
from hits join articles a on a.seq = json_extract(hits.value, '$[0]')
order by hits.key"""

CHANGED_SQL = """select seq, headline, published_at, reporters, versions, updated_at
from articles where versions > 1
order by updated_at desc, seq desc"""

SEARCH_HELP = (
    "Chinese words of any length, one character up, find every article that contains them. Words separated "
    'by spaces must all match; "a phrase" keeps its words in order; 福田 OR 南山 finds either; -word excludes. '
    "The same language as `newscrawl search`, with the same results."
)


def metadata(db_path: Path) -> dict:
    name = db_path.stem
    archive = Archive(db_path, readonly=True)
    engine = archive.engine
    archive.close()
    # FTS5's table search goes through Datasette's own search filter; tantivy's through the plugin's.
    search_box = {"fts_table": FTS, "fts_pk": "seq"} if engine == "fts5" else {}
    return {
        "title": "newscrawl archive",
        "description": f"Municipal news archived by newscrawl from 读特 (dutenews.com): {db_path.name}. {SEARCH_HELP}",
        "databases": {
            name: {
                "tables": {
                    "articles": {
                        "description": "One row per article, with the fields of its latest version; its seq "
                        "(the corpus number NNN) opens the article, its versions and what changed. The search box "
                        "takes the query language of `newscrawl search`.",
                        **search_box,
                        "label_column": "headline",
                        "sort_desc": "published_at",
                        "facets": [
                            "published_date",
                            {"array": "reporters"},
                            {"array": "editor_names"},
                            "channel",
                        ],
                    },
                    # The raw pages are blobs of compressed HTML: the table stays reachable, the view shows it.
                    "versions": {"hidden": True},
                    "version_list": {
                        "description": "Every stored version of every article (without the raw page)."
                    },
                    "failures": {"sort_desc": "id", "facets": ["kind", "crawl_run"]},
                    "crawl_runs": {"sort_desc": "id"},
                },
                "queries": {
                    "search": {
                        "title": "Search the articles",
                        "description": SEARCH_HELP + " Ranked by relevance (bm25), newer first among equals.",
                        "sql": SEARCH_SQL,
                        "hide_sql": True,
                    },
                    "changed": {
                        "title": "Recently changed articles",
                        "description": "Articles the site edited after we first archived them, the latest "
                        "change first. Each article's page shows its versions and what changed between them.",
                        "sql": CHANGED_SQL,
                        "hide_sql": True,
                    },
                },
            }
        },
    }


def command(db_path: Path, metadata_path: Path, port: int, host: str = "127.0.0.1") -> list[str]:
    return [
        sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(metadata_path),
        "--plugins-dir", str(PLUGINS), "--template-dir", str(TEMPLATES), "--host", host, "--port", str(port),
        "--setting", "truncate_cells_html", "300", "--setting", "default_facet_size", "15",
        "--setting", "sql_time_limit_ms", "3000",
        # The archive changes under a crawl: a browser asks again rather than showing a cached page.
        "--setting", "default_cache_ttl", "0",
    ]  # fmt: skip


def cannot_listen(port: int, host: str = "127.0.0.1") -> str | None:
    """Why Datasette could not listen on ``host:port`` (a port another program holds), or None: asked before
    it starts, so that a busy port is one line and exit 1, not Datasette's log and its own status."""
    if port == 0:
        return None
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a server that just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.strerror or str(error)
    return None


def write_metadata(db_path: Path, directory: Path) -> Path:
    path = directory / "metadata.json"
    path.write_text(json.dumps(metadata(db_path), ensure_ascii=False, indent=2), encoding="utf-8")
    return path
