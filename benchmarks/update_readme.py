"""Write the README's "Measured numbers" section from benchmarks/results/*.json (never typed by hand).

Usage: python benchmarks/update_readme.py [--check]   (--check exits 1 when the README is out of date)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
README = REPO / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
QUALITY_METRICS = (
    "date_accuracy",
    "date_false_rate",
    "publisher_accuracy",
    "agency_accuracy",
    "author_accuracy",
    "title_accuracy",
    "officials_f1",
    "officials_country_accuracy",
    "topics_f1",
    "dup_pair_f1",
    "coverage",
)
SIGNATURE_STAGES = ("signatures", "candidate_pairs", "scored_edges", "components")


def _load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _table(header: tuple, rows: list[tuple]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(map(str, r)) + " |" for r in rows),
    ]


def quality_section(quality: dict) -> list[str]:
    sets = sorted(quality["sets"])
    rows = [(m, *(f"{quality['sets'][s]['metrics'][m]:.3f}" for s in sets)) for m in QUALITY_METRICS]
    return [
        "### Annotation quality (`benchmarks/quality.py`: `score.py` against the gold files)",
        "",
        *_table(("metric", *sets), rows),
        "",
        "None of these is a held-out figure: the rules were developed looking at the seeds and dev pages, and the",
        "real pages' errors were read to find error classes (fixed by general rules, never by page-specific ones).",
        "Held-out figures: the topics report half and the duplicate pair set's report half below.",
        "",
        *(topics_real_section(quality["topics_real"]) if "topics_real" in quality else []),
    ]


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def topics_real_section(topics: dict) -> list[str]:
    """The real topic set: the report half (never fitted on) first, the tune half beside it, and the report
    half's precision per topic."""
    halves = topics["halves"]
    keys = ("micro_f1", "micro_precision", "micro_recall", "min_topic_precision", "articles", "labels")
    rows = [(key, *(_figure(halves[h][key]) if key.startswith(("micro", "min")) else halves[h][key]
                    for h in ("report", "tune"))) for key in keys]
    per_topic = [
        (topic, c["tp"], c["fp"], c["fn"], _figure(c["precision"]))
        for topic, c in halves["report"]["per_topic"].items()
        if c["tp"] + c["fp"] + c["fn"]
    ]
    return [
        f"Topics on real news (`benchmarks/topics_real`, taxonomy v{topics['taxonomy']['version']}): Naver and BBC",
        "articles labelled by reading; constants and vocabulary were fitted on the tune half only, so the report",
        "half is the held-out figure: one random draw, labelled blind and measured once (which draw, and what it",
        "holds, and how consistent its labels are, is in `benchmarks/topics_real/README.md`).",
        "",
        *_table(("metric", "report half", "tune half"), rows),
        "",
        "Report half, per topic:",
        "",
        *_table(("topic", "tp", "fp", "fn", "precision"), per_topic),
        "",
    ]


def dedup_section(dedup: dict) -> list[str]:
    test = dedup["bbc_dupsynth"]["test"]
    methods = (
        ("duplicate groups (`group_texts`)", test["group_texts"]),
        ("same, on uncleaned pages", test["group_texts_uncleaned_pages"]),
        (f"MinHash, {test['minhash_default']['settings']}", test["minhash_default"]),
        (f"MinHash {test['minhash_tuned']['settings']} (of {test['minhash_tuned']['settings_tried']} settings)",
         test["minhash_tuned"]),
    )  # fmt: skip
    lines = [
        f"### Duplicate groups (`benchmarks/dedup_benchmark.py`, commit {dedup.get('commit', '-')})",
        "",
        f"bbc_dupsynth test split ({test['docs']} docs; every threshold, ours and the tuned MinHash's, set on the "
        "dev split):",
        "",
        *_table(("method", "ARI", "seconds"), [(name, row["ari"], row["seconds"]) for name, row in methods]),
        "",
    ]
    if naver := dedup.get("naver"):
        lines += naver_dedup_section(naver)
    if reuters := dedup.get("reuters"):
        cpus = dedup.get("machine", {}).get("cpus")
        lines += reuters_dedup_section(reuters, dedup.get("reuters_baseline"), cpus)
    met = {True: "yes", False: "**no**", None: "not a bar (see the next row)"}
    checks = [(c["bar"], c["measured"], met[c["met"]]) for c in dedup.get("acceptance", [])]
    return lines + [*_table(("issue 15 bar", "measured", "met"), checks), ""]


