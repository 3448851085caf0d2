"""A cheap "is this English?" check: the share of English function words among the words.

English news prose runs at 35-50 % function words ("the", "of", "and", ...). A text below
`min_share` (settings `ingest.min_english_share`) is refused; the language it looks like is guessed from the script
(Cyrillic, Arabic, CJK, ...) or, for Latin script, from the same share measured with a few
other languages' function words. No language-identification model is loaded.
"""
from __future__ import annotations

import re
import unicodedata

MIN_WORDS = 12
MIN_ENGLISH_SHARE = 0.08  # settings key ingest.min_english_share

# Closed-class words only: articles, pronouns, prepositions, conjunctions, auxiliaries.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "English": frozenset(
        "the of and to in a is that for on with as was by at it from his her their its an be "
        "has have had are were been this which who or not but will would said says after over "
        "about into than also they he she we our more new two against between during while "
        "when where there could should may must".split()),
    "French": frozenset(
        "le la les de des du et à au aux un une est que qui dans pour sur par avec ce cette "
        "ses son sa ont été il elle ils sont pas ne se plus leur mais ou".split()),
    "Spanish": frozenset(
        "el la los las de del y en un una es que por con para se su sus al lo como más pero "
        "fue ha han este esta entre sobre también sin".split()),
    "Portuguese": frozenset(
        "o a os as de do da dos das e em um uma é que por com para se seu sua ao não mais "
        "foi no na nos nas pelo pela também".split()),
    "German": frozenset(
        "der die das und in den von zu mit ist im dem nicht ein eine auf für sich des auch "
        "es an als wird bei nach hat sind oder aus werden wurde".split()),
    "Italian": frozenset(
        "il lo la i gli le di del della dei e in un una è che per con non si su sono al alla "
        "ha anche come più nel nella".split()),
    "Dutch": frozenset(
        "de het een en van in is dat op te met voor zijn niet aan er door om bij ook werd "
        "naar hij zij worden".split()),
}

_SCRIPTS = (("CYRILLIC", "Cyrillic script (Russian, Ukrainian, ...)"), ("ARABIC", "Arabic script"),
            ("CJK", "Chinese or Japanese (CJK script)"), ("HANGUL", "Korean"),
            ("HIRAGANA", "Japanese"), ("KATAKANA", "Japanese"), ("DEVANAGARI", "Devanagari script (Hindi, ...)"),
            ("HEBREW", "Hebrew"), ("GREEK", "Greek"), ("THAI", "Thai"))

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _script(text: str) -> str | None:
    counts: dict[str, int] = {}
    letters = 0
    for ch in text[:20000]:
        if not ch.isalpha():
            continue
        letters += 1
        name = unicodedata.name(ch, "")
        for key, label in _SCRIPTS:
            if name.startswith(key) or (key == "CJK" and "CJK" in name):
                counts[label] = counts.get(label, 0) + 1
                break
    if not letters or not counts:
        return None
    label, n = max(counts.items(), key=lambda kv: kv[1])
    return label if n / letters > 0.3 else None


def language_problem(text: str, min_share: float = MIN_ENGLISH_SHARE) -> str | None:
    """None when `text` looks English (or is too short to tell), else a reason such as
    "not English (looks like French)"."""
    script = _script(text)
    if script:
        return f"not English (looks like {script})"
    words = [w.lower() for w in _WORD.findall(text[:50000])]
    if len(words) < MIN_WORDS:
        return None
    shares = {lang: sum(w in fw for w in words) / len(words) for lang, fw in FUNCTION_WORDS.items()}
    if shares["English"] >= min_share:
        return None
    best = max((lang for lang in shares if lang != "English"), key=shares.get)
    if shares[best] >= max(min_share, 0.08):
        return f"not English (looks like {best})"
    return f"not English (only {shares['English']:.0%} English function words)"
