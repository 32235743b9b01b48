"""Newspaper pages made from the grammar of a Chinese newspaper article, with what each article is.

The five raw pages show a few of the conventions DESIGN.md lists; pages of other papers use the
rest. This module prints articles by those conventions (headline parts, columns and 【】 tags,
every dateline, byline, end byline and photo credit form, 阅读提示 and 编者按, section headings,
commentary signed in its ways, photo news) into a page, and says what the ingest must read from
it (page); it can damage the page as extraction tools do (damaged), or give one page as two
tools would (extractions). The words are the raw pages' own: body paragraphs are whole
paragraphs of them, headline lines are clauses of their sentences, names are made of common
surnames and given-name characters. misreadings() says where the ingest read otherwise.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

import relayout
from support import SHARED

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁"
            "沈姚卢姜崔钟谭陆汪范廖贾夏付邹孟熊秦邱尹薛段雷侯龙史陶贺顾毛郝龚邵钱严覃戴莫孔汤")
GIVEN = ("明华伟强军平东文辉力林斌杰涛超勇峰磊鹏飞刚健宇晨欣悦静丽娟敏燕霞艳萍玲芳慧洁琳婷雪梅英兰凤秀珍"
         "博瑶怡航浩然嘉琪佳俊")
COLUMNS = ("新闻特写", "工会缩影", "微评", "一线视角")
"""The column labels the pages' site lists (site.yaml `columns`); 新闻特写 makes a feature."""
COMMENTARY_COLUMNS = ("微评",)
PLACES = ("北京", "上海", "广州", "成都", "武汉", "西安", "南京", "长沙")
NOT_BODY = re.compile(r"[()（）]|记者|通讯员|实习生|摄|报讯|日电|作者|编者|读者|供图|——")


FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def _raw_paragraphs() -> list[str]:
    """Body paragraphs of the raw pages: a report's opening without its dateline, half-width
    punctuation made full-width, long ones cut at a sentence end; only whole ones (a sentence end
    at their end) free of byline, credit and dateline words and of brackets (a paragraph holding
    them may rightly be read as one of those)."""
    found, openings = [], set()
    for path in sorted((SHARED / "raw").glob("*.txt")):
        previous = "。"
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            text = re.sub(r"(?<!\d)[,;:?!](?!\d)", lambda m: FULL_WIDTH[m.group()], "".join(block.split()))
            text = re.sub(r"^[\u4e00-\u9fff]{0,6}讯[（(][^）)]*[）)]", "", text)
            # a block after one that stops mid-sentence is the rest of a paragraph a column break cut
            whole, previous = previous.endswith(("。", "！", "？", "”")), text or previous
            sentences = re.findall(r"[^。！？]+[。！？]”?", text)
            chunk = ""
            for sentence in sentences if whole and "".join(sentences) == text else []:
                chunk += sentence
                if len(chunk) >= 40:
                    if len(chunk) <= 220 and not NOT_BODY.search(chunk) and _opening(chunk) not in openings:
                        found.append(chunk)
                        openings.add(_opening(chunk))
                    chunk = ""
    return found


def _opening(text: str) -> str:
    """A paragraph's first words, punctuation aside: the two extractions of one raw page print
    the same paragraph with other marks."""
    return re.sub(r"\W", "", text)[:12]


PARAGRAPHS = _raw_paragraphs()
CLAUSES = sorted({clause for text in PARAGRAPHS for clause in re.split("[，。；：、！？]", text)
                  if 7 <= len(clause) <= 16 and re.fullmatch("[\u4e00-\u9fff0-9]+", clause)})
"""Clauses of the raw pages' sentences, short and bare enough to be printed as headline lines."""
SHORT_CLAUSES = [clause for clause in CLAUSES if len(clause) <= 12]
"""Clauses short enough for a section heading, or for a title after a quoted word."""
WORDS = sorted({word for text in PARAGRAPHS for word in re.findall("“([\u4e00-\u9fff]{2,6})”", text)})
"""Quoted words of the raw pages (“产改”, “娘家人”): a title may open with one."""


