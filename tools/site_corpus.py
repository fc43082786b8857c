"""A buildable repository with N synthetic documents: a county decade of reports.

    python tools/site_corpus.py DEST N [--seed 1] [--body-chars 15000]

`make_repo(dest, n)` copies the site sources of this repository (mkdocs.yml, gongkai.yml,
hooks/, overrides/, docs/, gongkai/, schema/) into `dest`, writes a units.yml of 40 units
(34 towns, 6 county departments) and reports/<year>/*.md over the ten years 2016–2025:

- documents 0–399 are the annual reports, one per unit and year, with the five mandated
  headings phrased in varied ways, ~`body_chars` Chinese characters each; some are late;
- later documents are announcements and policy interpretations (a fifth of the length),
  each related to its unit's annual report of that year;
- every tenth document has an English translation (x.en.md).

Document i is the same whatever N is (its randomness is seeded by the seed and i), so a page
can be compared between corpora of different sizes (tests/test_scale.py does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_FILES = ("mkdocs.yml", "gongkai.yml")
SITE_DIRS = ("gongkai", "hooks", "overrides", "docs", "schema")
YEARS = list(range(2016, 2026))

TOWNS = [
    ("shangping", "上坪镇"), ("songping", "松坪镇"), ("xiaping", "下坪镇"), ("hewan", "河湾镇"),
    ("beiling", "北岭乡"), ("nanling", "南岭镇"), ("dongling", "东岭镇"), ("xiling", "西岭镇"),
    ("shimen", "石门镇"), ("qingshan", "青山乡"), ("baisha", "白沙镇"), ("huangni", "黄泥镇"),
    ("longtan", "龙潭镇"), ("fenghuang", "凤凰镇"), ("taoyuan", "桃源乡"), ("yangliu", "杨柳镇"),
    ("xintian", "新田镇"), ("maan", "马鞍镇"), ("datang", "大塘镇"), ("xiaotang", "小塘乡"),
    ("gaoqiao", "高桥镇"), ("pingan", "平安镇"), ("changle", "长乐镇"), ("yonghe", "永和镇"),
    ("jinzhu", "金竹乡"), ("yinxing", "银杏镇"), ("qingshui", "清水镇"), ("hongyan", "红岩镇"),
    ("shuanghe", "双河镇"), ("sanjiang", "三江乡"), ("meihua", "梅花镇"), ("bailin", "柏林镇"),
    ("yuntai", "云台镇"), ("huaxi", "花溪乡"),
]
DEPARTMENTS = [
    ("county-gov", "县人民政府", "澄岭县人民政府"), ("justice-bureau", "县司法局", "澄岭县司法局"),
    ("public-security", "县公安局", "澄岭县公安局"),
    ("market-regulation", "县市场监管局", "澄岭县市场监督管理局"),
    ("natural-resources", "县自然资源局", "澄岭县自然资源局"),
    ("ecology-environment", "县生态环境局", "澄岭县生态环境局"),
]

# (section, heading variants): real reports phrase the mandated headings freely
HEADINGS = [
    ["主要举措和成效", "{year}年法治政府建设主要举措和成效", "工作开展情况及成效", "推进法治政府建设的主要做法"],
    ["存在的不足和原因", "存在的问题及原因", "存在的不足", "工作中存在的短板和差距"],
    ["党政主要负责人履行推进法治建设第一责任人职责情况", "主要负责人履行第一责任人职责情况",
     "党政主要负责人履职情况"],
    ["{next}年工作安排", "下一年度推进法治政府建设的主要安排", "下一步工作计划", "{next}年工作打算"],
    ["其他需要报告的情况"],
]
CN_NUM = "一二三四五六七八九十"
SUB = ["（一）", "（二）", "（三）", "（四）", "（五）"]
SENTENCES = [
    "{unit}坚持以习近平法治思想为指导，全面贯彻落实法治政府建设实施纲要。",
    "全年召开专题会议研究法治建设工作{n}次，及时解决法治建设中的重大问题。",
    "健全重大行政决策程序，对{n}项重大行政决策事项开展合法性审查和风险评估。",
    "推行“一村一法律顾问”制度，{n}个村（社区）均聘请了法律顾问，实现全覆盖。",
    "发展壮大人民调解员队伍，全年受理各类矛盾纠纷{n}件，调解成功率达到{p}%。",
    "坚持和发展新时代“枫桥经验”，推进矛盾纠纷多元化解，把矛盾化解在基层。",
    "深入实施“法律明白人”培养工程，培训法律明白人{n}名，覆盖所有行政村。",
    "严格规范公正文明执法，全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。",
    "开展行政执法案卷评查，抽查案卷{n}卷，发现问题{m}个，已全部整改到位。",
    "加强行政复议和行政应诉工作，行政机关负责人出庭应诉率达到100%。",
    "依法全面履行政府职能，深化“放管服”改革，持续优化营商环境。",
    "完善权责清单制度，公布权责事项{n}项，实行动态调整。",
    "推进政务公开标准化规范化，主动公开政府信息{n}条，依申请公开办结率100%。",
    "组织开展“八五”普法宣传，举办法治讲座{n}场，发放宣传资料{m}份。",
    "在与{other}的交界地带开展联合调解，妥善处理山林土地权属纠纷{n}起。",
    "{village}村民委员会修订完善村规民约，将法治要求融入村民自治。",
    "落实领导干部学法制度，全年组织集体学法{n}次，旁听庭审{m}次。",
    "加强法治宣传阵地建设，建成法治文化广场{n}个、法治宣传长廊{m}处。",
    "开展安全生产、食品药品、生态环境等重点领域执法检查{n}次。",
    "完善公共法律服务体系，公共法律服务工作站全年接待群众咨询{n}人次。",
    "推进信访工作法治化，依法分类处理信访诉求{n}件，及时就地解决群众合理诉求。",
    "部分干部依法行政意识不强，运用法治思维和法治方式解决问题的能力有待提高。",
    "行政规范性文件全部经过合法性审核，备案审查率达到100%。",
    "强化对行政权力的制约和监督，自觉接受人大监督、民主监督、司法监督和社会监督。",
    "组织开展“民法典进农村”活动{n}场次，引导群众自觉尊法学法守法用法。",
    "建立健全突发事件应对机制，依法妥善处置突发事件{n}起。",
    "严格落实党政主要负责人履行推进法治建设第一责任人职责，年底述法。",
    "聘请专业律师担任法律顾问，审查合同{n}份，提出法律意见{m}条。",
    "推动综合行政执法改革，整合执法队伍，明确执法事项{n}项。",
]
NOTICE_TITLES = [
    "{unit}关于开展{year}年法治宣传月活动的通知",
    "{unit}关于公布{year}年度重大行政决策事项目录的公告",
    "{unit}关于调整行政执法公示内容的通知（{year}年第{k}号）",
    "《{unit}矛盾纠纷多元化解工作办法》政策解读（{year}年）",
    "{unit}关于聘请{year}年度法律顾问的公告",
]


def units() -> list[dict]:
    found = [{"key": key, "short": short, "name": name, "type": "department"}
             for key, short, name in DEPARTMENTS]
    found += [{"key": key, "short": short, "name": f"澄岭县{short}人民政府", "type": "town"}
              for key, short in TOWNS]
    return found


UNITS = units()


def units_yml() -> str:
    lines = ["# Synthetic unit registry (tools/site_corpus.py)", "units:"]
    for i, u in enumerate(UNITS):
        en = u["key"].replace("-", " ").title()
        lines += [f"  {u['key']}:", f"    name: {u['name']}", f"    short: {u['short']}",
                  f'    code: "11449900MB{i:07d}X"', f"    type: {u['type']}",
                  f"    names: {{en: {en}}}", f"    shorts: {{en: {en}}}"]
    return "\n".join(lines) + "\n"


def _paragraphs(rng: random.Random, unit: str, chars: int) -> list[str]:
    paras, size = [], 0
    while size < chars:
        para = "".join(rng.choice(SENTENCES).format(
            unit=unit, n=rng.randint(2, 300), m=rng.randint(1, 90), p=rng.randint(90, 99),
            other=rng.choice(TOWNS)[1], village=rng.choice(TOWNS)[1][:2] + "村")
            for _ in range(rng.randint(3, 7)))
        paras.append(para)
        size += len(para)
    return paras


def report_body(rng: random.Random, unit: str, year: int, chars: int) -> str:
    parts = [f"{year}年，{unit}在县委、县政府的坚强领导下，深入推进法治政府建设。现将有关情况报告如下。"]
    weights = [0.55, 0.1, 0.1, 0.2, 0.05]
    for number, (variants, weight) in enumerate(zip(HEADINGS, weights)):
        if number == 4 and rng.random() < 0.5:
            continue  # "other matters" is optional
        heading = rng.choice(variants).format(year=year, next=year + 1)
        parts.append(f"## {CN_NUM[number]}、{heading}")
        paras = _paragraphs(rng, unit, int(chars * weight))
        if number == 0:
            for k, para in enumerate(paras[:5]):
                parts += [f"### {SUB[k]}{para[:12].rstrip('，。')}", para]
            parts += paras[5:]
        else:
            parts += paras
    parts.append(f"{unit}\n\n{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    return "\n\n".join(parts) + "\n"


def document(i: int, seed: int, body_chars: int) -> list[tuple[str, str]]:
    """(path below reports/, text) of document i and its translation, if any."""
    rng = random.Random(f"{seed}-{i}")
    year = YEARS[i % len(YEARS)]
    unit = UNITS[(i // len(YEARS)) % len(UNITS)]
    if i < len(YEARS) * len(UNITS):  # annual reports: one per unit and year
        kind = "annual-report"
        slug = f"{unit['key']}-{year}-report"
        title = f"{unit['name']}{year}年法治政府建设年度报告"
        en_title = f"{year} Annual Report on the Rule-of-Law Government ({unit['key']})"
        day = rng.randint(0, 100) if rng.random() < 0.9 else rng.randint(91, 130)  # some late
        published = dt.date(year + 1, 1, 5) + dt.timedelta(days=day)
        body = report_body(rng, unit["name"], year, body_chars)
        related: list[str] = []
    else:
        kind = "interpretation" if i % 5 == 3 else "announcement"
        slug = f"{unit['key']}-{year}-notice-{i:05d}"
        title = rng.choice(NOTICE_TITLES).format(unit=unit["name"], year=year, k=i)
        en_title = f"Notice {i} of {unit['key']} ({year})"
        if kind == "interpretation":  # interprets the year's report: published after the year
            published = dt.date(year + 1, 1, 10) + dt.timedelta(days=rng.randint(0, 80))
        else:
            published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 360))
        body = "\n\n".join(_paragraphs(rng, unit["name"], max(body_chars // 5, 50))) + "\n"
        related = [f"{year}/{unit['key']}-{year}-report"]
    written = published - dt.timedelta(days=rng.randint(0, 6))
    front = [
        "---", f"title: {title}", f"kind: {kind}", f"year: {year}", f"unit: {unit['key']}",
        f"published: {published.isoformat()}", f"written: {written.isoformat()}",
        f"doc_no: 澄{unit['short'][:1]}〔{published.year}〕{i % 97 + 1}号",
        f"index_no: 11449900MB{UNITS.index(unit):07d}X/{published.year}-{i:05d}",
        "keywords: [法治政府, 依法行政, 人民调解]",
        f"summary: {title}，介绍{year}年度有关工作情况。",
    ]
    if related:
        front.append(f"related: [{related[0]}]")
    files = [(f"{year}/{slug}.md", "\n".join(front + ["---", "", body]))]
    if i % 10 == 0:
        files.append((f"{year}/{slug}.en.md", "\n".join([
            "---", f"title: {en_title}", f"summary: English summary of document {i}.", "---", "",
            f"English translation of document {i}.\n\n" + "Translated paragraph. " * 20 + "\n"])))
    return files


def copy_site_sources(dest: Path) -> Path:
    """A buildable copy of this repository's site sources in `dest` (reports/ not included)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        shutil.copy(REPO / name, dest / name)
    ignore = shutil.ignore_patterns("generated", "__pycache__")
    for name in SITE_DIRS:
        target = dest / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(REPO / name, target, ignore=ignore, symlinks=True)
    modules = REPO / "node_modules"
    if modules.is_dir() and not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(modules.resolve())  # Decap CMS for /admin/, as `npm ci` put it
    return dest


def make_repo(dest: Path, n: int, seed: int = 1, body_chars: int = 15000) -> list[str]:
    """Write a buildable repository with `n` documents into `dest`; return their ids."""
    copy_site_sources(dest)
    (dest / "units.yml").write_text(units_yml(), encoding="utf-8")
    reports = dest / "reports"
    if reports.exists():
        shutil.rmtree(reports)
    ids = []
    for i in range(n):
        for rel, text in document(i, seed, body_chars):
            path = reports / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        ids.append(document_id(i, seed))
    return ids


def document_id(i: int, seed: int = 1) -> str:
    year = YEARS[i % len(YEARS)]
    unit = UNITS[(i // len(YEARS)) % len(UNITS)]
    if i < len(YEARS) * len(UNITS):
        return f"{year}/{unit['key']}-{year}-report"
    return f"{year}/{unit['key']}-{year}-notice-{i:05d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--body-chars", type=int, default=15000)
    args = parser.parse_args()
    ids = make_repo(args.dest, args.n, args.seed, args.body_chars)
    print(f"{len(ids)} documents in {args.dest}")


if __name__ == "__main__":
    main()
