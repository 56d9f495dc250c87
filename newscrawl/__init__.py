"""newscrawl: a crawler and archiver for municipal news."""