@dataclass
class Expected:
    """What the ingest must read of one printed article."""

    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    banners: list[str] = field(default_factory=list)
    column: str = ""
    kind: str = "news"
    dateline: str = ""
    summary: str = ""
    people: dict[str, list[str]] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    """The paragraphs, section headings aside, as the body must hold them."""
    headings: list[str] = field(default_factory=list)
    """Section headings inside the body, in order."""
    printed: list[str] = field(default_factory=list)
    """The article's blocks as printed (blank-line layout)."""
    forms: list[str] = field(default_factory=list)
    """Which conventions it was printed with (for a failure's message)."""

    def add(self, role: str, names: list[str]) -> None:
        self.people.setdefault(role, [])
        self.people[role] += [name for name in names if name not in self.people[role]]


class Press:
    """Prints articles with one random generator; names, clauses and paragraphs are not used
    twice on a page (a repeat is a repeated block, which the ingest drops)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _fresh(self, pool: list[str]) -> str:
        while True:
            choice = self.rng.choice(pool)
            if choice not in self.used:
                self.used.add(choice)
                return choice

    def name(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
            if name not in self.used:
                self.used.add(name)
                return name

    def clause(self) -> str:
        return self._fresh(CLAUSES)

    def paragraphs(self, low: int, high: int) -> list[str]:
        return [self._fresh(PARAGRAPHS) for _ in range(self.rng.randint(low, high))]

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def form(self, article: Expected, *forms: str) -> str:
        chosen = self.rng.choice(forms)
        article.forms.append(chosen)
        return chosen

    def headline(self, article: Expected, kicker: float = 0.35, subtitle: float = 0.3) -> list[str]:
        """Banner (marked bold by an earlier tool), kicker (引题, maybe ending with ——), title
        (maybe opening with a quoted word, maybe marked # by an earlier tool), subtitle (——…)."""
        lines = []
        if self.chance(0.1):
            article.banners.append(self.clause())
            lines.append(f"**{article.banners[-1]}**")
            article.forms.append("banner")
        if self.chance(kicker):
            article.kicker = self.clause() + self.rng.choice(("", "——"))
            lines.append(article.kicker)
        article.title = self.clause()
        if self.chance(0.15) and WORDS:
            article.title = f"“{self._fresh(WORDS)}”{self._fresh(SHORT_CLAUSES)}"
            article.forms.append("quoted title")
        if self.chance(0.1):
            lines.append(f"# {article.title}")
            article.forms.append("# title")
        else:
            lines.append(article.title)
        if self.chance(subtitle):
            article.subtitle = "——" + self.clause()
            if self.chance(0.2) and not lines[-1].startswith("#"):  # on the title's line, after a space
                lines[-1] += " " + article.subtitle
                article.forms.append("subtitle on the title's line")
            else:
                lines.append(article.subtitle)
        return lines

    def column_label(self, article: Expected, column: str) -> list[str]:
        """The column's label over the headline: alone, as a 【】 tag, after a stray glyph."""
        article.column = column
        form = self.form(article, "column", "【column】", "glyph column")
        return [{"column": column, "【column】": f"【{column}】", "glyph column": f"G {column}"}[form]]

    def summary(self, article: Expected) -> list[str]:
        """A 阅读提示 box under the headline."""
        if not self.chance(0.15):
            return []
        article.summary = self._fresh(PARAGRAPHS)
        article.forms.append("summary")
        return [self.rng.choice(("阅读提示", "核心提示")), article.summary]

    def sections(self, article: Expected) -> None:
        """Section headings between the body's paragraphs (a long report or feature)."""
        if len(article.body) < 3 or not self.chance(0.3):
            return
        article.forms.append("sections")
        at = sorted(self.rng.sample(range(1, len(article.body)), k=min(2, len(article.body) - 1)))
        article.headings = [self._fresh(SHORT_CLAUSES) for _ in at]

    def printed_body(self, article: Expected, first: str | None = None) -> list[str]:
        """The body as printed: its first paragraph as given (a dateline before it), section
        headings before the paragraphs they open."""
        paragraphs = [first if first is not None else article.body[0], *article.body[1:]]
        if not article.headings:
            return paragraphs
        starts = sorted(self.rng.sample(range(1, len(paragraphs)), k=len(article.headings)))
        marked = self.chance(0.2)  # an earlier tool marked them as Markdown headings
        if marked:
            article.forms.append("## sections")
        printed = []
        for index, paragraph in enumerate(paragraphs):
            if index in starts:
                printed.append(("## " if marked else "") + article.headings[starts.index(index)])
            printed.append(paragraph)
        return printed

    def news(self) -> Expected:
        """A report: headline, maybe a byline above the body, maybe a summary box, a dateline or
        none, maybe an end byline; maybe the page's editor's furniture after it."""
        article = Expected()
        lines = self.headline(article)
        head = len(lines)
        article.body = self.paragraphs(2, 4)
        self.sections(article)
        first = article.body[0]
        one, two, three = self.name(), self.name(), self.name()
        form = self.form(article, "bracketed", "bracketed, two reporters", "reported", "bare", "agency",
                         "other paper", "name only", "byline above", "reporter line", "end byline")
        ending = []
        if form.startswith("bracketed"):
            article.dateline = "本报讯"
            reporters = [one, three] if "two" in form else [one]
            first = f"本报讯（记者{'、'.join(reporters)} 通讯员{two}）{first}"
            article.add("reporters", reporters), article.add("correspondents", [two])
        elif form == "reported":
            article.dateline = "本报讯"
            first = f"本报讯 记者{one} 通讯员{two}报道 {first}"
            article.add("reporters", [one]), article.add("correspondents", [two])
        elif form == "bare":
            article.dateline = "本报讯"
            first = f"本报讯 {first}"
        elif form == "agency":
            month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
            article.dateline = f"新华社{self.rng.choice(PLACES)}{month}月{day}日电"
            first = f"{article.dateline}（记者{one}）{first}"
            article.add("reporters", [one])
        elif form == "other paper":
            article.dateline = self.rng.choice(("晚报讯", "工人日报讯"))
            first = f"{article.dateline}（记者{one}）{first}"
            article.add("reporters", [one])
        elif form == "name only":
            article.dateline = "本报讯"
            first = f"本报讯（{one}）{first}"
            article.add("reporters", [one])
        elif form == "byline above":
            style = self.form(article, "one line", "one per line", "special", "intern")
            if style == "one line":
                lines.append(f"本报记者 {one} 本报通讯员 {two}")
                article.add("reporters", [one]), article.add("correspondents", [two])
            elif style == "one per line":
                lines += [f"本报记者 {one}", f"本报通讯员 {two}"]
                article.add("reporters", [one]), article.add("correspondents", [two])
            elif style == "special":
                lines.append(f"本报特约记者 {one}")
                article.add("reporters", [one])
            else:
                lines.append(f"本报记者 {one} 实习生 {two}")
                article.add("reporters", [one, two])
        elif form == "reporter line":
            lines.append(f"记者{one} 通讯员{two}报道")
            article.add("reporters", [one]), article.add("correspondents", [two])
        elif form == "end byline":
            article.dateline = "本报讯"
            first = f"本报讯 {first}"
            style = self.form(article, "roles", "names", "intern")
            ending = [{"roles": f"（记者{one} 通讯员{two}）", "names": f"（{one} {two}）",
                       "intern": f"（本报记者 {one} 实习生 {two}）"}[style]]
            article.add("reporters", [one]) if style == "roles" else article.add("reporters", [one, two])
            if style == "roles":
                article.add("correspondents", [two])
        furniture = [f"（责编：{self.name()}）"] if self.chance(0.1) else []
        summary, body = self.summary(article), self.printed_body(article, first)
        if not summary and self.chance(0.08):  # a series' editor's note, right under the headline
            note = f"编者按：{self._fresh(PARAGRAPHS)}"
            lines.insert(head, note)
            article.body.insert(0, note)
            article.forms.append("编者按")
        article.printed = [*lines, *summary, *body, *ending, *furniture]
        return article

    def feature(self) -> Expected:
        """A column's report: the column label over its headline, a byline, the body."""
        article = Expected()
        column = self.rng.choice([c for c in COLUMNS if c not in COMMENTARY_COLUMNS])
        lines = self.column_label(article, column)
        article.kind = "feature" if column == "新闻特写" else "news"
        lines += self.headline(article, kicker=0)
        reporter = self.name()
        lines.append(f"本报记者 {reporter}")
        article.add("reporters", [reporter])
        article.body = self.paragraphs(2, 5)
        self.sections(article)
        article.printed = [*lines, *self.printed_body(article)]
        return article

    def photo(self) -> Expected:
        """Photo news: a title, its caption, the credit (alone or glued to the caption)."""
        article = Expected(kind="photo")
        article.title = self.clause()
        article.body = self.paragraphs(1, 1)
        one, two = self.name(), self.name()
        credits = {
            "本报记者 X 摄": (f"本报记者 {one} 摄", {"photographers": [one]}),
            "本报通讯员 X 摄": (f"本报通讯员 {one} 摄", {"photographers": [one]}),
            "X 摄": (f"{one} 摄", {"photographers": [one]}),
            "新华社记者 X 摄": (f"新华社记者 {one} 摄", {"photographers": [one]}),
            "新华社发（X摄）": (f"新华社发（{one}摄）", {"photographers": [one]}),
            "X/摄": (f"{one}/摄", {"photographers": [one]}),
            "图/X": (f"图/{one}", {"photographers": [one]}),
            "文/图 X": (f"文/图 {one}", {"reporters": [one], "photographers": [one]}),
            "X 摄影报道": (f"{one} 摄影报道", {"photographers": [one]}),
            "本报记者 X 通讯员 Y 摄": (f"本报记者 {one} 通讯员 {two} 摄", {"photographers": [one, two]}),
        }
        form = self.form(article, *sorted(credits))
        credit, people = credits[form]
        for role, names in people.items():
            article.add(role, names)
        if form == "文/图 X":
            article.kind = "news"  # its writer's report, with a photo of theirs
        printed = [article.title, *article.body]
        if form in ("本报记者 X 摄", "本报通讯员 X 摄", "新华社记者 X 摄", "新华社发（X摄）") and self.chance(0.3):
            article.forms.append("glued")
            printed[-1] += credit
        else:
            printed.append(credit)
        article.printed = printed
        return article

    def commentary(self) -> Expected:
        """Commentary: maybe a column, the title, its author (under the title, or last, or as a
        reader), the body, maybe （作者系…）."""
        article = Expected(kind="commentary")
        lines = self.column_label(article, self.rng.choice(COMMENTARY_COLUMNS)) if self.chance(0.5) else []
        lines += self.headline(article, kicker=0.2, subtitle=0.1)
        author = self.name()
        article.body = self.paragraphs(2, 3)
        # Its author is named somewhere (DESIGN.md: an author line, and maybe （作者系……）): an
        # unsigned one after another commentary reads as that one's next section.
        # Always signed: an unsigned one (its column says what it is) followed by another commentary
        # signed last reads, to a reader too, as one commentary with a section heading.
        form = self.form(article, "author line", "author line and note", "name last", "reader last")
        ending = []
        article.add("authors", [author])
        if form.startswith("author line"):
            lines.append(author)
        elif form == "name last":
            ending = [author]
        elif form == "reader last":
            ending = [f"读者 {author}"]
        if form == "author line and note":
            article.body.append(f"（作者系{self.clause()}）")
        article.printed = [*lines, *article.body, *ending]
        return article


MISREAD = {"己": "已", "未": "末", "人": "入", "土": "士", "日": "曰", "大": "太"}
"""Characters an extraction tool reads as another of like shape: where two extractions of one
page disagree on a word, neither is always right."""


def canonical(text: str) -> str:
    """text with each character of MISREAD and its misreading made one (to compare a merge that
    kept either reading)."""
    return text.translate(str.maketrans(dict(zip(MISREAD.values(), MISREAD.keys()))))


def extractions(seed: int, count: int = 2) -> tuple[list[str], list[Expected], int]:
    """The same page as `count` extraction tools give it: each with defects of its own (its
    column breaks, repeats, marks elsewhere); all but the first may miss an article (a tool
    that lost part of the page) and misread a character in a paragraph (MISREAD). Returns the
    texts, the articles, and how many characters were misread."""
    rng = random.Random(seed)
    press = Press(rng)
    makers = [press.news] * 4 + [press.feature, press.photo, press.commentary]
    expected = [rng.choice(makers)() for _ in range(rng.randint(3, 6))]
    texts, misread = [], 0
    for number in range(count):
        tool = random.Random(f"{seed}/{number}")
        printed = damaged([list(a.printed) for a in expected], expected, tool)
        if number and tool.random() < 0.3:
            del printed[tool.randrange(len(printed))]
        if number and tool.random() < 0.5:
            blocks = tool.choice(printed)
            body = [i for i, text in enumerate(blocks) if len(text) > 30 and any(c in MISREAD for c in text)]
            if body:
                at = tool.choice(body)
                where = tool.choice([k for k, c in enumerate(blocks[at]) if c in MISREAD])
                blocks[at] = blocks[at][:where] + MISREAD[blocks[at][where]] + blocks[at][where + 1:]
                misread += 1
        texts.append("\n\n".join("\n\n".join(blocks) for blocks in printed) + "\n")
    return texts, expected, misread


def page(seed: int, articles: int | None = None, furniture: bool = True, defects: bool = False,
         column_breaks: bool = True) -> tuple[str, list[Expected]]:
    """A page in the blank-line layout, and what each of its articles is. furniture: maybe a
    page header line on top (a layout that puts its own furniture in says False). defects: the
    extraction's defects DESIGN.md lists put in (damaged), which the ingest must repair;
    column_breaks: among them paragraphs cut by a blank line, and a headline dropped inside its
    report's first paragraph (a blank-line layout's defects: a hard-wrapped page has no such
    breaks, its text runs on into the next column)."""
    rng = random.Random(seed)
    press = Press(rng)
    makers = [press.news] * 4 + [press.feature, press.photo, press.commentary]
    expected = [rng.choice(makers)() for _ in range(articles or rng.randint(3, 6))]
    printed = [list(article.printed) for article in expected]
    if defects:
        printed = damaged(printed, expected, rng, column_breaks)
    blocks = []
    if rng.random() < 0.5 and furniture:
        blocks.append(rng.choice(("2023年12月7日 第05版：工会新闻", "00005版:工会新闻", "文章字数:615")))
    for article in printed:
        gap = "\n\n\n" if rng.random() < 0.5 else ""
        blocks.append(gap + "\n\n".join(article))
    return "\n\n".join(blocks) + "\n", expected


JOINING_AND = re.compile("(?<=[\u4e00-\u9fff])和(?=[\u4e00-\u9fff])")
HALF_WIDTH = str.maketrans({"，": ",", "：": ":", "；": ";", "？": "?", "！": "!"})
BULLETS = ("• ", "■ ", "□ ")


DATELINED = ("bracketed", "bracketed, two reporters", "bare", "agency", "other paper", "name only")


def _headline_landed(blocks: list[str], article: Expected, rng: random.Random) -> list[str]:
    """A report's headline dropped inside its own first paragraph (the extraction read the
    column's text first): [first half of the dateline paragraph, the headline, second half...].
    Only a report that opens with its dateline right under its headline."""
    if not any(form in DATELINED for form in article.forms) or article.summary or article.banners \
            or article.body[0].startswith("编者按") or article.column:
        return blocks
    head = next((i for i, text in enumerate(blocks) if re.match(r"^\S*?(报讯|电)", text)), None)
    if head is None or head == 0 or any(text.startswith(("#", "•", "■", "□")) for text in blocks[:head]):
        return blocks
    text = blocks[head]
    opening = min((text.find(mark) for mark in "，；：" if mark in text), default=len(text))
    # Where a clause ends: dropped inside a word (收入来|headline|源，), the headline reads as that
    # word's first half cut off, to the ingest as to a reader going by the lines alone.
    cuts = [k for k in range(opening + 2, len(text) - 8)
            if text[k - 1] in "，、；：" and text[k] not in "，。、；：！？”…—,.;:!?"]
    if not cuts:
        return blocks
    cut = rng.choice(cuts)
    article.forms.append("headline landed")
    return [text[:cut], *blocks[:head], text[cut:], *blocks[head + 1:]]


def damaged(printed: list[list[str]], expected: list[Expected], rng: random.Random,
            column_breaks: bool = True) -> list[list[str]]:
    """Each article's blocks as an extraction tool may give them: a body paragraph cut by a
    column break (a blank line mid-sentence), " and " spliced for a 和, a paragraph printed twice
    (as the tool read it), half-width punctuation, a list bullet before a line; and a whole
    article printed again by the site. What the ingest
    must make of them is what was printed (expected is not changed); each defect is named in
    the article's forms."""
    out = []
    for blocks, article in zip(printed, expected):
        blocks = list(blocks)
        body = [i for i, text in enumerate(blocks) if text in article.body and len(text) >= 30
                and not text.startswith("（")]
        if body and rng.random() < 0.4 and column_breaks:
            at = rng.choice(body)
            text = blocks[at]
            # Cut after the first clause: a paragraph's first half without a clause mark in it reads as a
            # headline line, and after a whole paragraph even a reader cannot tell (the ingest flags it).
            opening = min((text.find(mark) for mark in "，；：" if mark in text), default=len(text))
            cuts = [k for k in range(max(8, opening + 2), len(text) - 8)
                    if text[k - 1] not in "。！？”" and text[k] not in "，。、；：！？”…—,.;:!?"]
            if cuts:
                cut = rng.choice(cuts)
                blocks[at:at + 1] = [text[:cut], text[cut:]]
                article.forms.append("column break")
        if rng.random() < 0.15 and column_breaks and "column break" not in article.forms:
            blocks = _headline_landed(blocks, article, rng)
        joined = [i for i, text in enumerate(blocks) if text in article.body and JOINING_AND.search(text)]
        if joined and rng.random() < 0.3:
            at = rng.choice(joined)
            blocks[at] = JOINING_AND.sub(" and ", blocks[at], count=1)  # 凝聚力和战斗力 -> 凝聚力 and 战斗力
            article.forms.append("spliced and")
        body = [i for i, text in enumerate(blocks) if len(text) >= 30 and (text in article.body or " and " in text)]
        if body and rng.random() < 0.2:
            at = rng.choice(body)
            blocks.insert(at + 1, blocks[at])
            article.forms.append("printed twice")
        if rng.random() < 0.2:
            blocks = [text.translate(HALF_WIDTH) if text in article.body else text for text in blocks]
            article.forms.append("half-width")
        if rng.random() < 0.1 and not blocks[0].startswith(("#", "**")) and "headline landed" not in article.forms:
            at = blocks.index(article.title) if article.title in blocks else 0
            blocks[at] = rng.choice(BULLETS) + blocks[at]
            article.forms.append("bullet")
        out.append(blocks)
    if out and rng.random() < 0.15:  # the site printed an article twice: right after itself, or at the page's end
        at = rng.randrange(len(out))
        out.insert(rng.choice((at + 1, len(out))), list(out[at]))
        expected[at].forms.append("article printed twice")
    return out


def laid_out(seed: int, layout: str, defects: bool = False) -> tuple[str, list[Expected]]:
    """page(seed) in one of relayout.LAYOUTS, and what each of its articles is. The layout that
    loses paragraph breaks puts in furniture of its own and has no column breaks (a PDF's text
    runs on into the next column)."""
    wrapped = layout == relayout.LOSES_BREAKS
    text, expected = page(seed, furniture=not wrapped, defects=defects, column_breaks=not wrapped)
    return relayout.LAYOUTS[layout](text, random.Random(seed)), expected


def _plain(text: str) -> str:
    """Text as compared: no spaces or dashes, punctuation full-width (the ingest makes it so)."""
    return re.sub(r"[\s—]", "", text).translate(str.maketrans(",;:?!()", "，；：？！（）"))


def misreadings(expected: list[Expected], articles, breaks_lost: bool = False) -> list[str]:
    """What the ingest (its PageArticles) read otherwise than each article was printed: its
    headline parts, column, kind, dateline, summary, people, section headings and body text (a
    paragraph split in two by a layout that loses paragraph breaks aside). breaks_lost: the
    layout loses paragraph breaks (hard-wrapped), so a summary box of two sentences may end at
    its first, the rest read as the body's opening."""
    found = []
    for article in expected:
        opening = _plain(article.body[0])[:20]
        holding = [a for a in articles if canonical(opening) in canonical("".join(_plain(p) for p in a.paragraphs))]
        if len(holding) != 1:
            found.append(f"{article.title} ({', '.join(article.forms)}): its body is in {len(holding)} articles")
            continue
        got = holding[0]
        fields = {"title": (article.title, got.title), "kicker": (article.kicker, got.kicker),
                  "subtitle": (article.subtitle, got.subtitle), "banners": (article.banners, list(got.banners)),
                  "column": (article.column, got.column), "kind": (article.kind, got.kind),
                  "dateline": (article.dateline, got.dateline), "summary": (article.summary, got.summary),
                  "people": (article.people, {role: names for role, names in got.people.items() if names}),
                  "headings": (article.headings, [p[3:] for p in got.paragraphs if p.startswith("## ")]),
                  "body": ("".join(map(_plain, article.body)),
                           "".join(_plain(p) for p in got.paragraphs if not p.startswith("## ")))}
        if breaks_lost and got.summary and _plain(article.summary).startswith(_plain(got.summary)):
            rest = _plain(article.summary)[len(_plain(got.summary)):]
            fields["summary"] = (article.summary, article.summary)
            fields["body"] = (rest + fields["body"][0], fields["body"][1])
        for name, (want, have) in fields.items():
            if (canonical(_plain(want)) != canonical(_plain(have))) if isinstance(want, str) else want != have:
                found.append(f"{article.title} ({', '.join(article.forms)}): {name} {want!r} read as {have!r}")
    return found
