"""Synthetic Chinese rule-of-law documents (title, unit, year, kind, body HTML) for search measurements.

Text: about a quarter of each body is report sentences about the domain (人民调解,
多元化解, 法律明白人, 一村一法律顾问, 行政执法 …; each document covers a random subset, so
terms occur in some documents and not others, a few times each), the rest is filler
sentences drawn from jieba's word list by word frequency, which gives the index a realistic
vocabulary and term distribution (a corpus of a few repeated sentences would make every
posting list, and so every query, far larger than real reports do).

bench/search_bench.py renders them with the real templates and indexes them with
gongkai.search. Each has a ~15,000-character body; there are 40 towns with
look-alike names (上坪镇 / 松坪镇 / 下坪镇 …), villages that
share a town's name (上坪村 in another town), county departments whose reports mention
every town, years 2019–2025 and three kinds. Deterministic for a given seed.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from functools import cache

TOWN_STEMS = (
    "上坪 松坪 下坪 河湾 北岭 南岭 东岭 西岭 石门 青山 白沙 黄泥 龙潭 凤凰 桃源 杨柳 "
    "新田 马鞍 大塘 小塘 高桥 平安 长乐 永和 金竹 银杏 清水 红岩 双河 三江 梅花 柏林 "
    "云台 花溪 樟树 荷塘 碧水 丰收 太平 古城"
).split()
TOWNS = [s + ("乡" if i % 5 == 4 else "镇") for i, s in enumerate(TOWN_STEMS)]
DEPARTMENTS = ["县司法局", "县人民政府", "县公安局", "县市场监督管理局", "县自然资源局", "县生态环境局"]
YEARS = list(range(2019, 2026))
KINDS = {"annual-report": "年度报告", "announcement": "公告通知", "interpretation": "政策解读"}

SENTENCES = [
    "{unit}坚持以习近平法治思想为指导，全面贯彻落实法治政府建设实施纲要。",
    "全年召开党委会专题研究法治建设工作{n}次，及时解决法治建设中的重大问题。",
    "健全重大行政决策程序，对{n}项重大行政决策事项开展合法性审查和风险评估。",
    "推行“一村一法律顾问”制度，{n}个村（社区）均聘请了法律顾问，实现全覆盖。",
    "发展壮大人民调解员队伍，全年受理各类矛盾纠纷{n}件，调解成功率达到{p}%。",
    "坚持和发展新时代“枫桥经验”，推进矛盾纠纷多元化解，把矛盾化解在基层。",
    "深入实施“法律明白人”培养工程，培训法律明白人{n}名，覆盖所有行政村。",
    "严格规范公正文明执法，全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。",
    "开展行政执法案卷评查，抽查案卷{n}卷，发现问题{m}个，已全部整改到位。",
    "加强行政复议和行政应诉工作，行政机关负责人出庭应诉率达到100%。",
    "依法全面履行政府职能，深化“放管服”改革，优化营商环境。",
    "完善权责清单制度，公布权责事项{n}项，实行动态调整。",
    "推进政务公开标准化规范化，主动公开政府信息{n}条，依申请公开办结率100%。",
    "组织开展“八五”普法宣传，举办法治讲座{n}场，发放宣传资料{m}份。",
    "在与{other}的交界地带开展联合调解，妥善处理山林土地权属纠纷{n}起。",
    "{village}村民委员会修订完善村规民约，将法治要求融入村民自治。",
    "落实领导干部学法制度，全年组织集体学法{n}次，旁听庭审{m}次。",
    "加强法治宣传阵地建设，建成法治文化广场{n}个、法治宣传长廊{m}处。",
    "开展安全生产、食品药品、生态环境等重点领域执法检查{n}次。",
    "完善公共法律服务体系，{unit}公共法律服务工作站全年接待群众咨询{n}人次。",
    "推进信访工作法治化，依法分类处理信访诉求{n}件，及时就地解决群众合理诉求。",
    "存在的主要问题是部分干部依法行政意识不强，运用法治思维和法治方式解决问题的能力有待提高。",
    "下一步，{unit}将继续深化法治政府建设，为经济社会高质量发展提供有力法治保障。",
    "行政规范性文件全部经过合法性审核，备案审查率达到100%。",
    "强化对行政权力的制约和监督，自觉接受人大监督、民主监督、司法监督和社会监督。",
    "组织开展“民法典进农村”活动{n}场次，引导群众自觉尊法学法守法用法。",
    "建立健全突发事件应对机制，依法妥善处置突发事件{n}起。",
    "严格落实党政主要负责人履行推进法治建设第一责任人职责，年底述法。",
    "聘请专业律师担任政府法律顾问，审查合同{n}份，提出法律意见{m}条。",
    "推动综合行政执法改革，整合执法队伍，明确执法事项{n}项。",
]
HEADINGS = [
    "一、主要举措和成效", "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、下一年度推进法治政府建设的主要安排",
]


@dataclass
class Doc:
    path: str  # relative URL path, e.g. 2024/shangping-2024-12/
    title: str
    unit: str
    year: int
    kind: str  # kind key
    lang: str = "zh"


FILLER_POS = {"n", "v", "vn", "a", "ad", "an", "d", "nz", "l", "i", "m", "q", "p", "c", "u", "f", "s", "t"}
# keep the measured terms' occurrences under the corpus's control
FILLER_EXCLUDE = re.compile("调解|化解|明白人|法律顾问|执法|坪|" + "|".join(TOWN_STEMS))


@cache
def _filler_words() -> tuple[list[str], list[float]]:
    """Words and cumulative weights from jieba's dictionary (jieba is a dev requirement)."""
    import importlib.resources

    words, weights = [], []
    with importlib.resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, freq, pos = line.split()
            freq = int(freq)
            if freq < 50 or pos not in FILLER_POS or not re.fullmatch(r"[\u4e00-\u9fff]{1,4}", word):
                continue
            if FILLER_EXCLUDE.search(word):
                continue
            words.append(word)
            weights.append(freq**0.9)
    return words, list(itertools.accumulate(weights))


