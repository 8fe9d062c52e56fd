"""Lifecycle of gridnet's local Neo4j Community server, without Docker.

The jars come from Maven (see pom.xml) and java is launched directly, so the only
system requirements are a JDK >= 17 and `mvn`. All state lives under
`<GRIDNET_HOME>/neo4j`: `lib/` (jars), `home/` (conf, data, logs, run...), `password`.

The store and the logs hold residents' personal data and the password file opens
the database, so everything under GRIDNET_HOME is private to the user: gridnet
creates directories 700 and files 600, runs the server and its admin tool with
umask 077, and tightens what an older version left readable on every start. The
password never appears on a command line (other users can read those in /proc).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridnet.db import Database, DatabaseUnavailable
from gridnet.errors import GridnetError
from gridnet.settings import Settings

SERVER_DIR = Path(__file__).resolve().parent
POM = SERVER_DIR / "pom.xml"
CONF_TEMPLATE = SERVER_DIR / "neo4j.conf"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
# The admin tool itself: ADMIN_ENTRY_POINT is a bootloader that relaunches java with
# every argument on the new process's command line; this runs the command in-process.
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
MIN_JAVA = 17
HOME_SUBDIRS = ("conf", "data", "logs", "run", "import", "plugins")
# Files the server and its tools create are owner-only (600, directories 700).
PRIVATE_UMASK = 0o077

# Keep Popen objects of servers we launched, so Python does not warn about them
# and so we can reap them (a killed child stays a zombie until its parent waits).
_children: dict[int, subprocess.Popen[bytes]] = {}


class ServerError(GridnetError, RuntimeError):
    """The local server cannot be prepared, started or stopped; the message says why."""


@dataclass
class StartResult:
    """What `start` did: `started` is False when the server was already running."""

    started: bool
    pid: int
    bolt_uri: str
    version: str
    seconds: float
    fetched_jars: bool = False
    messages: list[str] = field(default_factory=list)


@dataclass
class StopResult:
    """What `stop` did: `was_running` is False when there was nothing to stop."""

    was_running: bool
    pid: int | None = None
    killed: bool = False
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    """Paths of one local server, derived from GRIDNET_HOME."""

    root: Path

    @classmethod
    def of(cls, settings: Settings) -> Layout:
        return cls(settings.neo4j_dir)

    @property
    def lib(self) -> Path:
        return self.root / "lib"

    @property
    def lib_marker(self) -> Path:
        return self.root / "lib" / ".gridnet-neo4j-version"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def conf_dir(self) -> Path:
        return self.root / "home" / "conf"

    @property
    def data(self) -> Path:
        return self.root / "home" / "data"

    @property
    def logs(self) -> Path:
        return self.root / "home" / "logs"

    @property
    def run(self) -> Path:
        return self.root / "home" / "run"

    @property
    def pid_file(self) -> Path:
        return self.root / "home" / "run" / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.root / "home" / "logs" / "console.log"

    @property
    def neo4j_log(self) -> Path:
        return self.root / "home" / "logs" / "neo4j.log"

    @property
    def debug_log(self) -> Path:
        return self.root / "home" / "logs" / "debug.log"

    @property
    def auth_ini(self) -> Path:
        return self.root / "home" / "data" / "dbms" / "auth.ini"

    @property
    def password_file(self) -> Path:
        return self.root / "password"

    @property
    def lock_file(self) -> Path:
        return self.root / ".lock"


# --------------------------------------------------------------------------- tools


def neo4j_version() -> str:
    """The Neo4j version pinned in pom.xml (the single source of truth)."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    for dep in ET.parse(POM).getroot().iterfind("m:dependencies/m:dependency", ns):
        if dep.findtext("m:artifactId", namespaces=ns) == "neo4j":
            return (dep.findtext("m:version", namespaces=ns) or "").strip()
    raise ServerError(f"{POM} has no org.neo4j:neo4j dependency")


