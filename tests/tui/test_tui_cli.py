"""``attribution review``: registered as a plugin command, clear errors before any screen opens."""
from __future__ import annotations

import pytest

from attribution.store import TinyDBStore

from .tui_support import fill


def test_review_is_a_plugin_command_of_the_core_cli(cli, capsys):
    with pytest.raises(SystemExit) as done:
        cli("review", "--help")
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--rtl {terminal,reorder}" in out and "--filter" in out


def test_review_without_a_terminal_fails_with_one_line(cli, tmp_path, capsys):
    path = tmp_path / "t.json"
    st = TinyDBStore(path)
    fill(st, tmp_path)
    st.close()
    capsys.readouterr()
    code, out, err = cli("--db", path, "review")  # pytest's stdin/stdout are not a TTY
    assert code == 2
    assert err.strip().startswith("attribution: error: attribution review needs an interactive terminal")
    assert len(err.strip().splitlines()) == 1

