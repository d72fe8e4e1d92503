"""The commands that only read the store (serve, history, diff of run ids) never create one: given a
store that does not exist, or a database that holds none, each says so in one line and exits 3
(the README's row), and nothing is written where the store would have been."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from pixelhound.settings import EXIT_BAD_INPUT

from hardening.cli_process import COMMAND, HANG_GUARD_SECONDS


def test_serve_history_and_diff_refuse_a_store_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nested" / "never.db"
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()  # a database file with no store in it
    serve = ["serve", "--port", "0"]
    cases = (("serve", serve, missing), ("diff", ["diff", "1", "2"], missing), ("history", ["history"], empty))
    commands = {f"{name} {which.name}": [*COMMAND, *args, "--db", f"sqlite:///{which}"] for name, args, which in cases}
    running = {name: subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name, command in commands.items()}  # at once: each is a fresh interpreter
    for name, process in running.items():
        stdout, stderr = process.communicate(timeout=HANG_GUARD_SECONDS)
        assert process.returncode == EXIT_BAD_INPUT, (name, stderr)
        assert stderr.count("\n") == 1 and "no such store (nothing has been recorded there)" in stderr, (name, stderr)
        assert "Traceback" not in stderr and "dashboard on" not in stdout + stderr, name
    assert not missing.parent.exists()  # not the file, not its folder
    assert [path.name for path in tmp_path.iterdir()] == ["empty.db"] and empty.stat().st_size == 0