def find_java() -> str:
    """Path of a java >= 17: JAVA_HOME/bin/java if set, else `java` on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    candidate = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not candidate or not os.access(candidate, os.X_OK):
        raise ServerError(
            "java not found: install a JDK >= 17 (e.g. `apt-get install openjdk-17-jre-headless`)"
            " or set JAVA_HOME"
        )
    proc = subprocess.run([candidate, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if not match:
        raise ServerError(f"cannot tell the version of {candidate}: {proc.stderr.strip()[:200]}")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0" style
        major = int(match.group(2))
    if major < MIN_JAVA:
        raise ServerError(
            f"{candidate} is Java {major}; Neo4j 5 needs Java >= {MIN_JAVA}"
            " (install openjdk-17 or newer, or point JAVA_HOME at one)"
        )
    return candidate


def _find_mvn() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerError(
            "mvn (Apache Maven) not found on PATH; it fetches the Neo4j jars once"
            " (install it, e.g. `apt-get install maven`)"
        )
    return mvn


def ensure_jars(settings: Settings) -> bool:
    """Fetch the server jars into `lib/` unless that exact version is there; True if fetched."""
    layout = Layout.of(settings)
    with _locked(layout):
        return _ensure_jars(layout)


def _ensure_jars(layout: Layout) -> bool:
    """Unlocked worker: jars land in a temporary folder first and are swapped in whole,
    so an interrupted download never leaves a half-filled lib/."""
    version = neo4j_version()
    if layout.lib_marker.is_file() and layout.lib_marker.read_text().strip() == version:
        return False
    mvn = _find_mvn()
    _private_dir(layout.root)
    with tempfile.TemporaryDirectory(prefix="fetch-", dir=layout.root) as tmp:
        build = Path(tmp)
        shutil.copy(POM, build / "pom.xml")
        out = build / "lib"
        proc = subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "dependency:copy-dependencies",
                f"-DoutputDirectory={out}",
                "-DincludeScope=runtime",
            ],
            cwd=build,
            capture_output=True,
            text=True,
            check=False,
            umask=PRIVATE_UMASK,
        )
        if proc.returncode != 0 or not any(out.glob("neo4j-*.jar")):
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise ServerError(f"mvn could not fetch Neo4j {version} jars:\n{tail}")
        (out / layout.lib_marker.name).write_text(version + "\n")
        if layout.lib.is_symlink() or layout.lib.is_file():
            layout.lib.unlink()
        elif layout.lib.exists():
            shutil.rmtree(layout.lib)
        out.rename(layout.lib)
    return True


# ----------------------------------------------------------------- process helpers


def _reap(pid: int) -> None:
    child = _children.get(pid)
    if child is not None and child.poll() is not None:
        _children.pop(pid, None)
        return
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _pid_alive(pid: int) -> bool:
    """True if `pid` is a live (non-zombie) process."""
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _is_our_server(pid: int, layout: Layout) -> bool:
    """Guard against pid reuse: the process must be Neo4j running from this home."""
    if not _pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc: trust the pid file
    args = [a.decode(errors="replace") for a in cmdline]
    return ENTRY_POINT in args and f"--home-dir={layout.home}" in args


def _read_pid(layout: Layout) -> int | None:
    try:
        return int(layout.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _bolt_answers(settings: Settings) -> bool:
    """Whether Bolt accepts our credentials right now (a handle opened and closed)."""
    try:
        with Database.connect(settings):
            return True
    except DatabaseUnavailable:  # any failure to connect means "not yet"
        return False


def _tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _log_tails(layout: Layout) -> str:
    parts = []
    for path in (layout.console_log, layout.neo4j_log):
        tail = _tail(path)
        if tail:
            parts.append(f"--- {path} (last lines) ---\n{tail}")
    return "\n".join(parts) or f"(no log output; see {layout.logs})"


@contextmanager
def _locked(layout: Layout) -> Iterator[None]:
    """Serialise start/stop on one home, e.g. two `make test` runs at once."""
    _private_dir(layout.root)
    with os.fdopen(os.open(layout.lock_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _log(layout: Layout, message: str) -> None:
    _private_dir(layout.logs)
    with _append_private(layout.console_log) as log:
        log.write(f"[gridnet {time.strftime('%Y-%m-%d %H:%M:%S')}] {message}\n".encode())


# ------------------------------------------------------------------- private files


def _private_dir(path: Path) -> None:
    """Create `path` (and missing parents) as owner-only directories."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    for created in missing:
        created.chmod(0o700)  # mkdir's mode is filtered by the umask, chmod is not
    path.chmod(0o700)


def _append_private(path: Path) -> Any:
    """Open `path` for appending (bytes), creating it owner-only."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab")


def _write_private(path: Path, text: str) -> None:
    """Replace `path` with `text`, owner-only from the first byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def make_private(settings: Settings) -> None:
    """GRIDNET_HOME and everything under it owner-only: directories 700, files 600.

    Covers what an older gridnet, Maven or the server left readable by others.
    Symbolic links are not followed (a test home may link the jars of another).
    """
    _private_dir(settings.home)
    for root, dirs, files in os.walk(settings.home):
        for name in dirs:
            path = Path(root, name)
            if not path.is_symlink():
                path.chmod(0o700)
        for name in files:
            path = Path(root, name)
            if not path.is_symlink():
                path.chmod(0o600)


