"""A load killed with SIGKILL midway, then rerun, ends in the same graph as one clean load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from loadhelp import count, load, make_big_dataset, snapshot


def test_killed_load_rerun_equals_clean_load(graph, tmp_path):
    big = make_big_dataset(tmp_path / "big", households=20_000)
    code = "import sys; from gridnet.cli import main; sys.exit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "load", str(big), "--quiet", "--batch-size", "500"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    try:
        deadline = time.monotonic() + 300
        # wait until the households table is partly written, then kill hard.
        while time.monotonic() < deadline and proc.poll() is None:
            if count(graph, "Household") >= 2_000:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"load finished before it could be killed: {proc.stderr}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    partial = count(graph, "Household")
    assert 0 < partial < 20_000
    assert count(graph, "Person") == 0

    rerun = load(big, graph)
    assert rerun.report.rejected_rows == 0
    after_rerun = snapshot(graph)

    with graph.session() as s:
        s.run(
            "MATCH (n) WHERE NOT n:Role CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    clean = load(big, graph)
    assert clean.summary is not None
    assert snapshot(graph) == after_rerun
    assert count(graph, "Household") == 20_000
