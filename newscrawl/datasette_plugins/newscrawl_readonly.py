"""Datasette plugin (loaded by `newscrawl serve --plugins-dir`): the archive is served live but never written.

`newscrawl serve` opens the archive in Datasette's normal (mutable) mode, so that a crawl running meanwhile
shows: Datasette reads with ``mode=ro`` connections, and the archive is in WAL mode, so each query sees the
last committed transaction. Datasette's write connection (the one canned queries with ``write: true`` and the
write API would use) is not read-only; this plugin makes every connection to a database file refuse writes
in SQLite itself (``PRAGMA query_only``), whatever Datasette or another plugin asks of it.
"""

from datasette import hookimpl


@hookimpl
def prepare_connection(conn, database, datasette):
    db = datasette.databases.get(database)
    # Datasette's own in-memory databases (_internal, _memory) have no path and stay writable.
    if database != "_internal" and db is not None and db.path:
        conn.execute("PRAGMA query_only = ON")
