"""Why a page yields no article record."""


class NotAnArticle(Exception):
    """The page is not an article (a listing, a removed piece, an empty or garbled page).

    ``kind`` is a short machine-readable reason, stored with crawl failures: empty, binary, garbled,
    too_large, removed, listing, no_body, no_headline.
    """

    def __init__(self, message: str, kind: str = "not_article"):
        super().__init__(message)
        self.kind = kind