def naver_dedup_section(naver: dict) -> list[str]:
    halves = naver["pair_set"]
    rows = [(half, *(halves[half][k] for k in ("tp", "fp", "fn", "tn", "precision", "recall")))
            for half in ("tune", "report")]  # fmt: skip
    versions, merges = naver["yonhap_versions"], naver["false_merges"]
    return [
        f"Real news: the {naver['records']} Naver articles built whole ({naver['rows']} rows), against the labelled "
        "pair set `benchmarks/dedup_pairs/` (tune half for thresholds, report half reported):",
        "",
        *_table(("half", "TP", "FP", "FN", "TN", "precision", "recall"), rows),
        "",
        f"Yonhap story versions ({versions['definition']}): {versions['grouped']} of {versions['pairs']} pairs "
        f"grouped (recall {versions['recall']}); {versions['missed_with_a_rejected_record']} of the misses pair a "
        f"headline-only (URGENT) flash that the build rejects, so recall over pairs of kept rows is "
        f"{versions['recall_both_kept']}. Groups of two or more: {merges['groups_with_copies']}, of which "
        f"{merges['false_merge_groups']} hold a pair labelled different.",
        "",
    ]


def reuters_dedup_section(reuters: dict, baseline: dict | None, cpus: int | None) -> list[str]:
    rows = [(r["fraction"], r["docs"], r["seconds"], r.get("cpu_seconds", "-"), r["peak_rss_mb"])
            for r in reuters["runs"]]  # fmt: skip
    whole = reuters.get("whole_corpus", {})
    lines = [
        "Grouping stage alone on Reuters-21578" + (f" (measured at commit {reuters['commit']}):" if "commit" in reuters
                                                   else ":"),
        "",
        *_table(("share", "articles", "seconds", "CPU seconds", "peak RSS MB"), rows),
        "",
    ]
    if whole and baseline:
        loads = ", ".join(f"{before}-{after}" for before, after in whole["load_average_1min"])
        lines += [
            f"All of it, {len(whole['seconds'])} runs: median {whole['median_seconds']} s (CPU "
            f"{whole['median_cpu_seconds']} s; 1-minute load average before-after each run {loads}, {cpus} cores) "
            f"against the {baseline['seconds']} s recorded in {baseline['measured']}: x{whole['over_baseline']}.",
            "",
        ]
    if same := reuters.get("same_load"):
        old, ours = same["before_issue_15"], same["ours"]
        lines += [
            "Timed alternately in the same run, so under the same load, the code before issue 15 took "
            + ", ".join(f"{r['seconds']} s (CPU {r['cpu_seconds']} s)" for r in old)
            + "; ours " + ", ".join(f"{r['seconds']} s (CPU {r['cpu_seconds']} s)" for r in ours)
            + f": x{same['cpu_ratio_of_medians']} in median CPU time.",
            "",
        ]
    return lines


# The wall-clock phases of a build (``--timings``), in the order they run.
PHASES = ("start", "read_and_annotate", "corpus_steps", "validate_and_write", "finish")


def spacy_drift(runs: list[dict]) -> list[str]:
    """How the build's own spaCy stage (worker seconds / workers) compares with the floor's pass over the same
    documents: the same work, so a gap is the machine's speed moving between the two runs."""
    pairs = [
        (r["articles"], round(r["seconds_per_1k_articles"]["spacy_parse_v1"] * r["articles"] / 1000 / r["workers"]),
         round(r["floor_pipe_seconds"]))
        for r in runs if "floor_pipe_seconds" in r and "spacy_parse_v1" in r.get("seconds_per_1k_articles", {})
    ]
    if not pairs:
        return []
    told = "; ".join(f"{n} articles: {inside} s in the build, {floor} s in the floor" for n, inside, floor in pairs)
    repeated = [
        f"{r['articles']} articles: build and floor {r['repeats']} times in turn, ratios "
        + ", ".join(str(x) for x in r["pair_ratios"]) + " (the table gives the median build, floor and ratio)"
        for r in runs if r.get("repeats", 1) > 1
    ]
    notes = [f"{r['articles']} articles: {r['note']}" for r in runs if r.get("note")]
    return [*(["; ".join(repeated) + ".", ""] if repeated else []), *([" ".join(notes), ""] if notes else []),
        "The spaCy stage inside each build against the floor's pass over the same documents (worker seconds over",
        f"the workers; the same work): {told}. Where they differ, the machine's speed moved between the two runs,",
        "and the build / floor ratio moves with it.",
        "",
    ]


