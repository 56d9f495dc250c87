"""Every article of a generated site extracts to the content the site printed, in its template and on m."""

from newscrawl.extract import extract
from newscrawl.extract.profiles import DUTENEWS
from newscrawl.record import content_hash
from newscrawl.sample_site.site import SampleSite
from newscrawl.sample_site.templates import TEMPLATES


def test_generated_articles_extract_to_their_printed_body_in_every_form():
    site = SampleSite(articles=240, seed=5)
    checked = 0
    for article_id, entry in site.entries.items():
        if entry.kind != "article":
            continue
        for template in {entry.template, "mobile"}:
            page = TEMPLATES[template](entry.article)
            article = extract(page, f"http://127.0.0.1:1/n/article/{article_id}", profile=DUTENEWS)
            assert article.content_hash == content_hash(entry.article.body), (article_id, template)
            assert article.headline == entry.article.headline
            assert article.reporters == entry.article.reporters
            checked += 1
    assert checked > 400