@contextmanager
def _argfile(layout: Layout, args: list[str]) -> Iterator[Path]:
    """A Java launcher argument file (``java @file``) holding `args`, owner-only and
    deleted afterwards: arguments there never show on the process command line."""
    fd, name = tempfile.mkstemp(prefix=".args-", dir=layout.root)  # mode 600
    path = Path(name)
    try:
        quoted = ['"' + a.replace("\\", "\\\\").replace('"', '\\"') + '"' for a in args]
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(quoted) + "\n")
        yield path
    finally:
        path.unlink(missing_ok=True)


# ----------------------------------------------------------------------- preparing


PASSWORD_ALPHABET = string.ascii_letters + string.digits


def new_password(length: int = 32) -> str:
    """A random password of letters and digits only.

    Why not ``secrets.token_urlsafe``: about one in 32 of its strings begins with
    ``-``, and the admin tool then reads the password as an unknown option and
    prints its usage instead of setting it. Letters and digits also need no
    quoting in the JVM argument file. 32 characters of 62 give 190 bits.

    >>> password = new_password()
    >>> len(password), password.isalnum()
    (32, True)
    """
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def _ensure_password(layout: Layout) -> str:
    """Generate the password once (owner-only file); it is never printed in full."""
    if layout.password_file.is_file():
        return layout.password_file.read_text(encoding="utf-8").strip()
    if layout.auth_ini.exists():
        raise ServerError(
            f"{layout.password_file} is missing but the database in {layout.data} already has"
            " a password; restore the file, or delete that data folder to start afresh"
        )
    password = new_password()
    _private_dir(layout.root)
    fd = os.open(layout.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def _render_conf(settings: Settings, layout: Layout) -> Path:
    conf = string.Template(CONF_TEMPLATE.read_text(encoding="utf-8")).substitute(
        home=layout.home,
        bolt_port=settings.bolt_port,
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
        tx_memory=settings.neo4j_tx_memory,
    )
    target = layout.conf_dir / "neo4j.conf"
    _write_private(target, conf)
    return target


def _jvm_options(conf: Path) -> list[str]:
    return [
        line.split("=", 1)[1].strip()
        for line in conf.read_text(encoding="utf-8").splitlines()
        if line.startswith("server.jvm.additional=")
    ]


def _server_env(layout: Layout) -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(layout.home), "NEO4J_CONF": str(layout.conf_dir)}


def _set_initial_password(java: str, layout: Layout, password: str) -> None:
    """Must run before the very first start: it writes data/dbms/auth.ini.

    The admin command takes the password as an argument; it reaches the JVM in an
    argument file and the tool runs in that JVM (not through the bootloader, which
    would start another java with the password in its arguments), so no `ps` or
    /proc/*/cmdline ever shows it.
    """
    with _append_private(layout.console_log) as log:
        log.write(f"[gridnet] setting the initial password ({password[:3]}...)\n".encode())
        log.flush()
        args = [ADMIN_TOOL, "dbms", "set-initial-password", password]
        with _argfile(layout, args) as argfile:
            proc = subprocess.run(
                [java, "-cp", f"{layout.lib}/*", f"@{argfile}"],
                env=_server_env(layout),
                cwd=layout.home,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                check=False,
                timeout=300,
                umask=PRIVATE_UMASK,
            )
    if proc.returncode != 0 or not layout.auth_ini.exists():
        raise ServerError(f"could not set the initial Neo4j password\n{_log_tails(layout)}")


# ------------------------------------------------------------------------- public


def _require_local(settings: Settings) -> None:
    if not settings.uses_local_server:
        raise ServerError(
            f"NEO4J_URI is set ({settings.uri}): an external server is configured,"
            " gridnet does not manage it"
        )


def _version(settings: Settings) -> str:
    """The version a freshly started (or running) server reports, on a short-lived handle."""
    with Database.connect(settings) as database:
        return database.ping()


