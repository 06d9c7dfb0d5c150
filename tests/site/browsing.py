"""What the browser tests share: the Chromium to drive, screen sizes, a static server, the artifacts folder."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

from support import ROOT

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A plain static server for *directory* on a free port; its origin."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
