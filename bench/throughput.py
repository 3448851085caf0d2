"""Throughput of the whole detente pipeline against spaCy alone on the same texts.

    python bench/throughput.py [--articles 120] [--processes 1] [--seed 7]

Generates news-length articles (about 600 words) from templates written for this benchmark,
then, each in a fresh subprocess so peak memory is its own:

1. detente: Pipeline.code_many over the texts (parse, actors, coding, dates, places);
2. spaCy alone: en_core_web_sm with every component on, nlp.pipe over the same texts.

Prints articles/s, sentences/s and peak RSS for each, and a last line
`ratio detente/spacy: X.XX`.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

COUNTRIES = [("Mali", "Malian", "Bamako"), ("Niger", "Nigerien", "Niamey"), ("Kenya", "Kenyan", "Nairobi"),
             ("France", "French", "Paris"), ("Russia", "Russian", "Moscow"), ("China", "Chinese", "Beijing"),
             ("Turkey", "Turkish", "Ankara"), ("Egypt", "Egyptian", "Cairo"), ("Brazil", "Brazilian", "Brasilia"),
             ("Japan", "Japanese", "Tokyo"), ("Ukraine", "Ukrainian", "Kyiv"), ("Iran", "Iranian", "Tehran")]
TEMPLATES = [
    "{A} on {day} accused {B} of backing armed groups along their shared border, a charge {bcap} rejected.",
    "The {adjA} foreign minister met his {adjB} counterpart in {capB} to discuss trade and security.",
    "{adjA} troops clashed with rebels near the border town, killing at least {n} fighters, officials said.",
    "{A} imposed sanctions on {B} after talks on the disputed dam collapsed last week.",
    "The president of {A} invited the leader of {B} to visit {capA} later this year.",
    "{adjB} police arrested {n} opposition activists during a protest in {capB} on {day}.",
    "{A} said it would send humanitarian aid to {B}, where floods have displaced thousands of families.",
    "Officials in {capA} denied reports that {adjA} warplanes had struck targets inside {B}.",
    "{B} praised {A} for its role in brokering the ceasefire and called for further negotiations.",
    "Thousands of people marched through {capA} to demand the release of detained journalists.",
    "The economy has grown slowly in recent years, and prices for bread and fuel remain high.",
    "Analysts said a visit by the {adjA} leader would be highly symbolic for relations with {B}.",
    "{A} recalled its ambassador from {capB} in protest at the expulsion of two diplomats.",
    "The United Nations urged {A} and {B} to resume talks and respect the ceasefire agreement.",
    "{adjA} forces launched airstrikes on positions held by militants in the north, the army said.",
    "Both governments signed an agreement on energy cooperation during the summit in {capB}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_articles(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    articles = []
    for _ in range(n):
        words, sents = 0, []
        while words < 600:
            (a, adj_a, cap_a), (b, adj_b, cap_b) = rnd.sample(COUNTRIES, 2)
            s = rnd.choice(TEMPLATES).format(A=a, B=b, adjA=adj_a, adjB=adj_b, capA=cap_a, capB=cap_b,
                                             bcap=cap_b, day=rnd.choice(DAYS), n=rnd.randint(3, 40))
            sents.append(s[0].upper() + s[1:])
            words += len(s.split())
        paras = [" ".join(sents[i:i + 3]) for i in range(0, len(sents), 3)]
        articles.append("\n\n".join(paras))
    return articles


def count_sentences(texts: list[str]) -> int:
    """Sentences of the generated texts (each template is one sentence ending in a full stop),
    counted the same way for both phases."""
    return sum(t.count(".") for t in texts)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_detente(texts: list[str], processes: int) -> dict:
    from detente.models import Article
    from detente.pipeline import Pipeline

    arts = [Article(id=f"bench-{i}", text=t, published="2025-06-01") for i, t in enumerate(texts)]
    if processes > 1:
        # worker processes, as spaCy's n_process: each loads its own pipeline (timed here too,
        # as spaCy's worker start-up is)
        from detente.batch.local import code_parallel

        coded_all = lambda: code_parallel(arts, workers=processes, batch_size=32)  # noqa: E731
    else:
        pipe = Pipeline()
        list(pipe.code_many(arts[:4]))  # warm up: the gazetteer and knowledge load on first use
        coded_all = lambda: pipe.code_many(arts, batch_size=32)  # noqa: E731
    t0 = time.perf_counter()
    n_events = 0
    for coded in coded_all():
        n_events += len(coded.events)
    elapsed = time.perf_counter() - t0
    return {"articles_per_s": len(texts) / elapsed, "sentences_per_s": count_sentences(texts) / elapsed,
            "events": n_events, "seconds": elapsed, "peak_rss_mb": peak_rss_mb()}


def run_spacy(texts: list[str], processes: int) -> dict:
    from detente.nlp import available_model
    import spacy

    nlp = spacy.load(available_model())
    list(nlp.pipe(texts[:4]))
    t0 = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=32, n_process=processes):
        pass
    elapsed = time.perf_counter() - t0
    return {"articles_per_s": len(texts) / elapsed, "sentences_per_s": count_sentences(texts) / elapsed,
            "seconds": elapsed, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--phase", choices=("detente", "spacy"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    texts = make_articles(args.articles, args.seed)
    if args.phase:
        fn = run_detente if args.phase == "detente" else run_spacy
        print(json.dumps(fn(texts, args.processes)))
        return
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts)} articles, {words:.0f} words each on average, {args.processes} process(es)")
    results = {}
    for phase in ("detente", "spacy"):
        out = subprocess.run([sys.executable, __file__, "--phase", phase, "--articles", str(args.articles),
                              "--processes", str(args.processes), "--seed", str(args.seed)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results[phase] = r
        extra = f", {r['events']} events" if "events" in r else ""
        print(f"{phase:8} {r['articles_per_s']:6.2f} articles/s  {r['sentences_per_s']:7.1f} sentences/s  "
              f"peak RSS {r['peak_rss_mb']:.0f} MB  ({r['seconds']:.1f} s{extra})")
    print(f"ratio detente/spacy: {results['detente']['articles_per_s'] / results['spacy']['articles_per_s']:.2f}")


if __name__ == "__main__":
    main()
