"""Generated articles for the sample site, built from the sentences of the real seed texts.

Deterministic for a given seed number, so a test, the manifest and a benchmark all see the same site.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from itertools import product

from newscrawl.sample_site.seeds import SampleArticle
from newscrawl.sample_site.texts import NEW_TEXTS

PLACES = ("福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "大鹏新区",
          "前海", "河套", "深汕合作区", "西丽湖", "蛇口", "沙井", "观澜", "大梅沙", "华强北", "深圳湾")  # fmt: skip
ACTIONS = ("启动", "发布", "推进", "开展", "完成", "试点", "上线", "建成", "部署", "升级", "举办", "签约", "开放",
           "扩容", "提速")  # fmt: skip
TOPICS = ("城市更新项目", "社区健康服务", "低空经济示范", "智慧交通系统", "人才安居计划", "产业园区建设",
          "滨海绿道工程", "垃圾分类行动", "学位扩容计划", "公共文化设施", "营商环境改革", "养老服务网络",
          "数字治理平台", "新能源汽车推广", "跨境电商服务", "防汛应急演练", "老旧小区改造", "科技创新平台",
          "夜间经济街区", "青年创业基地", "全民健身设施", "食品安全检查", "公交线网优化", "口岸通关改革",
          "水环境治理", "供电保障工程", "托育服务体系", "义务教育优质均衡", "文体赛事活动", "基层党建工作")  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
GIVEN = ("晓东", "明铭", "慕冰", "思远", "雨桐", "嘉豪", "静怡", "子涵", "振华", "丽娜", "海涛", "婉容", "凤希",
         "志强", "雪松", "林夕", "绍俊", "一帆", "欣然", "宇航", "佳琪", "建国", "春燕", "文博", "梓萱")  # fmt: skip
NEWSROOMS = ("深圳特区报", "读特", "深圳商报", "晶报", "深圳晚报")
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]”?")


def _sentences(articles: list[SampleArticle]) -> list[str]:
    pool = []
    for article in articles:
        for paragraph in article.paragraphs:
            pool += [s.strip() for s in SENTENCE.findall(paragraph) if 12 <= len(s.strip()) <= 160]
    return pool


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def generate(
    count: int, seed: int, seeds: list[SampleArticle], first_id: int, anchor: datetime, days: int = 25
) -> list[SampleArticle]:
    """``count`` articles with ids from ``first_id``, published within ``days`` days before ``anchor``."""
    rng = random.Random(seed)
    pool = _sentences([*seeds, *NEW_TEXTS])
    headlines = [f"{p}{a}{t}" for p, a, t in product(PLACES, ACTIONS, TOPICS)]
    rng.shuffle(headlines)
    articles = []
    for index in range(count):
        article_id = first_id + index
        published = anchor - timedelta(minutes=rng.randrange(days * 24 * 60))
        reporters = [_name(rng) for _ in range(rng.choice((1, 1, 2)))]
        correspondents = [_name(rng)] if rng.random() < 0.3 else []
        byline = f"{rng.choice(NEWSROOMS)}记者 {' '.join(reporters)}"
        if correspondents:
            byline += f" 通讯员 {' '.join(correspondents)}"
        editors = [("编辑", _name(rng)), ("二审", _name(rng)), ("三审", _name(rng))]
        # The opening sentence carries the id's own date and place: no two bodies are the same.
        lead = f"{published.month}月{published.day}日，{headlines[index % len(headlines)][:2]}传来消息（第{article_id}号）。"
        paragraphs = [lead + rng.choice(pool)]
        paragraphs += ["".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(rng.randint(2, 7))]
        articles.append(
            SampleArticle(
                id=article_id,
                headline=headlines[index % len(headlines)],
                published=published.replace(second=0, microsecond=0),
                paragraphs=paragraphs,
                byline=byline,
                reporters=list(dict.fromkeys(reporters + correspondents)),
                editor_line=" ".join(f"{role} {name}" for role, name in editors),
                editors=editors,
            )
        )
    return articles


def edit(article: SampleArticle, rng: random.Random) -> SampleArticle:
    """The same article after a newsroom correction: one paragraph rewritten."""
    index = rng.randrange(len(article.paragraphs))
    paragraphs = list(article.paragraphs)
    paragraphs[index] = paragraphs[index] + "（本段内容已更正）"
    return article.edited(paragraphs=paragraphs)