def start(settings: Settings, wait: float = 120) -> StartResult:
    """Start the local server (fetching jars on first use) and wait until Bolt answers.

    A running server makes this a no-op; a stale pid file is reported and removed.
    """
    _require_local(settings)
    layout = Layout.of(settings)
    began = time.monotonic()
    messages: list[str] = []
    with _locked(layout):
        pid = _read_pid(layout)
        if pid is not None:
            if _is_our_server(pid, layout):
                if not _bolt_answers(settings):
                    # Probably still booting (another start is waiting on it).
                    _wait_for_bolt(settings, layout, pid, None, began + wait)
                version = _version(settings)
                return StartResult(
                    started=False,
                    pid=pid,
                    bolt_uri=settings.uri,
                    version=version,
                    seconds=time.monotonic() - began,
                    messages=[f"Neo4j {version} is already running (pid {pid})"],
                )
            messages.append(
                f"removed stale pid file {layout.pid_file} (pid {pid} is no longer running)"
            )
            layout.pid_file.unlink(missing_ok=True)
        if _port_in_use(settings.bolt_port):
            raise ServerError(
                f"port {settings.bolt_port} on 127.0.0.1 is already in use by another process;"
                " set GRIDNET_BOLT_PORT to a free port"
                " (or NEO4J_URI to use the server that is listening there)"
            )
        java = find_java()
        fetched = _ensure_jars(layout)
        if fetched:
            messages.append(f"fetched Neo4j {neo4j_version()} jars into {layout.lib}")
        for sub in HOME_SUBDIRS:
            _private_dir(layout.home / sub)
        password = _ensure_password(layout)
        conf = _render_conf(settings, layout)
        if not layout.auth_ini.exists():
            _set_initial_password(java, layout, password)
        make_private(settings)
        pid = _launch(java, settings, layout, conf)
        messages.append(f"started Neo4j (pid {pid}) on {settings.uri}")
        _wait_for_bolt(settings, layout, pid, _children.get(pid), began + wait)
        version = _version(settings)
        return StartResult(
            started=True,
            pid=pid,
            bolt_uri=settings.uri,
            version=version,
            seconds=time.monotonic() - began,
            fetched_jars=fetched,
            messages=messages,
        )


def class_archive(java: str, layout: Layout) -> Path:
    """Where the JVM keeps the classes a server of this Java and these jars loaded.

    Why: Java's class-data sharing maps the archive at start instead of loading and
    checking tens of thousands of classes (the server's and the query planner's) from
    the jars. A server started without one writes it when it stops (`stop` moves it
    into place once the JVM has exited cleanly); every later start maps it. Measured
    with the example city: Bolt answered after 3.0 s instead of 4.9 s, and a first
    load into a new store took about 1 s less. The name holds the jars' version and
    the Java binary, so another Java or an upgrade writes a new one.
    """
    binary = Path(java).resolve()
    stamp = f"{binary}:{binary.stat().st_mtime_ns}"
    java_id = hashlib.sha256(stamp.encode()).hexdigest()[:12]
    return layout.root / f"classes-{neo4j_version()}-{java_id}.jsa"


def _class_sharing(java: str, layout: Layout) -> str:
    """The JVM option that maps the class archive, or writes it when the server stops."""
    archive = class_archive(java, layout)
    if archive.exists():
        return f"-XX:SharedArchiveFile={archive}"
    _partial(archive).unlink(missing_ok=True)  # a server killed while writing it
    return f"-XX:ArchiveClassesAtExit={_partial(archive)}"


def _partial(archive: Path) -> Path:
    return archive.with_name(archive.name + ".part")


def _keep_class_archive(layout: Layout) -> None:
    """Move the archive written by a server that exited cleanly into place."""
    for part in layout.root.glob("classes-*.jsa.part"):
        part.replace(part.with_name(part.name.removesuffix(".part")))


def _launch(java: str, settings: Settings, layout: Layout, conf: Path) -> int:
    heap = settings.neo4j_heap
    cmd = [
        java,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        *_jvm_options(conf),
        _class_sharing(java, layout),
        "-cp",
        f"{layout.lib}/*",
        ENTRY_POINT,
        f"--home-dir={layout.home}",
        f"--config-dir={layout.conf_dir}",
    ]
    _log(layout, f"starting: {' '.join(cmd)}")
    with _append_private(layout.console_log) as log:
        proc = subprocess.Popen(
            cmd,
            cwd=layout.home,
            env=_server_env(layout),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # outlive the CLI and its Ctrl-C
            umask=PRIVATE_UMASK,  # store, logs and run files owner-only
        )
    _children[proc.pid] = proc
    _write_private(layout.pid_file, f"{proc.pid}\n")
    return proc.pid


