"""Configuration read once from the environment, a repo-root `.env` file and defaults.

Precedence is: explicit environment variable > `.env` in the repo root > default.
An environment variable that is set but empty counts as explicitly "not configured",
so `NEO4J_URI= gridnet ...` forces the local server even when `.env` names another one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gridnet.errors import GridnetError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOTENV = REPO_ROOT / ".env"

DEFAULTS: dict[str, str] = {
    "NEO4J_USER": "neo4j",
    "NEO4J_DATABASE": "neo4j",
    "GRIDNET_HOME": str(REPO_ROOT / ".gridnet"),
    "GRIDNET_BOLT_PORT": "7687",
    "GRIDNET_NEO4J_HEAP": "1g",
    "GRIDNET_NEO4J_PAGECACHE": "512m",
    "GRIDNET_NEO4J_TX_MEMORY": "512m",
    "GRIDNET_QUERY_TIMEOUT": "30",
}
# Optional: where the privacy key lives (default `<GRIDNET_HOME>/keys/gridnet.key`).
# Keep it on another disk or mount than the vault to keep key and vault apart.
KEY_FILE_VAR = "GRIDNET_KEY_FILE"
# Optional: the explorer users file (default `<GRIDNET_HOME>/users.json`).
USERS_FILE_VAR = "GRIDNET_USERS_FILE"
# Optional: a raster tile server the office runs (an intranet map service), as a URL
# template with {z}, {x} and {y}; the explorer's map draws it under the grids. Unset
# by default: the map then needs nothing from any server but the explorer.
TILES_URL_VAR = "GRIDNET_TILES_URL"

KNOWN_KEYS = (
    "NEO4J_URI",
    "NEO4J_PASSWORD",
    KEY_FILE_VAR,
    USERS_FILE_VAR,
    TILES_URL_VAR,
    *DEFAULTS,
)


class SettingsError(GridnetError, ValueError):
    """A configuration value is malformed; the message names the variable."""


def parse_dotenv(path: Path) -> dict[str, str]:
    """Parse simple KEY=VALUE lines so `.env` works without an extra dependency."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values


@dataclass(frozen=True)
class Settings:
    """Everything needed to reach Neo4j; hashable so drivers can be cached per settings."""

    uri: str
    user: str
    configured_password: str | None = field(repr=False)
    database: str
    home: Path
    bolt_port: int
    neo4j_heap: str
    neo4j_pagecache: str
    neo4j_tx_memory: str
    query_timeout: float
    uri_configured: bool
    configured_key_file: Path | None = None
    configured_users_file: Path | None = None
    tiles_url: str | None = None

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] = os.environ,
        dotenv: Path | str | None = DEFAULT_DOTENV,
    ) -> Settings:
        """Resolve settings; pass `dotenv=None` to ignore the `.env` file (tests)."""
        file_values = parse_dotenv(Path(dotenv)) if dotenv is not None else {}

        def get(key: str) -> str | None:
            if key in environ:
                value = environ[key]
            elif key in file_values:
                value = file_values[key]
            else:
                value = ""
            return value or DEFAULTS.get(key)

        bolt_port = _int(get("GRIDNET_BOLT_PORT"), "GRIDNET_BOLT_PORT")
        if not 0 < bolt_port < 65536:
            raise SettingsError(f"GRIDNET_BOLT_PORT must be 1-65535, got {bolt_port}")
        timeout = _float(get("GRIDNET_QUERY_TIMEOUT"), "GRIDNET_QUERY_TIMEOUT")
        uri = get("NEO4J_URI")
        return cls(
            uri=uri or f"bolt://127.0.0.1:{bolt_port}",
            user=get("NEO4J_USER") or "neo4j",
            configured_password=get("NEO4J_PASSWORD"),
            database=get("NEO4J_DATABASE") or "neo4j",
            home=Path(get("GRIDNET_HOME") or DEFAULTS["GRIDNET_HOME"]).expanduser().resolve(),
            bolt_port=bolt_port,
            neo4j_heap=get("GRIDNET_NEO4J_HEAP") or "1g",
            neo4j_pagecache=get("GRIDNET_NEO4J_PAGECACHE") or "512m",
            neo4j_tx_memory=_memory(get("GRIDNET_NEO4J_TX_MEMORY"), "GRIDNET_NEO4J_TX_MEMORY"),
            query_timeout=timeout,
            uri_configured=uri is not None,
            configured_key_file=_path(get(KEY_FILE_VAR)),
            configured_users_file=_path(get(USERS_FILE_VAR)),
            tiles_url=_tiles_url(get(TILES_URL_VAR)),
        )

    @property
    def uses_local_server(self) -> bool:
        """True when no NEO4J_URI is configured, i.e. gridnet runs its own server."""
        return not self.uri_configured

    @property
    def neo4j_dir(self) -> Path:
        """Root of the local server's state (jars, home, password)."""
        return self.home / "neo4j"

    @property
    def password_file(self) -> Path:
        """Where the generated password of the local server lives."""
        return self.neo4j_dir / "password"

    @property
    def key_file(self) -> Path:
        """The privacy key (token and vault keys); kept apart from the vault."""
        return self.configured_key_file or self.home / "keys" / "gridnet.key"

    @property
    def vault_file(self) -> Path:
        """The encrypted store of residents' clear personal values (outside Neo4j)."""
        return self.home / "vault" / "personal.sqlite3"

    @property
    def users_file(self) -> Path:
        """Explorer users, their roles and password hashes."""
        return self.configured_users_file or self.home / "users.json"

    @property
    def access_log(self) -> Path:
        """Append-only log of every reveal of clear personal values."""
        return self.home / "audit" / "access.jsonl"

    @property
    def password(self) -> str | None:
        """Configured password, or the local server's generated one (read lazily,
        because `gridnet neo4j start` creates it after settings were built)."""
        if self.uri_configured:
            return self.configured_password
        try:
            return self.password_file.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None


def _path(value: str | None) -> Path | None:
    return Path(value).expanduser().resolve() if value else None


def _tiles_url(value: str | None) -> str | None:
    """An http(s) URL template with {z}, {x} and {y}, or None when not configured.

    >>> _tiles_url("http://tiles.office.lan/{z}/{x}/{y}.png")
    'http://tiles.office.lan/{z}/{x}/{y}.png'
    >>> _tiles_url("tiles.office.lan")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gridnet.settings.SettingsError: GRIDNET_TILES_URL must be an http(s) URL with {z}, ...
    """
    text = (value or "").strip()
    if not text:
        return None
    if not re.match(r"https?://[^/]+", text) or not all(
        part in text for part in ("{z}", "{x}", "{y}")
    ):
        raise SettingsError(
            f"{TILES_URL_VAR} must be an http(s) URL with {{z}}, {{x}} and {{y}}, got {value!r}"
        )
    return text


def _int(value: str | None, name: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {value!r}") from None


def _memory(value: str | None, name: str) -> str:
    """A Neo4j memory size such as 256m or 1g (it goes into neo4j.conf verbatim)."""
    text = str(value or "").strip().lower()
    if not re.fullmatch(r"[1-9]\d*[kmg]?", text):
        raise SettingsError(f"{name} must be a size such as 256m or 1g, got {value!r}")
    return text


def _float(value: str | None, name: str) -> float:
    try:
        result = float(str(value).strip())
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {value!r}") from None
    if result < 0:
        raise SettingsError(f"{name} must not be negative, got {value!r}")
    return result
