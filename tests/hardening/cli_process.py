"""Running the real `pixelhound` process for the hardening tests: plainly, or under a pseudo-terminal
(so that Rich believes it talks to a person's terminal and styles its output)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

COMMAND = [sys.executable, "-m", "pixelhound.cli"]
HANG_GUARD_SECONDS = 180  # a guard against a hang, not a timing assertion


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI with captured output."""
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=HANG_GUARD_SECONDS, cwd=cwd)


@dataclass
class TerminalRun:
    returncode: int
    output: bytes  # everything the process wrote to its terminal (stdout and stderr)


def run_in_terminal(*args: str, stdin: bytes | None = None) -> TerminalRun:
    """The CLI with its standard output and error on a pseudo-terminal, every byte kept."""
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "50"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([*COMMAND, *args], stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                               stdout=child, stderr=child, env=env, close_fds=True)
    os.close(child)
    if stdin is not None:
        process.stdin.write(stdin)
        process.stdin.close()
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed its end of the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return TerminalRun(process.wait(timeout=HANG_GUARD_SECONDS), b"".join(chunks))