def scale_section(scale: dict) -> list[str]:
    runs = scale["runs"]
    rows = [
        (r["articles"], r.get("copies", 0), r["workers"], r["build_seconds"], r.get("floor_docs", "-"),
         r.get("floor_seconds", "-"), r.get("build_over_floor", "-"), r["articles_per_second"], r["peak_rss_mb"],
         r.get("peak_pss_mb", "-"), r.get("driver_peak_rss_mb", "-"), r.get("commit", "-"))
        for r in runs
    ]
    header = ("articles", "of them copies", "workers", "build s", "documents parsed", "spaCy floor s",
              "build / floor", "articles/s", "peak RSS MB", "peak PSS MB", "driver peak MB", "commit")
    lines = [
        "### Whole builds (`benchmarks/scale_benchmark.py`, Reuters-21578 stories with a body, 2 cores)",
        "",
        *_table(header, rows),
        "",
        "The floor is spaCy's `nlp.pipe` alone, run right after each build, over exactly the documents the build",
        "parsed (the English rows of its output: what passed the article filter), with the build's components,",
        "batch size and processes. Past the corpus's stories the corpora hold perturbed copies of them (a line",
        "dropped, two words swapped, a figure changed, a credit line added; each copy says so in its record). The",
        "machine is shared with other jobs, so seconds are noisy; peak RSS is of the whole process tree (the sum of",
        "each process's resident memory, so a page that forked processes share counts once per process), peak PSS",
        "of the same tree with each shared page split among the processes sharing it (what the build really",
        "holds; '-' where not measured), the driver's of the build process alone.",
        "",
        *spacy_drift(runs),
        *stage_table(runs),
        *memory_section(scale.get("memory", [])),
    ]
    for incremental in [*filter(None, [scale.get("incremental")]), *scale.get("incremental_larger", [])]:
        lines += [incremental_sentence(incremental), ""]
    return lines + targets_section(scale)


def incremental_sentence(incremental: dict) -> str:
    stages = incremental.get("incremental_stages", {})
    slowest = max(stages, key=stages.get) if stages else None
    where = f"; its longest stage is {slowest}, {stages[slowest]} s" if slowest else ""
    phases = incremental.get("incremental_phases", {})
    wall = ", ".join(f"{name} {phases[name]} s" for name in PHASES if phases.get(name, 0) >= 0.05)
    return (
        f"Incremental rebuild after adding {incremental['added']} articles to {incremental['base_articles']}:"
        f" {incremental['incremental_seconds']} s vs {incremental['full_seconds']} s for the full build "
        f"({incremental['incremental_share']:.1%}{where}; commit {incremental.get('commit', '-')})."
        + (f" Its phases, wall clock: {wall}." if wall else "")
        + (f" {incremental['note']}" if incremental.get("note") else "")
    )


def stage_table(runs: list[dict]) -> list[str]:
    """Seconds per 1,000 input articles of each step (per-article steps: worker seconds, summed) and size."""
    runs = [r for r in runs if "seconds_per_1k_articles" in r]
    if not runs:
        return []
    stages = sorted({name for r in runs for name in r["seconds_per_1k_articles"]})
    rows = [(name, *(r["seconds_per_1k_articles"].get(name, "-") for r in runs)) for name in stages]
    header = ("seconds per 1k articles", *(f"{r['articles']} articles, {r['workers']} workers" for r in runs))
    return [
        *_table(header, rows),
        "",
        "Per 1,000 input articles: the per-article steps in worker seconds (summed over the workers, as `--timings`",
        "reports them), the corpus steps and `validate_and_write` in the driver's wall seconds.",
        "",
    ]


