"""Browser fixtures: the built site served over HTTP, Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from browsing import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, serve


@pytest.fixture(scope="session")
def origin(real_site: Path) -> Iterator[str]:
    """The site at the root of a server on a free port (not the configured localhost:8000)."""
    server, address = serve(real_site)
    yield address
    server.shutdown()


@pytest.fixture(scope="session")
def sub_path_origin(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site under /begreppsbanken/, as GitHub Pages serves a project site, on another free port."""
    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(real_site, root / "begreppsbanken")
    server, address = serve(root)
    yield f"{address}/begreppsbanken"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "install Debian's chromium (make test does it as root)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, origin: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    size = getattr(request, "param", None) or DESKTOP
    context = browser.new_context(viewport=size, locale="sv-SE")
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    local = (origin.rpartition(":")[0], "data:", "blob:")  # this machine, any port
    page.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    context.close()
    assert outside == [], f"requests left localhost: {outside}"
    assert errors == [], f"errors in the page's scripts: {errors}"
