"""Write a file so that readers see the old content or the new one, never half of it.

The data goes to a temporary file in the same folder (same file system), is
flushed to disk, and is moved into place with :func:`os.replace`, which is
atomic on POSIX and Windows.  On any failure the temporary file is removed and
the target is left as it was.
"""
from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager


def write_atomic(path: str, data: str | bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` atomically; create the folder if needed."""
    with staged([path]) as [temporary]:
        fill(temporary, data, mode=mode)


@contextmanager
def staged(paths: Sequence[str]) -> Iterator[list[str]]:
    """An empty temporary file beside each of ``paths`` (folders made as needed), to fill in the block.

    When the block ends without an error, each is moved into place; otherwise all are removed
    and the targets are left as they were.
    """
    temporaries: list[str] = []
    try:
        for path in paths:
            folder = os.path.dirname(os.path.abspath(path))
            os.makedirs(folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
            os.close(handle)
            temporaries.append(temporary)
        yield temporaries
        for temporary, path in zip(temporaries, paths):
            os.replace(temporary, path)
    except BaseException:
        for temporary in temporaries:
            try:
                os.unlink(temporary)
            except FileNotFoundError:  # pragma: no cover - already moved
                pass
        raise


def fill(temporary: str, data: str | bytes, *, mode: int = 0o644, sync: bool = True) -> None:
    """Write ``data`` to a staged file, through to the disk unless it is scratch (not ``sync``)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with open(temporary, "wb") as out:
        out.write(payload)
        if sync:
            out.flush()
            os.fsync(out.fileno())
    os.chmod(temporary, mode)


def write_all(folder: str, files: dict[str, str | bytes]) -> list[str]:
    """Write every ``name -> data`` into ``folder`` atomically, in name order; return the paths."""
    written = []
    for name in sorted(files):
        path = os.path.join(folder, name)
        write_atomic(path, files[name])
        written.append(path)
    return written


#: A text made in pieces: each makes its part, and the parts joined in order are the text.
Pieces = Sequence[Callable[[], str]]


def write_outputs(shown: str, outputs: Sequence[tuple[str, str]], pieces: Callable[[str], Pieces]) -> str:
    """Write each ``(format, path)`` of ``outputs`` and return the text of format ``shown``.

    Each format is made once, from its ``pieces``.  Every output is staged and
    moved into place only once all of them are made, so a failure writes none of
    them.  On Linux, with several CPUs, every piece of every format but ``shown``
    is made in a forked process of its own, side by side with this one (a SARIF log
    of tens of thousands of findings takes a second to make, so it comes in pieces);
    what fails there is raised here.
    """
    paths: dict[str, list[str]] = {}
    for fmt, path in outputs:
        paths.setdefault(fmt, []).append(path)
    others = [fmt for fmt in paths if fmt != shown]
    every = [path for fmt in paths for path in paths[fmt]]
    forking = _forks(others)
    with staged(every) as temporaries:
        staging = dict(zip(every, temporaries))
        children: list[tuple[int, int]] = []
        spliced: list[tuple[list[str], list[str]]] = []  # (staged files, their parts in order)
        try:
            try:
                for fmt in others:
                    made, targets = pieces(fmt), [staging[p] for p in paths[fmt]]
                    if not forking:
                        _fill_each(targets, "".join(piece() for piece in made))
                    elif len(made) == 1:
                        children.append(_fork(targets, made[0]))
                    else:
                        parts = [_scratch(targets[0]) for _ in made]
                        spliced.append((targets, parts))
                        # the parts are scratch: only the spliced file goes through to the disk
                        children.extend(_fork([part], piece, sync=False) for part, piece in zip(parts, made))
                text = "".join(piece() for piece in pieces(shown))
                _fill_each([staging[p] for p in paths.get(shown, [])], text)
            finally:
                failures = [failure for failure in map(_join, children) if failure is not None]
            if failures:
                raise failures[0]
            for targets, parts in spliced:
                for target in targets:
                    _splice(parts, target)
        finally:
            for _, parts in spliced:
                for part in parts:
                    os.unlink(part)
    return text


def _scratch(beside: str) -> str:
    """An empty temporary file in the folder of ``beside``, for one part of an output."""
    handle, path = tempfile.mkstemp(dir=os.path.dirname(beside), prefix=".part.", suffix=".tmp")
    os.close(handle)
    return path


def _splice(parts: Sequence[str], target: str, *, mode: int = 0o644) -> None:
    """Write the parts one after another into ``target``, through to the disk."""
    with open(target, "wb") as out:
        for part in parts:
            with open(part, "rb") as stream:
                shutil.copyfileobj(stream, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(target, mode)


def _forks(jobs: Sequence[str]) -> bool:
    from processwalk import parallel

    return bool(jobs) and parallel.cpus() > 1 and parallel.forks()


def _fork(temporaries: Sequence[str], make: Callable[[], str], *, sync: bool = True) -> tuple[int, int]:
    """Fill ``temporaries`` with ``make()`` in a child; it sends back the exception if one is raised."""
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    os.close(reader)  # pragma: no cover - from here on in the child
    code = 0  # pragma: no cover
    try:  # pragma: no cover
        _fill_each(temporaries, make(), sync=sync)
    except BaseException as exc:  # noqa: BLE001  # pragma: no cover - raised again in the parent
        with os.fdopen(writer, "wb") as out:
            out.write(_pickled(exc))
        code = 2
    finally:  # pragma: no cover - os._exit: no cleanup of the parent's state, no flush of its buffers
        os._exit(code)


def _pickled(exc: BaseException) -> bytes:  # pragma: no cover - in the child
    try:
        return pickle.dumps(exc.with_traceback(None))
    except Exception:  # noqa: BLE001 - an exception that does not pickle is sent as its text
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))


def _join(child: tuple[int, int]) -> BaseException | None:
    """Wait for a forked child; the exception it failed with, if any."""
    pid, reader = child
    with os.fdopen(reader, "rb") as stream:
        sent = stream.read()
    _, status = os.waitpid(pid, 0)
    if sent:
        failure: BaseException = pickle.loads(sent)
        return failure
    return None if status == 0 else RuntimeError(f"making an output failed (status {status})")


def _fill_each(temporaries: Sequence[str], text: str, *, sync: bool = True) -> None:
    for temporary in temporaries:
        fill(temporary, text, sync=sync)
