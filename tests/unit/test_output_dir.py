"""kb.output_dir: what identifies a written file, and removing stale ones as a clean build would."""

from __future__ import annotations

import os
from pathlib import Path

from kb.output_dir import remove_stale, signature


def test_a_rewrite_or_replacement_changes_the_signature(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<p>a</p>")
    first = signature(str(page))
    assert first is not None and signature(str(page)) == first
    os.utime(page, ns=(first[1] + 1_000_000, first[1] + 1_000_000))  # the same bytes, written again
    assert signature(str(page)) != first
    replacement = tmp_path / "new.html"
    replacement.write_text("<p>a</p>")
    os.utime(replacement, ns=(first[1], first[1]))
    os.replace(replacement, page)  # same size and time, another file
    assert signature(str(page)) != first
    page.unlink()
    assert signature(str(page)) is None


def test_stale_files_go_with_the_folders_they_leave_empty(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("quotes/a/index.html", "quotes/b/index.html", "index.html", ".keep"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name)
    outside = tmp_path / "outside.html"
    outside.write_text("not the site's")
    remove_stale(str(site), [str(site / "quotes/a/index.html"), str(site / "gone.html"), str(outside)])
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert left == [".keep", "index.html", "quotes", "quotes/b", "quotes/b/index.html"]
    assert outside.exists()
    remove_stale(str(site), [str(site / "quotes/b/index.html")])
    assert not (site / "quotes").exists() and site.is_dir()
