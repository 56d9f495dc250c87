"""Every Scrapy and NEWSCRAWL_* setting of the project, with its default, in one place.

Override any of them per run with ``scrapy crawl dutenews -s NAME=VALUE``.
"""

import os

from newscrawl.extract.decode import MAX_PAGE_BYTES

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# Our `crawl` command: the archive lock, and a non-zero exit when the archive could not be written.
COMMANDS_MODULE = "newscrawl.commands"

# --- politeness -------------------------------------------------------------------------------------
# Who we are, so that the site's operators can tell our requests apart and reach us.
USER_AGENT = "newscrawl/0.1 (municipal news archiver; honours robots.txt)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Our pipelines are synchronous and a response yields one item: Scrapy's default of 100 parallel item
# slots only costs it 100 asyncio tasks per response (a third of the crawl's CPU in the crawl bench).
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 0.5
# AutoThrottle adapts the delay to the server's latency; robots.txt's Crawl-delay is a floor under it
# (newscrawl.politeness.RobotsCrawlDelay), capped at NEWSCRAWL_MAX_CRAWL_DELAY seconds.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
NEWSCRAWL_MAX_CRAWL_DELAY = 30.0

# --- failures ---------------------------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
# Pages past the extractor's limit are refused while downloading, not after.
DOWNLOAD_MAXSIZE = MAX_PAGE_BYTES
DOWNLOAD_WARNSIZE = MAX_PAGE_BYTES // 4
REDIRECT_MAX_TIMES = 5
DOWNLOAD_FAIL_ON_DATALOSS = True

# --- the pipeline --------------------------------------------------------------------------------------
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.dedupe.DedupePipeline": 200,
    "pipelines.store.StorePipeline": 300,
}
EXTENSIONS = {
    "newscrawl.politeness.RobotsCrawlDelay": 500,
}
# WARC capture (newscrawl.warc) sits nearer the network than every middleware that changes a response
# (HttpCompressionMiddleware 590, redirects 600, retries 550): it records what the server sent. It is off
# unless NEWSCRAWL_WARC_DIR is set.
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.warc.WarcCapture": 950,
}

# --- the archive and the crawl policy --------------------------------------------------------------------
# The SQLite archive; the environment variable of the same name works too.
NEWSCRAWL_DB = os.environ.get("NEWSCRAWL_DB", "data/dutenews.db")
# The site to crawl; `-a site=URL` overrides it per run.
NEWSCRAWL_SITE = "https://www.dutenews.com"
# What the archive calls the site: half of an article's identity (site, id). Default: the site's host as
# its profile names it (dutenews.com for www., m. and bare), else host:port. Set it for a site that moved
# host, or a copy of a site served at another address, so that its articles stay the ones archived.
NEWSCRAWL_SITE_KEY = None
# An archive keeps one site: a crawl of another site into an archive that holds crawls of a site is refused
# before it starts (a wrong path far more often than a wish). 1 crawls it in anyway; the two sites'
# articles stay apart, whatever their ids.
NEWSCRAWL_OTHER_SITE = False
# Conditional requests a run may spend on articles already archived (newscrawl.revisit: sitemap lastmod
# first, then never revalidated, then recent ones on a decaying schedule, then the least recently checked).
# With an hourly cron, 500 a run revisits 10,000 articles in about a day (README.md, "Revisits").
NEWSCRAWL_REVISIT_BUDGET = 500
# Writes are grouped into transactions of this many items, or of this many seconds, whichever comes first.
NEWSCRAWL_BATCH_SIZE = 50
NEWSCRAWL_BATCH_SECONDS = 2.0
# The search index a new archive gets: "tantivy" (beside the file, <archive>.tantivy/: ranked top-k in
# milliseconds at a million articles) or "fts5" (inside the file; its cost grows with the matches). An
# existing archive keeps its own; `newscrawl reindex --engine` switches (README.md, "Search").
NEWSCRAWL_SEARCH_ENGINE = os.environ.get("NEWSCRAWL_SEARCH_ENGINE", "tantivy")
# A cap on the archive's size in SQLite pages (0: none); past it the crawl stops as on a full disk.
NEWSCRAWL_DB_MAX_PAGES = 0
# A directory for WARC captures of every response the crawl receives (newscrawl.warc; README.md, "Web
# archive"): newscrawl-{run}-{n}.warc.gz, the next file begun past NEWSCRAWL_WARC_MAX_BYTES. None: no capture.
NEWSCRAWL_WARC_DIR = None
NEWSCRAWL_WARC_MAX_BYTES = 1_000_000_000

# --- a cluster of workers (newscrawl.cluster; README.md, "Several machines") ------------------------------
# Run as one worker of a cluster sharing its frontier in this Redis (redis://host:6379/0): scrapy-redis's
# scheduler and dupefilter, items to a Redis stream that `newscrawl store` writes into the archive. The
# add-on below does nothing when it is None.
NEWSCRAWL_REDIS_URL = None
ADDONS = {"newscrawl.cluster.addon.ClusterAddon": 0}
# A request a worker took stays its own while the worker renews it (every third of this); a worker silent
# for longer (killed, its machine gone, cut off from Redis) loses it to the next worker that asks for work.
NEWSCRAWL_LEASE_SECONDS = 60.0
# Items waiting in the stream for the writer past which workers wait too (their raw pages are in Redis).
NEWSCRAWL_STREAM_MAX = 5000
# How long a worker starting a run waits for the writer to publish the previous run (known ids, validators).
NEWSCRAWL_WRITER_WAIT = 60.0
# The least delay between two requests to a domain from the whole cluster; None: DOWNLOAD_DELAY, which a
# worker's own download slots then keep at 0 (robots.txt's Crawl-delay and AutoThrottle raise it).
NEWSCRAWL_SLOT_DELAY = None

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# --- no listening sockets ---------------------------------------------------------------------------------
# A crawl is a client: it must not open a port. Scrapy 2.19 starts two servers in every crawl by default:
# the telnet console (a Python shell on 127.0.0.1:6023-6073) and the remote control (an HTTP endpoint on a
# random 127.0.0.1 port that runs any Python code POSTed to it, its token written to a job file in the
# user's profile). Any local user or process that gets in controls the crawler, so both are off, and
# removed from the extensions so that no `-s …_ENABLED=1` brings them back. FTP (downloads, feeds) stays
# in passive mode: active mode listens for the server's data connection. tests/test_no_listening_socket.py
# checks that a real crawl never listens on any port.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS |= {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
}
FTP_PASSIVE_MODE = True
FEED_STORAGE_FTP_ACTIVE = False
