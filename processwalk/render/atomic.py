"""Write a file so that readers see the old content or the new one, never half of it.

The data goes to a temporary file in the same folder (same file system), is
flushed to disk, and is moved into place with :func:`os.replace`, which is
atomic on POSIX and Windows.  On any failure the temporary file is removed and
the target is left as it was.
"""
from __future__ import annotations

import os
import tempfile


def write_atomic(path: str, data: str | bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` atomically; create the folder if needed."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:  # pragma: no cover - already moved or never made
            pass
        raise


def write_all(folder: str, files: dict[str, str | bytes]) -> list[str]:
    """Write every ``name -> data`` into ``folder`` atomically, in name order; return the paths."""
    written = []
    for name in sorted(files):
        path = os.path.join(folder, name)
        write_atomic(path, files[name])
        written.append(path)
    return written
