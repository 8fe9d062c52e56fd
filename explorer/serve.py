"""``python -m gridnet.explorer.serve [streamlit options]``: the explorer's server process.

Why not ``streamlit run explorer_app.py`` alone: Streamlit runs nothing of the app
until the first visitor connects, so that visitor waited for a second of imports and
for the city's first reads. This entry point starts `warmup` in the background and then
hands the process to Streamlit's own ``run`` with the options given, in the same
process, so the warm-up fills the cache the pages read. `gridnet explore`, the
container and the benchmark all start the explorer through it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from gridnet.settings import REPO_ROOT

__all__ = ["APP", "main"]

APP = REPO_ROOT / "explorer_app.py"


def main(argv: Sequence[str] | None = None) -> None:
    """Warm up in the background, then ``streamlit run explorer_app.py *argv``."""
    from streamlit.web import cli

    from gridnet.explorer import warmup

    # gridnet's own start-up lines (the warm-up's) beside Streamlit's, on stderr
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
    logger = logging.getLogger("gridnet")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    warmup.start()
    args = list(sys.argv[1:] if argv is None else argv)
    cli.main(["run", str(APP), *args], prog_name="streamlit")


if __name__ == "__main__":  # pragma: no cover - the process entry point
    main()
