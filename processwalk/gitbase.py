"""Files as they were at a git ref, read through git without touching the working tree or the index.

Only plumbing commands that read are used: ``rev-parse``, ``ls-tree``,
``hash-object`` (without ``-w``: it hashes, it writes nothing) and
``cat-file --batch``.  ``GIT_OPTIONAL_LOCKS=0`` keeps git from refreshing the
index on the side.  Paths are relative to the repository's top level, with
forward slashes, as git writes them.
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from processwalk.errors import ProcessWalkError

#: modes of the tree entries that are files (symbolic links and submodules are not read)
FILE_MODES = ("100644", "100755")


@dataclass(frozen=True)
class Repo:
    """A repository, known by its top-level folder."""

    root: str

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
        try:
            done = subprocess.run(["git", *args], cwd=self.root, input=stdin, capture_output=True, env=env, check=False)
        except FileNotFoundError:
            raise ProcessWalkError("git is not installed or not on PATH", exit_code=2) from None
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip().splitlines()
            raise ProcessWalkError(f"git {args[0]} failed: {message[-1] if message else done.returncode}",
                                   exit_code=2)
        return done.stdout

    def relative(self, path: str) -> str:
        """``path`` relative to the top level; an error for a path outside the repository."""
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(self.root))
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            raise ProcessWalkError(f"{path} is outside the git repository at {self.root}", exit_code=2)
        return "" if relative == "." else relative.replace(os.sep, "/")

    def resolve(self, ref: str) -> str:
        """The commit that ``ref`` names; an error naming the ref when there is none."""
        if ref.startswith("-"):
            raise ProcessWalkError(f"'{ref}' is not a git ref", exit_code=2)
        try:
            return self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
        except ProcessWalkError:
            raise ProcessWalkError(f"unknown git ref '{ref}': no commit has that name", exit_code=2) from None

    def tree(self, commit: str, paths: Sequence[str]) -> dict[str, str]:
        """Every file at ``commit`` below ``paths`` (top-level relative; "" is everything): path -> blob id."""
        specs = [] if "" in paths else list(paths)
        out = self.git("ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs)
        files: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, blob = meta.decode().split(" ")
            if kind == "blob" and mode in FILE_MODES:
                files[os.fsdecode(name)] = blob
        return files

    def hashes(self, paths: Sequence[str]) -> dict[str, str]:
        """The blob id each working-tree file would get if added (filters applied, nothing written)."""
        if not paths:
            return {}
        if any("\n" in p for p in paths):  # pragma: no cover - such names cannot be passed line by line
            raise ProcessWalkError("a file name contains a line break; rename it", exit_code=2)
        stdin = "".join(f"{p}\n" for p in paths).encode()
        ids = self.git("hash-object", "--stdin-paths", stdin=stdin).decode().split()
        return dict(zip(paths, ids))

    def blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of the blobs ``ids``, in one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        out = self.git("cat-file", "--batch", stdin="".join(f"{i}\n" for i in wanted).encode())
        return dict(_parse_batch(out))


def _parse_batch(out: bytes) -> Iterable[tuple[str, bytes]]:
    """``<id> <type> <size>\\n<content>\\n`` repeated."""
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].decode().split(" ")
        if len(header) != 3:
            raise ProcessWalkError(f"git cat-file: {' '.join(header)}", exit_code=2)
        size = int(header[2])
        yield header[0], out[end + 1:end + 1 + size]
        at = end + 1 + size + 1


def find(path: str = ".") -> Repo | None:
    """The repository holding ``path``, or None outside any."""
    folder = path if os.path.isdir(path) else os.path.dirname(path) or "."
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, check=False)
    except FileNotFoundError:
        return None
    if done.returncode != 0:
        return None
    return Repo(os.fsdecode(done.stdout.strip()))


def materialise(files: Mapping[str, bytes], folder: str) -> None:
    """Write ``files`` (top-level relative path -> contents) below ``folder``."""
    for name, data in files.items():
        target = os.path.join(folder, *name.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(data)
