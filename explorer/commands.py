"""`gridnet explore`: start (or reuse) Neo4j, then run the Streamlit explorer on localhost.

Why a command rather than `streamlit run` by hand: the explorer needs the server
that the other commands use (same settings, same generated password), it listens on
127.0.0.1 unless explorer users exist (``explorer/auth.py``), and headless mode avoids
Streamlit's first-run e-mail prompt. The process is replaced by Streamlit (exec),
so Ctrl-C and signals reach it directly.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import click

from gridnet.edge import Edge, ensure_server, pass_edge

__all__ = ["explore_cmd", "streamlit_argv"]

HOST = "127.0.0.1"

# Run detached before exec: waits for the health endpoint, then opens a browser.
_OPENER = """
import sys, time, urllib.request, webbrowser
url = sys.argv[1]
for _ in range(240):
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            if r.status == 200:
                webbrowser.open(url)
                break
    except OSError:
        time.sleep(0.5)
"""


def streamlit_argv(port: int, host: str = HOST) -> list[str]:
    """The command line that runs the explorer (`explorer/serve.py`, which warms up and
    then runs ``streamlit run explorer_app.py``) with this interpreter."""
    return [
        sys.executable,
        "-m",
        "gridnet.explorer.serve",
        "--server.headless",
        "true",
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        # No Deploy button, no developer menu (Record screen, Rerun settings): they mean
        # nothing to the street and community staff who read the explorer. Given here as
        # well as in .streamlit/config.toml, which is read only from the working folder.
        "--client.toolbarMode",
        "minimal",
    ]


def _port_free(port: int, host: str = HOST) -> bool:
    """No one listens on the port (SO_REUSEADDR: closed connections do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _can_open_browser() -> bool:
    """A graphical browser exists only with a display (or off Linux); never a console one."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


@click.command("explore")
@click.option(
    "--port",
    default=8501,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="port of the explorer",
)
@click.option(
    "--host",
    default=HOST,
    show_default=True,
    help="address to listen on; any other than loopback needs explorer users "
    "(`gridnet users add`), who then sign in",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=True,
    show_default=True,
    help="open a browser once the explorer answers (needs a display)",
)
@pass_edge
def explore_cmd(edge: Edge, port: int, host: str, open_browser: bool) -> None:
    """Start Neo4j if needed and run the explorer on http://127.0.0.1:PORT."""
    from gridnet.explorer.auth import is_loopback
    from gridnet.users import load_users

    if not is_loopback(host) and not load_users(edge.settings.users_file):
        raise click.UsageError(
            f"refusing to listen on {host}: no explorer users exist, so anyone who can reach "
            "it would see the network; add users with `gridnet users add NAME --role ROLE`"
        )
    if not _port_free(port, host):
        raise click.UsageError(f"port {port} on {host} is in use; pick another with --port")
    ensure_server(edge.settings)
    url = f"http://{host}:{port}"
    click.echo(f"gridnet explorer on {url} (Ctrl-C stops it)", err=True)
    if open_browser and _can_open_browser():
        subprocess.Popen(
            [sys.executable, "-c", _OPENER, url],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    sys.stdout.flush()
    sys.stderr.flush()
    argv = streamlit_argv(port, host)
    os.execv(argv[0], argv)
