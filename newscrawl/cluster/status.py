"""What a cluster is doing, as `newscrawl stats --redis URL` shows it: per site, its run, the queue's depth,
the requests leased, the workers and their counts; the item stream's length and what the writer holds."""

from __future__ import annotations

import json

import redis

from newscrawl.cluster.link import PREFIXES, STREAM, WRITERS, Keys


def cluster_status(server: redis.Redis) -> dict:
    sites = []
    for prefix in sorted(p.decode() for p in server.smembers(PREFIXES)):
        keys = Keys(prefix)
        run = server.get(keys.run)
        workers = {
            name.decode(): json.loads(state) for name, state in sorted(server.hgetall(keys.workers).items())
        }
        sites.append({
            "site": prefix.split(":", 2)[2],
            "spider": prefix.split(":", 2)[1],
            "run": int(run) if run else None,
            "last_ended": int(server.get(keys.ended) or 0),
            "queued": server.zcard(keys.requests),
            "leased": server.zcard(f"{keys.requests}:leases"),
            "workers": workers,
        })  # fmt: skip
    stream = {"length": server.xlen(STREAM), "pending": 0}
    try:
        stream["pending"] = server.xpending(STREAM, WRITERS)["pending"]
    except redis.ResponseError:
        pass  # no writer has read the stream yet
    return {"sites": sites, "stream": stream}


def format_status(status: dict) -> list[str]:
    lines = []
    for site in status["sites"]:
        run = (
            f"run {site['run']} in progress"
            if site["run"]
            else f"no run in progress (last: {site['last_ended']})"
        )
        lines.append(f"cluster {site['site']}: {run}; queue {site['queued']}, leased {site['leased']}")
        for name, worker in site["workers"].items():
            counts = "  ".join(
                f"{k} {worker.get(k, 0)}" for k in ("fetched", "responses", "items", "taken_back")
            )
            lines.append(f"  worker {name:<24} run {worker.get('run')}  {worker.get('state', '?'):<6}  "
                         f"holds {worker.get('held', 0):<3} {counts}")  # fmt: skip
    stream = status["stream"]
    lines.append(f"item stream: {stream['length']} items waiting, {stream['pending']} read by the writer "
                 f"and not yet committed")  # fmt: skip
    return lines
