"""One build (or update) of a database at a time: an advisory lock beside it.

Standard library only, so that a command which usually has nothing to do takes the lock without
importing the pipeline's heavy libraries.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path

from pipeline.errors import InputError, Problem


@contextlib.contextmanager
def build_lock(db_path: Path, timeout: float):
    """Serialize builds on the same database: wait up to `timeout` seconds, saying so once.

    The lock is `flock` on `<db>.lock`, and the file is removed when the build ends, so none is
    left beside the database. Removing it is safe because it happens while the lock is held and
    every taker checks, once it holds the lock, that the file it locked is still the one at the
    path: a waiter that got the lock of a removed file drops it and locks the new one."""
    lock_file = db_path.with_name(db_path.name + ".lock")
    deadline = time.monotonic() + timeout
    told = False
    while True:
        handle = open(lock_file, "a+")
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise InputError(
                            Problem(
                                str(lock_file),
                                f"another build holds the lock; gave up after {timeout:g} s",
                            )
                        ) from None
                    if not told:
                        print(
                            f"waiting for another build to finish (lock {lock_file})",
                            file=sys.stderr,
                        )
                        told = True
                    time.sleep(0.1)
        except BaseException:
            handle.close()
            raise
        if _same_file(handle, lock_file):
            break
        handle.close()  # locked a file the previous holder removed: take the one now in place
    try:
        yield
    finally:
        lock_file.unlink(missing_ok=True)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _same_file(handle, path: Path) -> bool:
    try:
        at_path = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(handle.fileno())
    return (held.st_dev, held.st_ino) == (at_path.st_dev, at_path.st_ino)
