"""Page furniture: text kept in an article (so offsets stay true) but never coded.

The rule is structural, not a list of strings. The coder codes *sentences*; a line of an
article that is not a sentence and not the article's own title is furniture:

1. Pattern lines, anywhere (even right after the title): captions ("Photo: ...",
   "Image: ...", "File photo ...", a line wholly in parentheses), bylines ("By Jane Doe",
   "By Jane Doe and John Roe | Reuters"), copyright lines ("©", "Copyright", "All rights
   reserved"). Inline "(Photo: ...)" parentheticals are skipped on their own.
2. Label lines: a short label and a colon or a bar before a headline with no sentence-final
   punctuation ("Related: ...", "Read more: ...", "WATCH | ...").
3. Short unpunctuated lines after the leading line: at most 15 words, no sentence-final
   punctuation (". ! ? …", possibly followed by a closing quote or bracket). This covers
   "Read more", "Share this article", related-article headlines and subheadings.
4. Trailing lines: after the last sentence of the body, every unpunctuated line of up to
   30 words (a related-article headline such as the last line of a page).

The leading line is the title when it has no sentence-final punctuation: it is *kept*, and
coded like the body (headlines often state the main event). Bullet-list items ("- ...",
"• ...", "1. ...") and a line ending in ":" that introduces them are content, never furniture.

Hard-wrapped text (most lines end mid-sentence) is judged by paragraph (blocks separated
by blank lines) instead of by line, so a wrapped paragraph's first line is not mistaken for
a short heading.
"""
from __future__ import annotations

import re

_FINAL = re.compile(r"""[.!?…]["'”’»)\]]*\s*$""")
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|al|bin|el|la|le|di))*"
_BYLINE = re.compile(
    rf"^(?:by|from)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
    rf"(?:\s*(?:[|,/–—-]|\bfor\b|\bin\b)\s*[\w .,'’&-]{{1,60}})?$",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"^[(\[]?\s*(?:photo|photograph|image|picture|pictured|file photo|video|caption|"
                      r"credit|illustration)s?\b\s*[:|/–—-]?", re.IGNORECASE)
_INLINE_CAPTION = re.compile(r"\(\s*(?:photo|image|picture|file photo|credit)s?\s*:[^()\n]{0,200}\)", re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|^copyright\b|all rights reserved", re.IGNORECASE)
_LABEL = re.compile(r"^[\w’' ]{1,25}\s*[:|»›]\s*\S")
_BULLET = re.compile(r"^\s*(?:[-•*▪–]\s|\d{1,2}[.)]\s)")

MAX_SHORT_WORDS = 15
MAX_TRAILING_WORDS = 30


def _units(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, or of each paragraph in hard-wrapped text."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            lines.append((pos + lead, pos + len(body.rstrip())))
        pos += len(raw)
    if not _hard_wrapped(text, lines):
        return lines
    blocks: list[tuple[int, int]] = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t\r]*\n))*", text):
        s = m.start()
        blocks.append((s, s + len(m.group().rstrip())))
    return blocks


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    if len(lines) < 6:
        return False
    open_ended = sum(1 for s, e in lines if not _FINAL.search(text[s:e]) and e - s > 40)
    return open_ended / len(lines) > 0.5


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def _is_pattern_line(s: str) -> bool:
    if _COPYRIGHT.search(s) and _words(s) <= 30:
        return True
    if _words(s) <= 25 and (_CAPTION.match(s) or (s.startswith("(") and s.endswith(")"))):
        return True
    return bool(_BYLINE.match(s)) and _words(s) <= 20


def find_furniture(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of page furniture in `text`, sorted and non-overlapping."""
    units = _units(text)
    spans: list[tuple[int, int]] = []
    punctuated = [bool(_FINAL.search(text[s:e])) for s, e in units]
    last_sentence = max((i for i, p in enumerate(punctuated) if p), default=-1)
    for i, (s, e) in enumerate(units):
        u = text[s:e]
        n = _words(u)
        if _is_pattern_line(u):
            spans.append((s, e))
            continue
        if i == 0 or punctuated[i] or _BULLET.match(u) or n == 0:
            continue
        if u.endswith(":") and i + 1 < len(units) and _BULLET.match(text[units[i + 1][0]:units[i + 1][1]]):
            continue  # introduces a list
        if _LABEL.match(u) and n <= MAX_TRAILING_WORDS:
            spans.append((s, e))
        elif n <= MAX_SHORT_WORDS:
            spans.append((s, e))
        elif i > last_sentence >= 0 and n <= MAX_TRAILING_WORDS:
            spans.append((s, e))
    for m in _INLINE_CAPTION.finditer(text):
        spans.append((m.start(), m.end()))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def leading_title(text: str) -> str | None:
    """The article's first line when it reads as a title (short, no sentence-final punctuation)."""
    units = _units(text)
    if not units:
        return None
    s, e = units[0]
    u = text[s:e]
    if "\n" in u or _FINAL.search(u) or _is_pattern_line(u) or not 1 <= _words(u) <= 25:
        return None
    return u
