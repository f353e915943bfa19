"""Who may read what the pipeline writes: the service user, and the web server the public site only.

The warehouse holds pseudonymised people and exact small counts, Dagster's storage holds run logs,
and the board reports are confidential: none of it is for the other users of the host. Every
process of the pipeline (``hrp``, the Dagster daemon, webserver and run workers) therefore creates
files with the umask 077 (0600 files, 0700 folders), and the folders that matter get explicit modes
besides, so a permissive umask inherited from a shell or a service manager cannot widen them.

The one exception is the public site, which a web server running as another user must read: the
data root and the publications folder are 0711 (others may pass through to a name they know, never
list a folder), each publication's ``public`` tree is 0755/0644, and everything else stays private.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_UMASK = 0o077
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
PASSAGE = 0o711  # others may traverse to the public site, never list
PUBLIC_FOLDER = 0o755
PUBLIC_FILE = 0o644


def keep_private() -> None:
    """Make everything this process creates from now on readable by its own user only."""
    os.umask(PRIVATE_UMASK)


def set_mode(path: Path, mode: int) -> None:
    """``chmod`` unless the mode is already right (a path owned by another user is left to its owner:
    an operator reading the service's data root must not fail on it)."""
    if path.stat().st_mode & 0o7777 != mode:
        with contextlib.suppress(PermissionError):
            path.chmod(mode)


def set_tree(root: Path, folder_mode: int, file_mode: int) -> None:
    """Give a whole tree the same modes (symbolic links are not followed)."""
    set_mode(root, folder_mode)
    for folder, folders, files in os.walk(root):
        for name in folders:
            set_mode(Path(folder, name), folder_mode)
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink():
                set_mode(path, file_mode)
