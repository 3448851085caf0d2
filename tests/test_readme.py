"""The README's promises: a quick start of exactly two commands, and `.ci/run` running the
README's test command (issue 2, "Done when")."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert m, f"README.md has no '## {title}' section"
    return m.group(1)


def first_code_block(text: str) -> tuple[str, str]:
    m = re.search(r"^```(\w*)\n(.*?)^```", text, re.M | re.S)
    assert m, "no fenced code block"
    return m.group(1), m.group(2)


def commands(block: str) -> list[str]:
    """Shell commands of a block: non-blank lines, comments dropped."""
    out = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if words:
            out.append(" ".join(words))
    return out


def quick_start() -> list[str]:
    lang, block = first_code_block(section("Quick start"))
    assert lang in ("sh", "bash", "console", "shell"), lang
    return commands(block)


def ci_commands() -> list[str]:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    return [c for c in commands(script) if not c.startswith(("set ", "cd "))]


def test_readme_quick_start_has_exactly_two_commands():
    cmds = quick_start()
    assert len(cmds) == 2, cmds
    demo, test = cmds
    assert "test" not in demo and "test" in test, cmds


def test_readme_quick_start_commands_are_make_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = {m.group(1): m.group(2) for m in re.finditer(r"^([\w-]+):[^\n]*\n((?:\t[^\n]*\n)*)", makefile, re.M)}
    demo, test = quick_start()
    for cmd in (demo, test):
        words = cmd.split()
        if words[0] == "make":
            assert words[1] in targets, f"Makefile has no target {words[1]!r}"
    if demo.startswith("make "):
        assert "detente extract" in targets[demo.split()[1]] and "examples/" in targets[demo.split()[1]]
    if test.startswith("make "):
        assert "pytest" in targets[test.split()[1]]


def test_readme_ci_runs_the_readme_test_command():
    ci = ROOT / ".ci" / "run"
    assert ci.stat().st_mode & 0o111, ".ci/run is not executable"
    _, test = quick_start()
    assert ci_commands() == [test]


# The README's sample event is written by hand: its offsets must point at the words they name.
def test_readme_sample_event_offsets_match_the_example():
    block = section("What an event looks like")
    m = re.search(r"detente extract --format jsonl (examples/\S+)", block)
    assert m
    text = (ROOT / m.group(1)).read_text(encoding="utf-8")
    spans = re.findall(r'"text": "([^"]+)", "name": [^{}]*?"start": (\d+), "end": (\d+)', block)
    assert spans
    for words, start, end in spans:
        assert text[int(start):int(end)] == words, (words, start, end, text[int(start):int(end)])



@pytest.mark.slow
def test_readme_sample_event_is_what_extract_prints():
    """The sample is the example's first event; a string ending in ' ...' is a prefix."""
    import json

    from detente.ingest import iter_articles
    from detente.pipeline import Pipeline

    block = section("What an event looks like")
    path = re.search(r"detente extract --format jsonl (examples/\S+)", block).group(1)
    shown = json.loads(re.search(r"^```json\n(.*?)^```", block, re.M | re.S).group(1))
    [article] = list(iter_articles([ROOT / path]))
    actual = Pipeline().code(article)[0].to_dict()

    def same(a, b):
        if isinstance(a, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        if isinstance(a, str) and a.endswith(" ..."):
            return isinstance(b, str) and b.startswith(a[:-4])
        return a == b

    assert same(shown, actual), json.dumps(actual, ensure_ascii=False)
