"""Errors a build reports as one clear message (the CLI prints them without a traceback)."""

from __future__ import annotations


class BuildError(Exception):
    """A build could not finish; nothing was published. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class ConfigError(BuildError):
    """Bad settings or arguments (a missing input folder, an unreadable taxonomy)."""

    exit_code = 2


class ValidationFailed(BuildError):
    """The rows or the written dataset failed the schema or the expectations; ``report`` lists every failure."""

    def __init__(self, message: str, report: str) -> None:
        super().__init__(f"{message}\n{report}")
        self.report = report


class BadInputError(BuildError):
    """Inputs were rejected and the policy is ``--on-bad-input error``."""


class OutputLockedError(BuildError):
    """Another build is writing the same output folder."""


class OutputWriteError(BuildError):
    """The output could not be written (a full disk, no permission); the previous output is unchanged."""


class StepFailedError(BuildError):
    """A step raised (a bug, not bad input): on some pages (``step_error`` rejects) or on the whole corpus."""


class RejectBudgetError(BuildError):
    """More inputs were rejected than ``--max-reject-share`` allows."""