def memory_slope(rows: list[dict]) -> float | None:
    """KB of driver peak RSS per article between the smallest and the largest corpus measured."""
    rows = sorted(rows, key=lambda r: r["articles"])
    if len(rows) < 2 or rows[-1]["articles"] == rows[0]["articles"]:
        return None
    return (rows[-1]["driver_peak_rss_mb"] - rows[0]["driver_peak_rss_mb"]) * 1024 / (
        rows[-1]["articles"] - rows[0]["articles"])


def memory_section(memory: list[dict]) -> list[str]:
    """The driver's peak RSS before and after a change, for the same articles (all answered by the cache)."""
    if not memory:
        return []
    labels = sorted({r["label"] for r in memory}, reverse=True)  # "before", then "after"
    sizes = sorted({r["articles"] for r in memory})
    found = {(r["articles"], r["label"]): r for r in memory}
    rows = [(n, *(found[(n, label)]["driver_peak_rss_mb"] if (n, label) in found else "-" for label in labels))
            for n in sizes]
    commits = ", ".join(f"{label} = {next(r['commit'] for r in memory if r['label'] == label)}" for label in labels)
    slopes = [(label, memory_slope([r for r in memory if r["label"] == label])) for label in labels]
    slope_text = "; ".join(f"{label} {kb:.1f} KB" for label, kb in slopes if kb is not None)
    lines = [
        f"Driver memory for the same articles, every one answered by the cache (no worker runs; {commits}):",
        "",
        *_table(("articles", *(f"{label}: driver peak MB" for label in labels)), rows),
        "",
    ]
    if slope_text:
        lines += [f"Driver peak RSS per added article, smallest to largest corpus: {slope_text}.", ""]
    return lines


def flat_memory_checks(runs: list[dict], small: int = 20000, large: int = 100000) -> list[tuple[str, str, bool]]:
    """Peak memory at ``large`` articles against ``small`` (2 workers), summed RSS and PSS: issue 20's "flat in N"."""
    by_size = {r["articles"]: r for r in runs if r["workers"] == 2}
    if small not in by_size or large not in by_size:
        return []
    checks = []
    for label, key in (("RSS summed", "peak_rss_mb"), ("PSS", "peak_pss_mb")):
        one, other = by_size[small].get(key), by_size[large].get(key)
        if one and other:
            commits = f"commits {by_size[large]['commit']} / {by_size[small]['commit']}"
            checks.append((f"peak {label} at {large} articles at most 1.2 x at {small} (2 workers)",
                           f"{other} / {one} MB = {other / one:.2f} ({commits})", other / one <= 1.2))
    return checks


def targets_section(scale: dict) -> list[str]:
    """Issue 20's targets, each checked against the measured runs."""
    runs = scale["runs"]
    largest = max(runs, key=lambda r: (r["articles"], r["workers"]))
    floored = [r for r in runs if "build_over_floor" in r]
    worst = max([r for r in floored if r["articles"] >= 5000] or floored, key=lambda r: r["build_over_floor"])
    after = memory_slope([r for r in scale.get("memory", []) if r["label"] == "after"])
    before = memory_slope([r for r in scale.get("memory", []) if r["label"] == "before"])
    incremental = scale.get("incremental")
    checks = [
        ("whole build at most 1.15 x the honest floor (5k articles and up)",
         f"worst {worst['build_over_floor']} ({worst['articles']} articles, {worst['workers']} workers)",
         worst["build_over_floor"] <= 1.15),
        ("peak RSS under 2 GiB, 2 workers, largest corpus (RSS summed over the processes)",
         f"{largest['peak_rss_mb']} MB at {largest['articles']} articles", largest["peak_rss_mb"] < 2048),
    ]
    if largest.get("peak_pss_mb"):
        pss = largest["peak_pss_mb"]
        checks.append(("peak PSS under 2 GiB, 2 workers, largest corpus (shared pages counted once)",
                       f"{pss} MB at {largest['articles']} articles", pss < 2048))
    checks += flat_memory_checks(runs)
    if after is not None and before is not None:
        checks.append(("driver memory per article lower after streaming rows to disk",
                       f"{before:.1f} KB -> {after:.1f} KB per article", after < before))
    for row in [*filter(None, [incremental]), *scale.get("incremental_larger", [])]:
        checks.append((f"incremental rebuild (+1%) at most 5% of the full build ({row['base_articles']} articles)",
                       f"{row['incremental_share']:.1%} (commit {row.get('commit', '-')})",
                       row["incremental_share"] <= 0.05))
    return [*_table(("target", "measured", "met"), [(t, m, "yes" if ok else "**no**") for t, m, ok in checks]), ""]


