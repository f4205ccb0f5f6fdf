"""``processwalk import``: a BPMN 2.0 model as process files, checked before they are written."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping

from processwalk.bpmn import definitions, drafts, xmltree
from processwalk.bpmn.translate import Imported, translate
from processwalk.errors import Location, Problem, ProcessWalkError


def read(path: str) -> Imported:
    """The drafts of the model at ``path``; a file that is not a BPMN model, or holds no process
    to walk, is a positioned error."""
    root = xmltree.parse(path)
    imported = translate(definitions.read_model(path, root))
    if not imported.drafts:
        raise ProcessWalkError([Problem(root.at, "the model holds no process with a start and a flow node; "
                                                 "nothing to import"), *imported.notes])
    return imported


def texts(imported: Imported) -> dict[str, str]:
    """The files to write, by name, once they validate together."""
    made = drafts.files(imported)
    problems = problems_of(made)
    if problems:  # pragma: no cover - a draft that does not validate is a bug of the import
        raise ProcessWalkError(problems, exit_code=2)
    return made


def problems_of(files: Mapping[str, str]) -> list[Problem]:
    """What ``processwalk validate`` says of ``files`` in a folder of their own (placed by name)."""
    from processwalk.project import load_paths

    with tempfile.TemporaryDirectory(prefix="processwalk-import-") as folder:
        for name, text in files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
                out.write(text)
        loaded = load_paths([folder], records=False)
        return [Problem(Location(os.path.relpath(p.location.file, folder), p.location.line, p.location.column),
                        p.message, p.level, p.rule) for p in loaded.problems]
