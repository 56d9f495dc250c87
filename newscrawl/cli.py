"""The newscrawl command line: a thin click layer over the library."""

from __future__ import annotations

import json
from pathlib import Path

import click

from newscrawl.extract import NotAnArticle, extract


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newscrawl")
def main() -> None:
    """Crawl, archive, search and export municipal news (读特 / dutenews.com)."""


@main.command("extract")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--url", help="The URL the page was fetched from (decides the site profile and the article id)."
)
@click.option("--content-type", help="The Content-Type header it was served with, if known (a charset hint).")
@click.option("--json", "as_json", is_flag=True, help="Print the article as one JSON object.")
def extract_command(file: Path, url: str | None, content_type: str | None, as_json: bool) -> None:
    """Extract the article from one saved page; no network, no database.

    Exits 1 with a message on stderr when the page is not an article.

    Example:

        newscrawl extract page.html --url https://www.dutenews.com/n/article/10668001 --json
    """
    try:
        page = file.read_bytes()
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror or error}") from None
    try:
        article = extract(page, url or file.resolve().as_uri(), content_type)
    except NotAnArticle as reason:
        raise click.ClickException(f"{file}: not an article: {reason}") from None
    if as_json:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(article.headline)
    for label, value in (
        ("published", article.published_at),
        ("reporters", "、".join(article.reporters)),
        ("editors", " ".join(f"{e.role} {e.name}" for e in article.editors)),
        ("source", article.source),
        ("hash", article.content_hash),
    ):
        if value:
            click.echo(f"{label}: {value}")
    click.echo()
    click.echo(article.body)
