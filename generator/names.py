"""Names are names: what conversion must not do to a person's name, and the quotation marks a
Traditional reader expects.

A surname whose character has several Traditional forms (余 餘, 范 範, 于 於, 胡 鬍…) is a word
to OpenCC, which converts it as the common word it also is: 记者余嘉熙 -> 記者餘嘉熙, 局长胡伟 ->
局長鬍偉. As a surname the character is written unchanged in Traditional text (the surname 余 is
余, not 餘). Glyph variants (峯 where Taiwan writes 峰, Hong Kong's 綫) are spellings of
words, never of someone's name. SURNAMES lists the surnames kept, from OpenCC's STCharacters.txt (the
characters with more than one Traditional form) and the list of common Chinese surnames (百家姓).
"""

from __future__ import annotations

import re
from functools import lru_cache

SURNAMES = "余范于胡党干谷郁曲种朴卜后姜沈冲咸吁"
"""Surnames whose character OpenCC may turn into another word's (STCharacters.txt gives several
Traditional forms; the first is the surname's own)."""

TITLE_WORDS = ("记者", "通讯员", "实习生", "特约记者", "摄影", "编辑", "作者", "主席", "副主席", "书记", "副书记",
               "局长", "副局长", "院长", "校长", "部长", "厅长", "处长", "科长", "主任", "经理", "总经理",
               "董事长", "教师", "老师", "工程师", "委员", "会长", "秘书长", "市长", "县长", "省长", "镇长",
               "村长", "队长", "组长", "厂长", "站长", "所长", "馆长", "社长", "行长", "师傅", "劳模", "工匠",
               "代表", "职工", "工人", "同志", "先生", "女士", "读者")
"""Words a name follows in news text (the review ranks a span after one as a likely name)."""

AFTER_NAME = "说表介称认指强告报摄透坦谈讲答提等在和与及对向为就"
"""Characters that open the word after a name (胡伟说, 于洋报道, 范红表示)."""

GIVEN_NAME = re.compile(rf"[\u4e00-\u9fff]{{1,2}}(?:[^\u4e00-\u9fff]|$|[{AFTER_NAME}])"
                        r"|[\u4e00-\u9fff](?:[^\u4e00-\u9fff]|$)")
"""What follows a kept surname that is a name's: a one- or two-character given name."""

TITLE_REACH = max(map(len, TITLE_WORDS)) + 1
"""How far before a surname a title word (and one space after it) can begin."""

SPACES = (" ", "　")
"""The spaces a byline may put between a title word and a name (记者 余嘉熙)."""

SURNAME_CHARACTER = re.compile(f"[{SURNAMES}]")
"""Any kept surname's character: most texts hold none, and are left as they are at once."""

CURLY, CORNER = "“”‘’", "「」『』"
"""Taiwan and Hong Kong write 「」 where the mainland writes “”, and 『』 inside them for ‘’."""


def _swap_quotes(text: str, marks: str, into: str) -> str:
    """text with each of marks replaced by the mark of into at its place. str.replace, not
    str.translate: translate looks each character of a Chinese text up in its table one by one,
    replace finds the few marks with a fast scan, and every converted text of a Traditional
    variant passes here."""
    for mark, other in zip(marks, into):
        if mark in text:
            text = text.replace(mark, other)
    return text


def corner_quotes(text: str) -> str:
    """text with the mainland's quotation marks (“”‘’) as Taiwan and Hong Kong print them (「」『』)."""
    return _swap_quotes(text, CURLY, CORNER)


def curly_quotes(text: str) -> str:
    """text with corner quotation marks (「」『』) as the mainland's (“”‘’)."""
    return _swap_quotes(text, CORNER, CURLY)


def protect_names(text: str) -> str:
    """text with each kept surname after a title word in a marker (-{余}-): converted as written."""
    pieces, done = [], 0
    # From each surname's character back to a title word: texts hold few of the one and any of
    # the other could begin anywhere (no title word holds a surname's character).
    for found in SURNAME_CHARACTER.finditer(text):
        at = found.start()
        before = text[max(0, at - TITLE_REACH):at]
        after_title = before.endswith(TITLE_WORDS) or before.endswith(SPACES) and before[:-1].endswith(TITLE_WORDS)
        if after_title and GIVEN_NAME.match(text, at + 1):
            pieces += [text[done:at], "-{", found.group(), "}-"]
            done = at + 1
    return "".join(pieces) + text[done:] if pieces else text


@lru_cache(maxsize=1)
def regional_glyphs() -> dict[str, str]:
    """A character's form in names: Hong Kong's glyph variants (綫) back to the standard form,
    and the standard forms Taiwan writes otherwise (峯 -> 峰, 爲 -> 為) in Taiwan's, from OpenCC's
    HKVariants.txt and TWVariants.txt: the forms most widely used in Traditional print."""
    from .phrases import opencc_table

    standard = {}
    for key, values in opencc_table("HKVariants.txt"):
        if len(key) == 1:
            standard.update({value: key for value in values if len(value) == 1 and value != key})
    taiwan = {key: values[0] for key, values in opencc_table("TWVariants.txt")
              if len(key) == 1 and len(values[0]) == 1 and values[0] != key}
    chars = set(standard) | set(taiwan)
    return {char: taiwan.get(standard.get(char, char), standard.get(char, char)) for char in chars
            if taiwan.get(standard.get(char, char), standard.get(char, char)) != char}


NAME_FORMS = {"鐘": "鍾"}
"""Characters a name writes otherwise than the word does: 钟 is 鐘 (a bell) as a word and 鍾 in
names (叶小钟 -> 葉小鍾), as the surname 钟 is."""


def name_in_variant(source: str, converted: str) -> str:
    """A person's name as the variant writes it: converted, except that a kept surname stays as
    written and no character takes a regional glyph variant (conversion maps one character to
    one, so the two line up; where they do not, the converted name is returned)."""
    if not source or len(source) != len(converted):
        return converted
    glyphs = regional_glyphs()
    chars = [NAME_FORMS.get(glyphs.get(char, char), glyphs.get(char, char)) for char in converted]
    if source[0] in SURNAMES:
        chars[0] = source[0]
    return "".join(chars)