def _filler_sentence(rng: random.Random) -> str:
    words, cum = _filler_words()
    n = rng.randint(8, 20)
    ws = rng.choices(words, cum_weights=cum, k=n)
    cut = rng.randint(3, n - 3)
    return "".join(ws[:cut]) + "，" + "".join(ws[cut:]) + "。"


def _body(rng: random.Random, unit: str, chars: int, towns_mentioned: list[str]) -> str:
    parts: list[str] = []
    pool = rng.sample(SENTENCES, rng.randint(6, 18))  # documents differ in what they talk about
    size = 0
    h = 0
    while size < chars:
        if size >= h * chars / len(HEADINGS) and h < len(HEADINGS):
            parts.append(f"<h2>{HEADINGS[h]}</h2>")
            h += 1
        sents = []
        for _ in range(rng.randint(3, 7)):
            if rng.random() < 0.75:
                sents.append(_filler_sentence(rng))
                continue
            s = rng.choice(pool).format(
                unit=unit, n=rng.randint(2, 300), m=rng.randint(1, 90), p=rng.randint(90, 99),
                other=rng.choice(towns_mentioned), village=rng.choice(TOWN_STEMS) + "村",
            )
            sents.append(s)
        para = "".join(sents)
        size += len(para)
        parts.append(f"<p>{para}</p>")
    return "\n".join(parts)


def make_docs(n: int, seed: int = 1) -> list[tuple[Doc, str]]:
    """n documents with their body HTML."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        year = YEARS[i % len(YEARS)]
        if i % 10 == 9:
            unit = DEPARTMENTS[(i // 10) % len(DEPARTMENTS)]
            mentioned = TOWNS  # county-wide reports mention every town
        else:
            unit = TOWNS[(i * 3) % len(TOWNS)]
            mentioned = rng.sample(TOWNS, 4)
        kind = "annual-report" if i % 3 else rng.choice(["announcement", "interpretation"])
        title = {
            "annual-report": f"{unit}{year}年法治政府建设年度报告",
            "announcement": f"{unit}关于开展{year}年法治宣传月活动的通知",
            "interpretation": f"《{unit}矛盾纠纷多元化解工作办法》政策解读（{year}年）",
        }[kind]
        body = _body(rng, unit, 15000, mentioned)
        if unit in DEPARTMENTS:  # a paragraph per town, as county summaries have
            body += "\n" + "\n".join(
                f"<p>{t}：人民调解组织健全，全年调解纠纷{rng.randint(10, 200)}件。</p>" for t in TOWNS
            )
        out.append((Doc(f"{year}/doc-{i:05d}/", title, unit, year, kind), body))
    return out
