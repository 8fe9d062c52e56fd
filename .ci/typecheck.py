"""mypy --strict over the installed `gridnet` package.

The package's subpackages live in top-level folders (graph/, loaders/, ...) mapped by
`[tool.setuptools.package-dir]`; the editable install resolves them with an import hook
that mypy cannot follow. This script mirrors that mapping as a tree of symlinks under
build/typecheck, runs `mypy -p gridnet` on it and reports errors at the repository paths.
Arguments are passed on to mypy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "build" / "typecheck"


def build_tree() -> int:
    """Symlinks every module of every listed package into TREE; returns the module count."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    package_dir: dict[str, str] = setuptools["package-dir"]
    shutil.rmtree(TREE, ignore_errors=True)
    count = 0
    for package in setuptools["packages"]:
        source = ROOT / package_dir[package]
        target = TREE.joinpath(*package.split("."))
        target.mkdir(parents=True, exist_ok=True)
        for module in sorted(source.glob("*.py")):
            (target / module.name).symlink_to(module)
            count += 1
    return count


def main() -> int:
    count = build_tree()
    env = dict(os.environ, MYPYPATH=str(TREE))
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *sys.argv[1:], "-p", "gridnet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    prefix = os.path.relpath(TREE, ROOT) + os.sep
    for line in proc.stdout.splitlines():
        if line.startswith(prefix):
            path, sep, rest = line.partition(":")
            line = os.path.relpath(os.path.realpath(ROOT / path), ROOT) + sep + rest
        print(line)
    sys.stderr.write(proc.stderr)
    print(f"# mypy --strict: {count} modules of package gridnet", file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