def _wait_for_bolt(
    settings: Settings,
    layout: Layout,
    pid: int,
    proc: subprocess.Popen[bytes] | None,
    deadline: float,
) -> None:
    while True:
        if _bolt_answers(settings):
            return
        if (proc is not None and proc.poll() is not None) or not _pid_alive(pid):
            layout.pid_file.unlink(missing_ok=True)
            raise ServerError(f"Neo4j (pid {pid}) exited during startup\n{_log_tails(layout)}")
        if time.monotonic() > deadline:
            raise ServerError(
                f"Neo4j (pid {pid}) did not answer on {settings.uri} in time; it is left"
                f" running (`gridnet neo4j stop` to end it)\n{_log_tails(layout)}"
            )
        time.sleep(0.5)


def stop(settings: Settings, timeout: float = 60) -> StopResult:
    """SIGTERM the local server, SIGKILL it after `timeout` seconds, remove the pid file."""
    _require_local(settings)
    layout = Layout.of(settings)
    with _locked(layout):
        pid = _read_pid(layout)
        if pid is None:
            return StopResult(was_running=False, messages=["Neo4j is not running (no pid file)"])
        if not _is_our_server(pid, layout):
            layout.pid_file.unlink(missing_ok=True)
            return StopResult(
                was_running=False,
                pid=pid,
                messages=[f"removed stale pid file (pid {pid} is no longer running)"],
            )
        _log(layout, f"stopping pid {pid} (SIGTERM)")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        killed = False
        if _pid_alive(pid):
            _log(layout, f"pid {pid} still alive after {timeout:g}s: SIGKILL")
            os.kill(pid, signal.SIGKILL)
            killed = True
            while _pid_alive(pid):
                time.sleep(0.1)
        _children.pop(pid, None)
        layout.pid_file.unlink(missing_ok=True)
        if not killed:
            _keep_class_archive(layout)
        _log(layout, f"stopped pid {pid}")
        how = "killed" if killed else "stopped"
        return StopResult(
            was_running=True, pid=pid, killed=killed, messages=[f"Neo4j (pid {pid}) {how}"]
        )


def import_full(
    settings: Settings,
    nodes: list[tuple[str, Path]],
    relationships: list[tuple[str, Path]],
    options: list[str],
    heap: str = "1g",
) -> subprocess.CompletedProcess[str]:
    """`neo4j-admin database import full` into the configured database, replacing it.

    The server of this home must be stopped (the importer writes the store files
    directly); the tool runs in one JVM of `heap` with the server's JVM options, and
    its output is returned for the caller to judge (`returncode`, counts).
    """
    _require_local(settings)
    layout = Layout.of(settings)
    with _locked(layout):
        pid = _read_pid(layout)
        if pid is not None and _is_our_server(pid, layout):
            raise ServerError(
                f"Neo4j (pid {pid}) is running: the importer needs it stopped"
                " (`gridnet neo4j stop`)"
            )
        java = find_java()
        for sub in HOME_SUBDIRS:
            _private_dir(layout.home / sub)
        conf = _render_conf(settings, layout)
        cmd = [
            java,
            f"-Xmx{heap}",
            *_jvm_options(conf),
            "-cp",
            f"{layout.lib}/*",
            ADMIN_TOOL,
            "database",
            "import",
            "full",
            *(f"--nodes={label}={path}" for label, path in nodes),
            *(f"--relationships={kind}={path}" for kind, path in relationships),
            "--overwrite-destination=true",
            *options,
            settings.database,
        ]
        _log(
            layout,
            f"importing into {settings.database}: {len(nodes)} node files, "
            f"{len(relationships)} relationship files",
        )
        return subprocess.run(
            cmd,
            env=_server_env(layout),
            cwd=layout.home,
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
            umask=PRIVATE_UMASK,
        )


def status(settings: Settings) -> dict[str, Any]:
    """Snapshot of the local server: running, pid, bolt_uri, version, data_dir, log_file..."""
    layout = Layout.of(settings)
    pid = _read_pid(layout)
    running = pid is not None and _is_our_server(pid, layout)
    info: dict[str, Any] = {
        "local": settings.uses_local_server,
        "running": running,
        "pid": pid if running else None,
        "stale_pid": pid if pid is not None and not running else None,
        "bolt_uri": settings.uri,
        "version": None,
        "error": None,
        "data_dir": str(layout.data),
        "log_file": str(layout.console_log),
        "neo4j_log": str(layout.neo4j_log),
        "password_file": str(layout.password_file),
        "jars": str(layout.lib),
    }
    if running:
        try:
            info["version"] = _version(settings)
        except DatabaseUnavailable as exc:
            info["error"] = str(exc)
    return info
