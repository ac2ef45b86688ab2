"""The import contract (ARCHITECTURE §1): every module imports only from the rungs below it.

Read with `ast`, so imports inside functions and relative imports count too. A new top-level module or package
fails here until it is given a rung. ALLOWED lists today's violations, each with its defect; it can only shrink:
an entry that no longer occurs fails too, so delete it when the defect is fixed.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {"data", "build", "dist", "node_modules"}

# 0 shared vocabulary · 1-3 the stages (each sees rung 0 only, plus STAGE_EXTRA) · 4 where stages meet · 5 edges
RUNG = {"config": 0, "logs": 0, "contract": 0, "lang": 0, "ocr": 1, "nlp": 2, "privacy": 2.5, "storage": 3}
# handling (after verification) sits above ingest (it hands on the redacted copy); __main__ only runs the CLI
RUNG |= {
    "ingest": 4,
    "retrain": 4,
    "reception": 4.4,
    "handling": 4.5,
    "archive": 4.5,
    "search": 4.6,
    "reports": 4.7,
    "exchange": 4.7,
}
RUNG |= {"api": 5, "cli": 5, "__main__": 6}
STAGE_EXTRA = {"storage": {"privacy"}}  # privacy sits between nlp and storage
ONLY_FROM = {"privacy.policy": {"contract", "lang"}}  # imports nothing else of the project
TOOLS = {"samples", "models", "bench", "tests"}  # may import anything; only `donthu samples` imports them
TOOL_EDGES = {("cli", "samples")}
LIB_ONLY_IN = {"fastapi": {"api"}, "fastapi_offline": {"api"}, "starlette": {"api"}, "pytesseract": {"ocr"}}
LIB_ONLY_IN |= {"cv2": {"ocr"}, "celery": {"ingest.celery"}}
LIB_KEPT_OUT = {"sqlalchemy": {"contract", "lang", "ocr", "nlp", "privacy"}}

ALLOWED = {  # "file -> unit or library": defect (ARCHITECTURE §3)
}


def _modules() -> dict[str, Path]:
    found = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not (d.startswith(".") or d in SKIP_DIRS or d.endswith(".egg-info"))]
        for path in (Path(folder) / f for f in files if f.endswith(".py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    found.pop("", None)  # the root __init__.py is empty
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules and top-level libraries imported anywhere in the file (`donthu.` stripped)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {
                a.name.removeprefix("donthu.") if a.name.startswith("donthu.") else a.name for a in node.names
            }
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + (node.module or "").split("."))
            elif (node.module or "").split(".")[0] == "donthu":
                base = node.module.removeprefix("donthu").lstrip(".")
            else:
                out.add(node.module or "")
                continue
            base = base.strip(".")
            for alias in node.names:  # `from . import x` names a module when x is one
                sub = f"{base}.{alias.name}".strip(".")
                out.add(sub if sub in modules else base)
    return {m for m in out if m}


def _unit(module: str) -> str:
    return module.split(".")[0]


def _under(module: str, prefixes: set[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _problem(src: str, dst: str, modules: dict[str, Path]) -> str | None:
    s, d = _unit(src), _unit(dst)
    if s in TOOLS:
        return None
    if dst not in modules and d not in RUNG and d not in TOOLS:  # a library
        only = LIB_ONLY_IN.get(d)
        if (only and not _under(src, only)) or _under(src, LIB_KEPT_OUT.get(d, set())):
            return d
        return None
    if d in TOOLS and (s, d) not in TOOL_EDGES:
        return d
    if any(_under(src, {m}) and not _under(dst, only) for m, only in ONLY_FROM.items()):
        return d
    if s == d or d in TOOLS or RUNG[d] == 0:
        return None
    if RUNG[d] >= RUNG[s] or (RUNG[s] < 4 and not _under(dst, STAGE_EXTRA.get(s, set()))):
        return d
    return None


def test_every_module_has_a_rung_and_every_rule_a_module() -> None:
    modules = _modules()
    units = {_unit(m) for m in modules}
    unplaced = units - set(RUNG) - TOOLS
    assert not unplaced, f"give these a rung in RUNG or TOOLS: {sorted(unplaced)}"
    named = (
        set(RUNG)
        | TOOLS
        | set(ONLY_FROM)
        | {
            m
            for v in [
                *STAGE_EXTRA.values(),
                *ONLY_FROM.values(),
                *LIB_ONLY_IN.values(),
                *LIB_KEPT_OUT.values(),
            ]
            for m in v
        }
    )
    stale = {m for m in named if m not in modules and m not in units}
    assert not stale, f"moved or gone, so update the rules: {sorted(stale)}"


def test_imports_go_down_only() -> None:
    modules = _modules()
    found = {}
    for name, path in modules.items():
        for dst in _imports(name, path, modules):
            bad = _problem(name, dst, modules)
            if bad:
                found.setdefault(f"{path.relative_to(ROOT).as_posix()} -> {bad}", []).append(dst)
    new = {k: v for k, v in found.items() if k not in ALLOWED}
    assert not new, f"imports against the layers (ARCHITECTURE §1): {new}"
    gone = set(ALLOWED) - set(found)
    assert not gone, f"fixed, so delete from ALLOWED: {sorted(gone)}"
