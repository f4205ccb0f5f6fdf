"""Write a file so that readers see the old content or the new one, never half of it.

The data goes to a temporary file in the same folder (same file system), is
flushed to disk, and is moved into place with :func:`os.replace`, which is
atomic on POSIX and Windows.  On any failure the temporary file is removed and
the target is left as it was.

The outputs of one run are all-or-nothing: they are staged together, and when
one cannot be moved into place, those already moved are put back as they were.
Before anything is made, :func:`guard` refuses an output that would write over
an input of the run, over a folder, or over an existing file of another kind
than its format (unless ``force``).
"""
from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from processwalk.errors import ProcessWalkError

#: The names an existing file may have for an output of each format to replace it without --force.
REPLACEABLE = {
    "text": (".txt", ".log"), "json": (".json",), "sarif": (".sarif", ".json"), "junit": (".xml",),
    "github": (".txt", ".md"), "markdown": (".md", ".markdown"), "html": (".html", ".htm"),
    "svg": (".svg",), "png": (".png",), "dot": (".dot", ".gv"), "yaml": (), "bpmn": (),
    "init": (),  # the starting folder of `processwalk init`: any existing file is the owner's own
}


def guard(outputs: Iterable[tuple[str, str]], inputs: Iterable[str], *, force: bool = False) -> None:
    """Refuse (exit 2) every ``(format, path)`` output that would replace an input of the run (even
    with ``force``), a folder or another non-file, or an existing file of another kind (without
    ``force``); say all of them at once."""
    read = {_identity(path) for path in inputs} - {None}
    problems: list[str] = []
    seen: set[str] = set()
    for fmt, path in outputs:
        problem = _refusal(fmt, path, read, force, seen)
        if problem:
            problems.append(problem)
    if problems:
        raise ProcessWalkError("\n".join(problems), exit_code=2)


def _refusal(fmt: str, path: str, read: set[tuple[int, int] | None], force: bool, seen: set[str]) -> str:
    where = os.path.realpath(path)
    if where in seen:
        return f"{path} is named for two outputs; give each its own file"
    seen.add(where)
    if not os.path.lexists(path):
        return ""
    if _identity(path) in read:
        return f"{path} is an input of this run; processwalk never writes over its inputs: name another file"
    if os.path.isdir(path) or (os.path.exists(path) and not os.path.isfile(path)):
        return f"{path} is {'a folder' if os.path.isdir(path) else 'not a regular file'}; name a file to write"
    kinds = REPLACEABLE.get(fmt, ())
    if force or path.lower().endswith(kinds):
        return ""
    what = f"exists and is not a {' or '.join(kinds)} file" if kinds else "already exists"
    return f"{path} {what}; name another file, or add --force to replace it"


def _identity(path: str) -> tuple[int, int] | None:
    """Device and inode: the same file under any name (a link, '../x', a hard link)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


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
            temporaries.append(_temporary(path))
        yield temporaries
        _move_all(temporaries, paths)
    except BaseException:
        for temporary in temporaries:
            try:
                os.unlink(temporary)
            except FileNotFoundError:  # pragma: no cover - already moved
                pass
        raise


def _temporary(path: str) -> str:
    """An empty file beside ``path``; a folder that cannot be written is a usage error (exit 2)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)[:200]}.", suffix=".tmp")
    except OSError as exc:
        raise ProcessWalkError(cannot_write(path, exc), exit_code=2) from None
    os.close(handle)
    return temporary


def cannot_write(path: str, exc: OSError) -> str:
    """One line on why ``path`` cannot be written."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return f"cannot write {path} ({reason}): a part of the path is a file, not a folder"
    if isinstance(exc, PermissionError) or getattr(exc, "errno", None) == 30:  # EROFS
        return f"cannot write {path} ({reason}); choose a folder you may write to"
    return f"cannot write {path} ({reason})"


def _move_all(temporaries: Sequence[str], paths: Sequence[str]) -> None:
    """Move every staged file into place; when one fails, put back those already moved."""
    done: list[tuple[str, str | None]] = []  # (target, the old file kept aside, if there was one)
    for temporary, path in zip(temporaries, paths):
        old = _keep_aside(path, temporary)
        try:
            os.replace(temporary, path)
        except OSError as exc:
            if old is not None:
                os.unlink(old)
            _put_back(done)
            raise ProcessWalkError(cannot_write(path, exc), exit_code=2) from None
        done.append((path, old))
    for _, old in done:
        if old is not None:
            os.unlink(old)


def _keep_aside(path: str, temporary: str) -> str | None:
    """A second name for the file at ``path`` (None when there is none), to put it back by."""
    if not os.path.isfile(path):
        return None
    old = f"{temporary}.old"
    try:
        os.link(path, old)
    except OSError:  # pragma: no cover - a file system without hard links
        shutil.copy2(path, old)
    return old


def _put_back(done: Sequence[tuple[str, str | None]]) -> None:
    for path, old in reversed(done):
        if old is not None:
            os.replace(old, path)
        else:
            os.unlink(path)


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
    """Write every ``name -> data`` into ``folder``, all or none of them; return the paths."""
    names = sorted(files)
    paths = [os.path.join(folder, name) for name in names]
    with staged(paths) as temporaries:
        for temporary, name in zip(temporaries, names):
            fill(temporary, files[name])
    return paths


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
