"""``build-dataset publish [--repo-id ORG/NAME] [--private] [--dry-run]``: push a built folder to the Hub.

The repository is ``--repo-id``, else the ``repo_id`` of the dataset.yaml the build read (in stats.json).
``--revision`` uploads to a branch, ``--create-pr`` opens a pull request instead of committing to it, and
``--commit-message`` names the commit.

The folder is re-validated offline first (the same checks as ``build-dataset validate``), so a broken card
or a changed file never reaches the Hub. ``--dry-run`` stops there and lists what would be uploaded. A
missing token, no network or a refusal from the Hub is reported in one sentence, never a traceback.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from pathlib import Path

from build_dataset.core.errors import BuildError, ConfigError
from build_dataset.publish.manifest import list_files

# Not uploaded: hidden files (locks, staging folders).
IGNORE_PATTERNS = [".*", "**/.*"]
# Remote files under these folders that the build no longer writes (e.g. a dropped split) are deleted.
MIRRORED_PATTERNS = ["articles/*", "officials/*", "charts/*", "reports/*"]


DEFAULT_COMMIT_MESSAGE = "Publish dataset built by build-dataset"


class PublishError(BuildError):
    """The upload could not happen; the message says why in one sentence."""


@dataclass(frozen=True)
class HubTarget:
    """Where and how ``publish`` commits: repository, branch (None: main), PR or direct commit, message."""

    repo_id: str
    private: bool = False
    revision: str | None = None
    create_pr: bool = False
    commit_message: str = DEFAULT_COMMIT_MESSAGE


def configured_repo_id(folder: Path) -> str | None:
    """The repo_id of the dataset.yaml the build of ``folder`` read (copied into its stats.json)."""
    try:
        stats = json.loads((folder / "stats.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (stats.get("dataset") or {}).get("repo_id")


def resolve_repo_id(folder: Path, repo_id: str | None) -> str:
    found = repo_id or configured_repo_id(folder)
    if not found:
        raise ConfigError("no repository to publish to: pass --repo-id ORG/NAME or set repo_id in dataset.yaml")
    return found


def upload_plan(folder: Path) -> list[tuple[str, int]]:
    """(path in the repo, bytes) of every file that would be uploaded, in a stable order."""
    plan = []
    for path in list_files(folder):
        relative = path.relative_to(folder).as_posix()
        if not any(fnmatch.fnmatch(relative, pattern) for pattern in IGNORE_PATTERNS):
            plan.append((relative, path.stat().st_size))
    return plan


def _check_repo_id(repo_id: str) -> None:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        raise ConfigError(f"--repo-id must look like ORG/NAME, got {repo_id!r}") from None
    if "/" not in repo_id:
        raise ConfigError(f"--repo-id must look like ORG/NAME, got {repo_id!r}")


def _describe(error: Exception) -> str:
    """One sentence for what went wrong talking to the Hub."""
    from huggingface_hub.errors import HfHubHTTPError, HTTPError, OfflineModeIsEnabled

    if isinstance(error, OfflineModeIsEnabled):
        return "the Hugging Face Hub is switched off here (HF_HUB_OFFLINE is set); unset it to publish"
    if isinstance(error, HfHubHTTPError):
        status = error.response.status_code if error.response is not None else "an"
        if status in (401, 403):
            return f"the Hub refused the token (HTTP {status}); check it has write access to this repository"
        return f"the Hub answered with HTTP {status} error: {str(error).splitlines()[0]}"
    if isinstance(error, (HTTPError, OSError)):
        return f"could not reach the Hugging Face Hub ({type(error).__name__}); check the network and try again"
    return f"the upload failed: {type(error).__name__}: {error}"


def publish(
    folder: Path,
    repo_id: str | HubTarget,
    private: bool = False,
    dry_run: bool = False,
    taxonomy: Path | None = None,
):
    """Validate ``folder`` offline, then (unless ``dry_run``) upload it; return (plan, commit url or None)."""
    from build_dataset.core.settings import DEFAULT_TAXONOMY
    from build_dataset.publish.validate_dataset import validate_dataset

    target = repo_id if isinstance(repo_id, HubTarget) else HubTarget(repo_id, private)
    _check_repo_id(target.repo_id)
    if not (folder / "README.md").is_file():
        raise ConfigError(f"{folder} has no README.md; build it first with `build-dataset build --output {folder}`")
    validate_dataset(folder, taxonomy or DEFAULT_TAXONOMY)
    plan = upload_plan(folder)
    if dry_run:
        return plan, None
    return plan, _upload(folder, target)


def _upload(folder: Path, target: HubTarget) -> str:
    from huggingface_hub import HfApi, get_token
    from huggingface_hub.errors import HTTPError, OfflineModeIsEnabled

    token = get_token()
    if not token:
        raise PublishError("no Hugging Face token found: run `hf auth login` or set HF_TOKEN, then publish again")
    api = HfApi(token=token)
    try:
        api.create_repo(target.repo_id, repo_type="dataset", private=target.private, exist_ok=True)
        if target.revision and not target.create_pr:
            api.create_branch(target.repo_id, repo_type="dataset", branch=target.revision, exist_ok=True)
        commit = api.upload_folder(
            repo_id=target.repo_id,
            folder_path=folder,
            repo_type="dataset",
            revision=target.revision,
            create_pr=target.create_pr,
            ignore_patterns=IGNORE_PATTERNS,
            delete_patterns=MIRRORED_PATTERNS,
            commit_message=target.commit_message,
        )
    # HTTPError is the Hub client's own HTTP library's base error (HfHubHTTPError derives from it);
    # OSError covers the rest of the network failures (and requests' errors in older huggingface_hub)
    except (HTTPError, OfflineModeIsEnabled, OSError) as error:
        raise PublishError(_describe(error)) from None
    return str(getattr(commit, "commit_url", commit))


def url_note(repo_id: str, configured: str | None = None) -> str | None:
    """The card and croissant.json name dataset.yaml's repo_id as the dataset's home; say so when publishing
    elsewhere (rebuild with a dataset.yaml naming ``repo_id`` to make them agree)."""
    if repo_id == configured:
        return None
    named = f"name {configured}" if configured else "name no repository (dataset.yaml has no repo_id)"
    return f"note: the card and croissant.json {named}, not {repo_id}; set repo_id in dataset.yaml and rebuild"


def publish_command(
    folder: Path, target: HubTarget | str, private: bool, dry_run: bool, taxonomy: Path, console
) -> int:
    """The CLI's ``publish``: print the plan (dry run) or the commit; errors propagate as PublishError."""
    if not isinstance(target, HubTarget):
        target = HubTarget(target, private)
    repo_id = target.repo_id
    plan, commit_url = publish(folder, target, dry_run=dry_run, taxonomy=taxonomy)
    total = sum(size for _, size in plan)
    if dry_run:
        for relative, size in plan:
            console.print(f"  {relative}  ({size:,} bytes)", markup=False, highlight=False)
        console.print(f"dry run: {len(plan)} files ({total:,} bytes) would go to {repo_id}; the card checks pass")
    else:
        console.print(f"published {len(plan)} files ({total:,} bytes) to {repo_id}: {commit_url}")
    note = url_note(repo_id, configured_repo_id(folder))
    if note:
        console.print(note, markup=False)
    return 0
