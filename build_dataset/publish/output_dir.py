"""The output folder: one build at a time writes it, and it changes in one step or not at all.

A build writes into a staging folder beside the output and then swaps it in. On Linux the two folders trade
places with ``renameat2(RENAME_EXCHANGE)``, atomically, so the output folder always exists and is always
whole, whenever the build is killed. Elsewhere it takes two renames; a build killed between them leaves the
old output as ``.NAME.previous``, and the next build puts it back. Staging folders left by killed builds are
removed by the next build, under the lock.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from build_dataset.core.errors import ConfigError, OutputLockedError, OutputWriteError

# A folder holding this file was written by a build, so a new build may replace it.
BUILD_MARKER = "stats.json"
AT_FDCWD = -100
RENAME_EXCHANGE = 2
# renameat2 errors that mean "this kernel or file system cannot exchange": fall back to two renames.
NO_EXCHANGE_ERRNOS = (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV, errno.EPERM)


def lock_path(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.lock"


def backup_path(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.previous"


def staging_prefix(output_dir: Path) -> str:
    return f".{output_dir.name}.staging-"


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def check_output_dir(output_dir: Path, input_root: Path) -> None:
    """Refuse an output that would replace the inputs or a folder this tool did not write."""
    output, inputs = output_dir.resolve(), input_root.resolve()
    if _within(inputs, output):
        raise ConfigError(
            f"output folder {output} holds the input folder {inputs}; a build replaces its whole output "
            "folder, so choose an --output that does not contain the inputs"
        )
    if output.exists() and not output.is_dir():
        raise ConfigError(f"output {output} exists and is not a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / BUILD_MARKER).is_file():
        raise ConfigError(
            f"output folder {output} is not empty and holds no dataset built by this tool (no {BUILD_MARKER}); "
            "a build replaces its whole output folder, so choose a new or empty one"
        )


@contextmanager
def output_lock(output_dir: Path) -> Iterator[None]:
    """One build per output folder at a time: a second one refuses at once with a clear message.

    The lock is an OS file lock (flock), so the kernel releases it when a build dies, even by SIGKILL.
    """
    path = lock_path(output_dir)
    lock = filelock.FileLock(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise OutputLockedError(
            f"another build is writing {output_dir} (lock {path}); try again when it ends"
        ) from None
    except OSError as error:
        raise OutputWriteError(f"cannot lock {output_dir}: {error.strerror or error} ({path})") from None
    try:
        yield
    finally:
        lock.release()


def recover_interrupted_swap(output_dir: Path) -> None:
    """Undo what a killed build left beside the output: put a stranded backup back, drop staging folders."""
    _restore_backup(output_dir)
    shutil.rmtree(backup_path(output_dir), ignore_errors=True)
    for stale in output_dir.parent.glob(glob.escape(staging_prefix(output_dir)) + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def _restore_backup(output_dir: Path) -> None:
    backup = backup_path(output_dir)
    if backup.exists() and not output_dir.exists():
        backup.rename(output_dir)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when this system cannot, so the caller falls back."""
    try:
        renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except (OSError, TypeError):  # no C library to open this way (Windows)
        return False
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in NO_EXCHANGE_ERRNOS:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _fsync_dir(folder: Path) -> None:
    """Make renames and new files in ``folder`` durable (skipped where the file system cannot fsync a folder)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno != errno.EINVAL:
            raise
    finally:
        os.close(descriptor)


def swap_in(staging: Path, output_dir: Path) -> None:
    """Make ``staging`` the output folder; the previous output is deleted only once the new one is in place."""
    if output_dir.exists() and _exchange(staging, output_dir):
        _fsync_dir(output_dir.parent)
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous output
        return
    backup = backup_path(output_dir)
    if output_dir.exists():
        output_dir.rename(backup)
    staging.rename(output_dir)
    _fsync_dir(output_dir.parent)
    shutil.rmtree(backup, ignore_errors=True)  # published: whatever fails from here must not say otherwise


def fsync_tree(root: Path) -> None:
    """Flush every written file before the swap, so a power cut cannot publish empty files."""
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            with open(Path(dirpath) / name, "rb") as handle:
                os.fsync(handle.fileno())
        _fsync_dir(Path(dirpath))


@contextmanager
def staged_output(output_dir: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``output_dir`` for the block to write; swapped in whole when the block
    ends, deleted when it raises. Any OS error while writing (a full disk) becomes one ``OutputWriteError``."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(output_dir), dir=output_dir.parent))
        staging.chmod(0o755)
    except OSError as error:
        raise OutputWriteError(f"cannot write beside {output_dir}: {error.strerror or error}") from None
    try:
        yield staging
        fsync_tree(staging)
        swap_in(staging, output_dir)
    except OSError as error:
        _restore_backup(output_dir)
        where = f" ({error.filename})" if error.filename else ""
        raise OutputWriteError(
            f"cannot write {output_dir}: {error.strerror or error}{where}; nothing was published, "
            "the previous output is unchanged"
        ) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
