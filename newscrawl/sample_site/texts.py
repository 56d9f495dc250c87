"""New article texts beside the seeds: other byline and credit forms the site prints."""

from __future__ import annotations

from datetime import datetime

from newscrawl.sample_site.seeds import SampleArticle

NEW_TEXTS = (
    SampleArticle(
        id=10668100,
        headline="深圳湾公园新增5公里滨海步道 周末起对市民开放",
        published=datetime(2025, 3, 14, 18, 5),
        byline="读特记者 李晓 通讯员 王敏 张华",
        reporters=["李晓", "王敏", "张华"],
        paragraphs=[
            "14日，记者从市城管和综合执法局获悉，深圳湾公园新增的5公里滨海步道已完成建设，将于本周六起对市民开放。",
            "新步道西起深圳湾体育中心，东至红树林海滨生态公园，沿线设置观鸟平台3处、休憩驿站6座，并全线铺设透水材料。",
            "“我们在设计时尽量保留了原有的红树林和滩涂。”项目负责人介绍，步道在候鸟栖息区段采用架空栈桥形式，减少对鸟类的干扰。",
            "据悉，步道夜间照明采用低色温灯具，晚上10点后将自动调暗亮度。市民可通过“i深圳”查询各驿站的开放时间。",
            "下一步，深圳湾公园还将联通大沙河生态长廊，形成贯通山海的慢行系统。",
        ],
        captions={1: "新建成的滨海步道。读特记者 李晓 摄"},
        editor_line="编辑 陈思 二审 周宁 三审 黄磊",
        editors=[("编辑", "陈思"), ("二审", "周宁"), ("三审", "黄磊")],
        chrome=["推荐阅读", "读特热榜", "IN视频", "鹏友圈"],
    ),
    SampleArticle(
        id=10668101,
        headline="南山区开展“邻里节”活动 百余名居民共绘社区墙画",
        published=datetime(2025, 5, 2, 9, 30),
        byline="文/图 林晓东",
        reporters=["林晓东"],
        paragraphs=[
            "五一假期首日，南山区桃源街道举办第三届“邻里节”，百余名居民带着孩子来到社区广场，共同完成一幅长20米的墙画。",
            "墙画以“我们的街坊”为主题，画面里有早茶店、榕树下的棋局，也有骑着电单车送餐的小哥。",
            "社区工作人员表示，邻里节已连续举办三年，今年新增了旧物交换和亲子手工等环节，吸引了不少新搬来的住户参与。",
        ],
        captions={0: "居民在社区广场共绘墙画。"},
        editor_line="责任编辑：吴敏",
        editors=[("责任编辑", "吴敏")],
        chrome=["本文为深圳号作者原创，不代表读特立场", "鹏友圈"],
        channel="深圳号",
    ),
)
