"""The README's test command and CI's are the same command (CI must not run a cousin of it)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _command_after(marker: str, text: str) -> str:
    lines = text.splitlines()
    i = next(k for k, line in enumerate(lines) if marker in line)
    return next(line.strip() for line in lines[i + 1:] if line.strip())


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cmd = _command_after("# 2. install the test dependencies and run the tests", readme)
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert cmd in ci