NAVER_METRICS = (
    "rows",
    "date_coverage",
    "date_precision",
    "publisher_coverage",
    "publisher_precision",
    "title_equal",
    "author_coverage",
    "yonhap_agency",
)


def naver_section(naver: dict) -> list[str]:
    forms = naver["forms"]
    rows = [(m, *(forms[f][m] for f in ("as_is", "body_only"))) for m in NAVER_METRICS]
    articles = forms["as_is"]["articles"]
    return [
        "### Real crawled pages (`benchmarks/naver_fields.py`, against the outlets' own metadata)",
        "",
        f"{articles} Naver News articles of Korean outlets' English services, only their crawled text built; "
        "`body_only` without the crawler's header line and footer (shares over the rows; `yonhap_agency` over the "
        f"{forms['as_is']['yonhap_pages']} Yonhap rows, including editorials it carries from other papers):",
        "",
        *_table(("metric", "as crawled", "body only"), rows),
        "",
        "Dated rows: " + ", ".join(
            f"{round(forms[f]['date_coverage'] * forms[f]['rows'])} {label}"
            for f, label in (("as_is", "as crawled"), ("body_only", "body only"))
        )
        + " (a yearless dateline takes its year only from a date the page or the corpus states).",
        "",
    ]


def reuters_officials_section(result: dict) -> list[str]:
    rows = []
    for split in ("TRAIN", "TEST"):
        classes = result.get(split, {}).get("classes", {})
        rows += [(split, name, classes[name]["pairs"], classes[name]["found"], f"{classes[name]['recall']:.3f}",
                  f"{classes[name]['country_accuracy']:.3f}") for name in ("government", "central_bank", "igo")
                 if name in classes]
    business = [result[s]["classes"]["business"] for s in ("TRAIN", "TEST") if s in result]
    excluded = sorted({t for s in ("TRAIN", "TEST") if s in result for t in result[s]["excluded_business_tags"]})
    return [
        "### Officials on Reuters-21578 (`benchmarks/reuters_officials.py`, the indexers' `people` tags)",
        "",
        "Stories with a body and `people` tags; a tag counts when its surname is in the body. TEST is held out",
        "(the corpus pass was tuned on TRAIN; TEST's tags were classified only after):",
        "",
        *_table(("split", "tag class", "tags", "found", "recall", "country"), rows),
        "",
        f"Business people are excluded ({', '.join(excluded)}): {sum(b['found'] for b in business)} of their "
        f"{sum(b['pairs'] for b in business)} mentions were tagged as officials.",
        "",
    ]


