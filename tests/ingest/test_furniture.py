"""find_furniture: a structural rule (sentences are content; short non-sentences are furniture)."""
from __future__ import annotations

import pytest

from detente.ingest.furniture import find_furniture, leading_title

BODY = (
    "Ministers from Ruritania and Borduria met in Vantor on Monday to discuss the disputed river border.\n"
    "The talks ended without an agreement, according to a statement from the Ruritanian foreign ministry.\n"
)


def skipped(text: str) -> list[str]:
    return [text[s:e] for s, e in find_furniture(text)]


def test_furniture_trailing_related_headline():
    text = BODY + "\nBorduria's army chief resigns after months of border skirmishes"
    assert skipped(text) == ["Borduria's army chief resigns after months of border skirmishes"]


def test_furniture_leading_title_is_kept():
    text = "Ruritania and Borduria hold border talks\n" + BODY
    assert skipped(text) == []
    assert leading_title(text) == "Ruritania and Borduria hold border talks"


@pytest.mark.parametrize("line", [
    "Read more: Borduria recalls its ambassador",
    "Related: Ruritania closes two crossings",
    "Also read",
    "Share this article",
    "By Jane Doe",
    "By Jane Doe and John Roe | Reuters",
    "Photo: Soldiers patrol the river bank near Vantor",
    "Image: A map of the disputed border region.",
    "File photo of the Ruritanian parliament building.",
    "© 2026 Example News Agency. All rights reserved.",
    "Copyright 2026 Example Media",
    "(Reporting by Jane Doe; editing by John Roe)",
])
def test_furniture_lines_between_paragraphs(line):
    text = "Border talks stall\n" + BODY + "\n" + line + "\n\n" + BODY
    assert skipped(text) == [line]


def test_furniture_inline_caption_only_the_parenthetical():
    text = BODY + "Protesters gathered outside the embassy (Photo: Example Agency) on Tuesday evening.\n"
    assert skipped(text) == ["(Photo: Example Agency)"]


def test_furniture_offsets_are_true():
    text = "Title here\n\nBy Jane Doe\n" + BODY + "\nRead more"
    for s, e in find_furniture(text):
        assert text[s:e].strip() == text[s:e] and text[s:e]
    assert skipped(text) == ["By Jane Doe", "Read more"]


def test_furniture_sentences_and_bullets_are_content():
    text = (BODY + "The measures include:\n- a freeze on the assets of twelve officials\n"
            "- a ban on arms sales\n" + "“We will not back down,” the minister said.\n")
    assert skipped(text) == []


def test_furniture_hard_wrapped_paragraphs_are_not_headings():
    para = ("Ministers from Ruritania and Borduria met in Vantor on Monday to discuss\n"
            "the disputed river border, which both governments have claimed since the\n"
            "end of the war, and agreed to meet again in the spring after a week of\n"
            "talks that diplomats described as difficult but useful for both sides.\n")
    text = para + "\n" + para + "\nRead more\n\n" + para
    assert skipped(text) == ["Read more"]


def test_furniture_empty_text():
    assert find_furniture("") == ()
