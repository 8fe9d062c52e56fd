"""The browsers of the tests and the benchmark load nothing from outside this machine.

Why: the map, the network and the console must work on an office network with no
internet, and the figures of the first-paint benchmark must be a user's. The browser
blocks other hosts itself (a proxy that answers nothing, `settle.OFFLINE_PROXY`), and
`block_external` only watches, so the HTTP cache stays on.
"""

from __future__ import annotations

import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from gridnet.bench.settle import CHROMIUM_ARGS, OFFLINE_PROXY
from tests.explorer.streamlit_app import offline_page

pytestmark = pytest.mark.browser

FETCH = "u => fetch(u, {mode: 'no-cors'}).then(() => 'loaded', () => 'failed')"


def _serve(handler: type[SimpleHTTPRequestHandler]) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _Cached(SimpleHTTPRequestHandler):
    """Serves one cacheable file and counts how often it is asked for."""

    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/app.js"):
            type(self).hits += 1
        body = b"<script src='/app.js'></script>" if self.path == "/" else b"var x = 1;"
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if self.path == "/" else "text/javascript")
        self.send_header("Cache-Control", "max-age=3600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


def test_other_hosts_fail_and_are_recorded_while_this_machine_loads_from_cache() -> None:
    server = _serve(_Cached)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with offline_page() as (page, blocked):
            page.goto(url)
            page.goto(url)  # the script again: from the browser's cache
            outside = ["http://example.com/tile.png", "http://93.184.216.34/x.js"]
            answers = [page.evaluate(FETCH, u) for u in outside]
            local = page.evaluate(FETCH, url + "app.js?again")
    finally:
        server.shutdown()
    assert answers == ["failed", "failed"]
    assert local == "loaded"
    assert blocked == outside
    assert _Cached.hits == 2  # the first load and the `?again`, never the cached copy


def test_a_request_for_another_host_goes_to_the_dead_proxy_not_out() -> None:
    """With the proxy pointed at a socket we hold, the request for another host arrives
    there: without the flag it would go to the host itself."""
    from playwright.sync_api import sync_playwright

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(20)
    port = listener.getsockname()[1]
    args = [f"--proxy-server=http://127.0.0.1:{port}" if a.startswith("--proxy-server=") else a
            for a in CHROMIUM_ARGS]  # fmt: skip
    assert f"--proxy-server={OFFLINE_PROXY}" in CHROMIUM_ARGS
    heard: list[bytes] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                first = conn.recv(200)
            if b"example.org" in first:
                heard.append(first)
                return

    threading.Thread(target=accept, daemon=True).start()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        try:
            page = browser.new_page()
            page.evaluate(FETCH, "http://example.org/probe")
        finally:
            browser.close()
    listener.close()
    assert heard and heard[0].startswith(b"GET http://example.org/probe")
