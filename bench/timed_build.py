"""Run `mkdocs build` and write the seconds spent in each plugin's and hook's events as JSON.

Usage: python bench/timed_build.py OUT.json [mkdocs build options]
The wall time of the whole build is stored under "total"; the project's hooks
appear under the hooks file as mkdocs.yml names it, e.g. {"total": 24.1, "hooks/kb_site.py": 2.3}.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from mkdocs.__main__ import cli
from mkdocs.plugins import CombinedEvent, PluginCollection

spent: dict[str, float] = defaultdict(float)
_register = PluginCollection._register_event


def _timed_register(self: PluginCollection, event: str, method: Any, plugin_name: str | None = None) -> None:
    if isinstance(method, CombinedEvent):
        return _register(self, event, method, plugin_name)
    name = plugin_name or "<unknown>"

    @functools.wraps(method)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start

    timed.mkdocs_priority = getattr(method, "mkdocs_priority", 0)  # type: ignore[attr-defined]
    return _register(self, event, timed, plugin_name)


def main(out: str, args: list[str]) -> None:
    PluginCollection._register_event = _timed_register  # type: ignore[method-assign]
    start = time.perf_counter()
    try:
        run: Callable[..., Any] = cli.main
        run(["build", *args], standalone_mode=False)
    finally:
        spent["total"] = time.perf_counter() - start
        with open(out, "w", encoding="utf-8") as f:
            json.dump(dict(spent), f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