def dedup_signatures_section(result: dict) -> list[str]:
    """The duplicate stage alone on synthetic signatures: time, peak RSS and the planted clusters found."""
    settings, runs = result["settings"], result["runs"]
    smallest, largest = min(runs, key=lambda r: r["docs"]), max(runs, key=lambda r: r["docs"])
    rows = [(r["docs"], r["candidate_pairs"], r["edges"], *(r["seconds"][s] for s in SIGNATURE_STAGES),
             r["total_seconds"], r["peak_rss_mb"], r["disk_mb"], f"{r['pair_precision']:.4f}",
             f"{r['pair_recall']:.4f}", f"{r['clusters_recovered']} of {r['planted_clusters']}") for r in runs]
    header = ("documents", "candidate pairs", "edges", *(f"{s} s" for s in SIGNATURE_STAGES), "total s",
              "peak RSS MB", "disk MB", "pair precision", "pair recall", "clusters recovered")
    return [
        f"### Duplicate stage alone, on synthetic signatures (`benchmarks/dedup_signatures.py`, commit "
        f"{result.get('commit', '-')})",
        "",
        "`dedup/staged_lsh.py`'s stages on invented documents: word sets with Zipf-like word frequencies, "
        f"{settings['cluster_share']:.0%} of the stories planted with 2-{settings['max_cluster']} copies (each "
        f"keeps {settings['keep'][0]}-{settings['keep'][1]} of the original's words and adds up to "
        f"{settings['added'][1]:.0%} new ones), MinHash of {settings['num_perm']} values in {settings['bands']} "
        f"bands of {settings['rows']}; an edge where the signatures agree on {settings['edge_threshold']} of their "
        "values.",
        "",
        *_table(header, rows),
        "",
        "Each size runs in its own process; peak RSS is that process's high-water mark over the four stages",
        "(about 220 MB of it is the imports; the signatures stage's seconds include inventing the documents). The",
        "bucket and pair files are capped in size, so past them only per-document arrays (8 bytes a document: the",
        f"component labels) grow with the corpus: peak RSS x{largest['peak_rss_mb'] / smallest['peak_rss_mb']:.2f} "
        f"from {smallest['docs']:,} to {largest['docs']:,} documents.",
        "",
    ]


def ray_memory_section(result: dict) -> list[str]:
    """The Ray engine's driver memory at two sizes, beside the local engine's, and whether their rows agree."""
    runs = sorted(result["runs"], key=lambda r: r["articles"])
    rows = [(r["articles"], r["commit"], "yes" if r["rows_equal"] else "**no**", r["ray_seconds"],
             r["ray_driver_peak_rss_mb"], r["ray_peak_rss_mb"], r["local_seconds"], r["local_driver_peak_rss_mb"],
             r["local_peak_rss_mb"]) for r in runs]
    header = ("articles", "commit", "same articles files", "Ray s", "Ray driver peak RSS MB",
              "Ray peak RSS MB (all processes)", "local s", "local driver peak RSS MB", "local peak RSS MB")
    first, last = runs[0], runs[-1]
    grown = last["ray_driver_peak_rss_mb"] - first["ray_driver_peak_rss_mb"]
    per_article = grown * 1024 / max(1, last["articles"] - first["articles"])
    return [
        "### Ray engine on a local two-process cluster (`benchmarks/ray_memory.py`)",
        "",
        *_table(header, rows),
        "",
        f"The Ray driver grows by {grown:.1f} MB from {first['articles']:,} to {last['articles']:,} articles "
        f"({per_article:.1f} KB per article): it stages each returned article and runs the corpus steps (duplicate "
        "scoring, clustering, the officials' corpus pass) and the writer itself, so its memory is not independent of "
        "the corpus size (issue 20's last target is not met). Seconds are of one run each.",
        "",
    ]


def fuzz_section(fuzz: dict) -> list[str]:
    return [
        "### Robustness (`benchmarks/fuzz_build.py`)",
        "",
        f"{fuzz['files']} random and mutated input files: {fuzz['crashes']} crashes, {fuzz['rows']} rows, "
        f"{fuzz['rejected']} named rejects, in {fuzz['seconds']} s.",
        "",
    ]


def render() -> str:
    sections = []
    for name, render_section in (
        ("quality", quality_section),
        ("naver_fields", naver_section),
        ("reuters_officials", reuters_officials_section),
        ("scale", scale_section),
        ("dedup", dedup_section),
        ("dedup_signatures", dedup_signatures_section),
        ("ray_memory", ray_memory_section),
        ("fuzz", fuzz_section),
    ):
        if (data := _load(name)) is not None:
            sections += render_section(data)
    body = "\n".join(
        ["(generated by `python benchmarks/update_readme.py` from `benchmarks/results/*.json`)", "", *sections]
    ).rstrip()
    return f"{START}\n{body}\n{END}"


def updated_readme() -> str:
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return before + render() + after


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    new = updated_readme()
    if args.check:
        return 0 if new == README.read_text(encoding="utf-8") else 1
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
