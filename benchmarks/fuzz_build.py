"""Fuzz the whole build with thousands of random and mutated input files; the crash count must be 0.

Usage: python benchmarks/fuzz_build.py [--files 3000] [--batch 500] [--seed 0]

Files are made from the seed pages (bytes flipped, inserted, deleted, spliced, re-encoded, joined into one line,
blown up past the size caps, laced with markup and control characters) and from scratch (random bytes, random
Unicode, word salad under a page header), with odd names. Each batch is written to a temporary folder and built
in this process with ``run.build.build`` (one worker, warn policy), then re-checked with ``build-dataset validate``.
The expectations' coverage gates (title/date/publisher null shares) only warn by default, so a batch of garbage
still reaches the writers, which are part of what is fuzzed.

A crash is: an exception out of the build other than a ``BuildError`` (those are clean, named failures), a
``StepFailedError`` (a step raised on a file: the build fails on any ``step_error``), rows + rejects != inputs,
or a dataset that does not validate.
The counts are printed and written to benchmarks/results/fuzz.json; failing batches are kept under
benchmarks/.work/ to reproduce them.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from build_dataset.core.errors import BuildError, StepFailedError
from build_dataset.core.settings import DEFAULT_TAXONOMY, Settings
from build_dataset.publish.validate_dataset import validate_dataset
from build_dataset.run.build import build

REPO = Path(__file__).resolve().parents[1]

RESULTS = REPO / "benchmarks" / "results" / "fuzz.json"
WORK = REPO / "benchmarks" / ".work"
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
INJECTIONS = [
    "---\nlicense: mit\n---",
    "<script>alert(1)</script>",
    "{{ config.items() }} {% raw %}",
    "[click](javascript:alert(1)) **bold** | a | b |",
    "\x00\x01\x02\x1b[31m",
    "\u202e\u200b\ufeff\u2028",
    "${HOME} $(rm -rf /) `id`",
    "' OR 1=1; --",
]
ENCODINGS = ["utf-16", "utf-16-le", "utf-32", "utf-8-sig", "cp1252", "latin-1", "euc-kr", "shift_jis", "gb18030"]
MAGIC = [b"%PDF-1.4\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"\x1f\x8b\x08", b"GIF89a"]
# File names: plain, with spaces, looking like options, upper-case suffix, non-ASCII, in a subfolder.
NAME_STYLES = ["{i:05d}.txt", "{i:05d} copy.txt", "--{i:05d}.txt", "-{i:05d}.TXT", "ünï {i:05d} 名.txt", "d/{i}.txt"]
HEADERS = ["The Korea Herald", "Yonhap News Agency", "The Japan Times", "Published : 2023-04-05 10:00", "By Staff"]


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if buffer:
            buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
    return bytes(buffer)


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def delete_span(data: bytes, rng: random.Random) -> bytes:
    start = rng.randint(0, len(data))
    return data[:start] + data[start + rng.randint(1, max(1, len(data) // 3)) :]


def duplicate_span(data: bytes, rng: random.Random) -> bytes:
    start = rng.randint(0, len(data))
    span = data[start : start + rng.randint(1, 2000)]
    return data[:start] + span * rng.randint(2, 5) + data[start:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


def splice(data: bytes, rng: random.Random) -> bytes:
    other = rng.choice(SEEDS).read_bytes()
    return data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)) :]


def shuffle_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    rng.shuffle(lines)
    return b"\n".join(lines)


def join_lines(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", rng.choice([b" ", b"", b"\r", b"\t"]))


def inject(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        lines.insert(rng.randint(0, len(lines)), rng.choice(INJECTIONS).encode())
    return b"\n".join(lines)


def reencode(data: bytes, rng: random.Random) -> bytes:
    return data.decode("utf-8", errors="replace").encode(rng.choice(ENCODINGS), errors="replace")


def blow_up(data: bytes, rng: random.Random) -> bytes:
    """Past the cleaner's caps: a 120k-char line, or the page repeated to ~300 KB."""
    if rng.random() < 0.5:
        return data + b"\n" + b"word " * 24_000
    return data * max(1, 300_000 // max(1, len(data)))


def unicode_noise(data: bytes, rng: random.Random) -> bytes:
    noise = "".join(chr(rng.choice([rng.randint(0x20, 0x2FFF), rng.randint(0x1F300, 0x1FAFF)])) for _ in range(50))
    at = rng.randint(0, len(data))
    return data[:at] + noise.encode("utf-8", errors="replace") + data[at:]


def binary_prefix(data: bytes, rng: random.Random) -> bytes:
    return rng.choice(MAGIC) + data


MUTATORS: list[Callable[[bytes, random.Random], bytes]] = [
    flip_bits,
    insert_bytes,
    delete_span,
    duplicate_span,
    truncate,
    splice,
    shuffle_lines,
    join_lines,
    inject,
    reencode,
    blow_up,
    unicode_noise,
    binary_prefix,
]


def word_salad(rng: random.Random) -> bytes:
    words = rng.choice(SEEDS).read_text(encoding="utf-8").split()
    sentences = [" ".join(rng.choices(words, k=rng.randint(5, 40))) + "." for _ in range(rng.randint(1, 12))]
    return "\n".join([*rng.sample(HEADERS, k=rng.randint(0, len(HEADERS))), *sentences]).encode()


def from_scratch(rng: random.Random) -> tuple[bytes, str]:
    kind = rng.choice(["random_bytes", "random_unicode", "word_salad", "empty", "whitespace"])
    if kind == "random_bytes":
        return rng.randbytes(rng.randint(1, 20_000)), kind
    if kind == "random_unicode":
        text = "".join(chr(rng.randint(1, 0xD7FF)) for _ in range(rng.randint(1, 3000)))
        return text.encode("utf-8"), kind
    if kind == "word_salad":
        return word_salad(rng), kind
    return (b"" if kind == "empty" else b" \n\t\r\n" * rng.randint(1, 50)), kind


def make_file(rng: random.Random, previous: list[bytes]) -> tuple[bytes, list[str]]:
    """One fuzz input and the names of what made it."""
    roll = rng.random()
    if roll < 0.05 and previous:
        return rng.choice(previous), ["identical_copy"]
    if roll < 0.3:
        data, kind = from_scratch(rng)
        return data, [kind]
    data = rng.choice(SEEDS).read_bytes()
    mutators = rng.choices(MUTATORS, k=rng.randint(1, 3))
    for mutate in mutators:
        data = mutate(data, rng)
    return data, [m.__name__ for m in mutators]


def write_batch(folder: Path, start: int, count: int, rng: random.Random, made: Counter) -> None:
    previous: list[bytes] = []
    for i in range(start, start + count):
        data, how = make_file(rng, previous)
        made.update(how)
        previous.append(data)
        path = folder / rng.choice(NAME_STYLES).format(i=i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def run_batch(folder: Path, out: Path) -> tuple[dict | str, list[str]]:
    """Build one batch; return its stats (or the message of a clean BuildError) and the crashes it showed."""
    # Garbage on purpose: no reject budget. A step that raises fails the build (StepFailedError): a crash here.
    settings = Settings(
        input_dir=folder, output_dir=out, show_progress=False, on_bad_input="warn", max_reject_share=1.0
    )
    try:
        result = build(settings)
    except StepFailedError as error:
        return "crashed", [str(error)]
    except BuildError as error:
        return str(error), []
    except Exception:  # the very thing the fuzz is looking for
        return "crashed", [traceback.format_exc(limit=8)]
    errors = [a for a in result.rejects if a.reject_reason == "step_error"]
    crashes = [f"step_error {a.source_file}: {a.reject_detail}" for a in errors]
    stats = result.stats
    if stats["rows"] + stats["rejected"] != stats["inputs"]:
        crashes.append(f"rows {stats['rows']} + rejects {stats['rejected']} != inputs {stats['inputs']}")
    try:
        validate_dataset(out, DEFAULT_TAXONOMY)
    except Exception as error:  # a built dataset that does not validate is a crash too
        crashes.append(f"validate: {type(error).__name__}: {error}")
    return stats, crashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # one warning per reject would bury the summary
    rng, made, reasons = random.Random(args.seed), Counter(), Counter()
    crashes: list[str] = []
    failures: list[str] = []
    totals = Counter()
    started = time.perf_counter()
    for start in range(0, args.files, args.batch):
        count = min(args.batch, args.files - start)
        with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
            folder, out = Path(scratch) / "in", Path(scratch) / "out"
            write_batch(folder, start, count, rng, made)
            stats, found = run_batch(folder, out)
            if found:
                keep = WORK / f"fuzz-crash-seed{args.seed}-{start}"
                shutil.rmtree(keep, ignore_errors=True)
                shutil.copytree(folder, keep, symlinks=True)
                crashes += found
            if isinstance(stats, str):
                totals["failed_batches"] += 1
                failures.append(stats[:500])
            else:
                totals.update(inputs=stats["inputs"], rows=stats["rows"], rejected=stats["rejected"])
                reasons.update(stats["rejects_by_reason"])
        print(f"files {start + count}/{args.files}: crashes so far {len(crashes)}", flush=True)
    seconds = time.perf_counter() - started
    result = {
        "files": args.files,
        "batch": args.batch,
        "seed": args.seed,
        "crashes": len(crashes),
        "crash_examples": crashes[:10],
        "clean_build_failures": totals["failed_batches"],
        "clean_build_failure_examples": failures[:5],
        "inputs": totals["inputs"],
        "rows": totals["rows"],
        "rejected": totals["rejected"],
        "rejects_by_reason": dict(reasons.most_common()),
        "made_by": dict(made.most_common()),
        "seconds": round(seconds, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"fuzzed {args.files} files in {seconds:.0f} s: {result['rows']} rows, {result['rejected']} rejects")
    print(f"crashes: {len(crashes)}")
    for crash in crashes[:10]:
        print("  " + crash.replace("\n", "\n  "))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
