"""`verticals new PACK_NAME`: lay out an installable task pack that passes `verticals check`.

The templates (package data, under `templates/`) are filled with `string.Template`:
`${pack}` is the pack's name as typed (its env-id prefix and distribution name),
`${module}` its Python package name, `${title}` a readable title.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

from verticals.errors import VerticalsError

#: A pack name: lowercase, starts with a letter; dashes and underscores allowed.
PACK_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")

#: template path -> path in the pack (`package/` becomes the module's folder).
_RENAMES = {"gitignore.tmpl": ".gitignore"}


def module_name(pack: str) -> str:
    return pack.replace("-", "_")


def _templates() -> list[tuple[str, str]]:
    root = resources.files("verticals.scaffold") / "templates"
    found = []
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            relative = f"{prefix}{entry.name}"
            if entry.is_dir():
                stack.append((entry, relative + "/"))
            elif entry.name.endswith(".tmpl"):
                found.append((relative, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _target(relative: str, module: str) -> str:
    if relative in _RENAMES:
        return _RENAMES[relative]
    path = relative.removesuffix(".tmpl")
    return module + path.removeprefix("package") if path.startswith("package/") else path


def create_pack(pack: str, directory: Path | str | None = None) -> Path:
    """Write the pack `pack` into `directory/pack` and return that folder.

    Refuses a name that cannot be an env-id prefix and a Python package, and a folder
    that already exists (nothing is overwritten).
    """
    from verticals import __version__

    if not PACK_NAME.match(pack):
        raise VerticalsError(
            f"pack name '{pack}' must start with a lowercase letter and hold only lowercase "
            "letters, digits, '-' and '_' (e.g. acme-tasks)")
    if pack in ("verticals", "math", "test", "tests"):
        raise VerticalsError(f"pack name '{pack}' is taken; choose another")
    root = Path(directory or ".") / pack
    if root.exists():
        raise VerticalsError(f"{root} already exists; choose another --dir or name")
    module = module_name(pack)
    values = {"pack": pack, "module": module, "verticals_version": __version__,
              "title": pack.replace("-", " ").replace("_", " ").capitalize()}
    files = {root / _target(relative, module): Template(text).substitute(values)
             for relative, text in _templates()}  # all rendered before anything is written
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise VerticalsError(f"cannot write the pack to {root}: {exc.strerror or exc}") from None
    return root


__all__ = ["create_pack", "module_name"]
