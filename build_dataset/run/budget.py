"""Error budgets: when a build's rejects mean the build, not its input, is broken, nothing is published.

- Any ``step_error`` (a step raised on a page) fails the build: a step that raises is a bug, whether on one
  page or on all of them. The message names the step and shows the first traceback.
- More rejected inputs than ``Settings.max_reject_share`` fails the build: a broken reader or a folder of
  something else, not a few odd pages. Exact duplicate files do not count: a second copy of the same bytes
  is expected in a scrape, and is not bad input.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from build_dataset.core.article import Article
from build_dataset.core.errors import RejectBudgetError, StepFailedError
from build_dataset.core.settings import Settings

# Rejects that are not bad input, so not counted against --max-reject-share.
NOT_BAD_INPUT = ("identical_file",)


def check_step_errors(rejects: list[Article], inputs: int) -> None:
    failed = [a for a in rejects if a.reject_reason == "step_error"]
    if not failed:
        return
    by_step = Counter(a.work.failed_step or "unknown step" for a in failed)
    steps = ", ".join(f"{name} on {n} of {inputs} inputs" for name, n in by_step.most_common())
    first = failed[0]
    trace = (first.work.error_traceback or "").rstrip()
    raise StepFailedError(
        f"a step raised (a bug, not bad input): {steps}; nothing was published.\n"
        f"First failure, step {first.work.failed_step} on {first.source_file}:\n{trace}"
    )


def bad_input_share(rejects: list[Article], inputs: int) -> float:
    bad = sum(1 for a in rejects if a.reject_reason not in NOT_BAD_INPUT)
    return bad / inputs if inputs else 0.0


def check_reject_share(rejects: list[Article], inputs: int, settings: Settings) -> None:
    share = bad_input_share(rejects, inputs)
    if share <= settings.max_reject_share:
        return
    reasons = Counter(a.reject_reason for a in rejects if a.reject_reason not in NOT_BAD_INPUT)
    listing = ", ".join(f"{reason}: {n}" for reason, n in reasons.most_common())
    raise RejectBudgetError(
        f"{share:.1%} of {inputs} inputs were rejected ({listing}), more than --max-reject-share "
        f"{settings.max_reject_share:g}; nothing was published. Raise --max-reject-share if this input is "
        "expected to hold that much that is not an article"
    )


def merged_step_stats(
    step_counts: Iterable[dict[str, dict]], per_article: tuple[str, ...], driver_steps: list
) -> dict[str, dict]:
    """Every step's counters: the per-article steps' summed over ``step_counts`` (what each step counted on each
    article, its ``work.step_counts``, or their sum: workers, Ray actors and cache hits all count), the driver's
    steps read directly."""
    totals: dict[str, Counter] = {name: Counter() for name in per_article}
    for counts_by_step in step_counts:
        for name, counts in counts_by_step.items():
            if name in totals:
                totals[name].update(counts)
    for step in driver_steps:
        totals[step.name] = Counter(step.stats)
    return {name: dict(sorted(counts.items())) for name, counts in totals.items()}
