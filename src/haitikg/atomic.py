"""Replace a folder (a build, a store) so that a complete one is always in place.

Work happens in a staging folder beside the target (``.NAME-<kind>-<pid>``); the switch
is two renames. A process killed at any point leaves either the old or the new folder in
place, plus leftovers that the next run removes — or, if it died between the renames,
puts back.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_dir(target: Path, kind: str) -> Path:
    """A fresh staging folder for ``target``, named after this process."""
    path = target.with_name(f".{target.name}-{kind}-{os.getpid()}")
    shutil.rmtree(path, ignore_errors=True)
    return path


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> None:
    """Clean up after runs that were killed before they could clean up themselves."""
    for entry in sorted(target.parent.glob(f".{target.name}-*-*")):
        kind, pid = entry.name.rsplit("-", 2)[-2:]
        if not pid.isdigit() or _pid_alive(int(pid)):
            continue
        if kind == "old" and not target.exists():
            entry.rename(target)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is, with renames; a complete folder is always in place."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
