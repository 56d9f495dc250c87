from newscrawl.record import Article, Editor, content_hash, normalise_body


def test_content_hash_is_16_hex_of_sha256_over_nfkc_collapsed_body():
    import hashlib

    body = "第一段，全角ＡＢＣ。\n\n第二段  有空格\u3000和全角空格"
    expected = hashlib.sha256("第一段,全角ABC。 第二段 有空格 和全角空格".encode()).hexdigest()[:16]
    assert normalise_body(body) == "第一段,全角ABC。 第二段 有空格 和全角空格"
    assert content_hash(body) == expected
    assert len(expected) == 16 and expected == expected.lower()


def test_whitespace_and_width_differences_do_not_change_the_hash():
    assert content_hash("深圳 新闻\n第二段") == content_hash("深圳  新闻 \n\n 第二段 ")
    assert content_hash("ＡＢＣ１２３") == content_hash("ABC123")
    assert content_hash("深圳新闻") != content_hash("深圳新闻。")


def test_json_form_has_every_contract_field_in_order_and_round_trips():
    article = Article(
        url="https://www.dutenews.com/n/article/1",
        headline="标题",
        body="正文。",
        editors=[Editor("编辑", "姚静霞")],
        extracted_by={"headline": "heading"},
    )
    data = article.to_dict()
    assert list(data)[:13] == [
        "url", "article_id", "headline", "published_at", "reporters", "editors", "body", "content_hash",
        "original_title", "editor_note", "source", "account", "extracted_by",
    ]  # fmt: skip
    assert data["editors"] == [{"role": "编辑", "name": "姚静霞"}]
    assert data["content_hash"] == content_hash("正文。")
    assert Article.from_dict(data) == article
