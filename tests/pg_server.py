"""A throwaway PostgreSQL server for tests, CI and benchmarks, from the installed server binaries.

    python3 tests/pg_server.py start [--fsync]   # prints "URL DIR" on one line
    python3 tests/pg_server.py stop DIR

Standard library only: ``.ci/run`` calls it before the virtualenv exists.
The server lives in a fresh temporary directory (``initdb`` there), listens
on 127.0.0.1 on a free port (and a Unix socket inside that directory, never
the system's), trusts the role ``attribution`` and has initdb's ``postgres``
database. PostgreSQL refuses to run as root, so when we are root the binaries run
as the ``postgres`` user, who then owns the directory. ``fsync`` is off by
default (a test server is thrown away; nothing to make durable); benchmarks
that time writes pass ``fsync=True`` for the server settings a user has.
"""
from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROLE = "attribution"
#: the database initdb creates; tests make one database per test beside it
DATABASE = "postgres"


class Unavailable(RuntimeError):
    """No server can be started here; the message says why (tests skip with it)."""


@dataclass
class Server:
    root: Path
    port: int
    bindir: Path
    user: str | None

    @property
    def url(self) -> str:
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def stop(self) -> None:
        stop(self.root, self.bindir, self.user)


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: $ATTRIBUTION_PG_BINDIR, pg_config's bindir, or Debian's newest."""
    cands: list[str] = []
    if os.environ.get("ATTRIBUTION_PG_BINDIR"):
        cands.append(os.environ["ATTRIBUTION_PG_BINDIR"])
    initdb = shutil.which("initdb")
    if initdb:  # often a symlink into the versioned directory
        cands.append(str(Path(initdb).resolve().parent))
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            cands.append(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                        check=True).stdout.strip())
        except (OSError, subprocess.CalledProcessError):
            pass
    cands += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
                    if Path(p).parent.name.isdigit() else 0, reverse=True)
    for c in cands:
        if c and all((Path(c) / b).is_file() for b in ("initdb", "pg_ctl", "postgres")):
            return Path(c)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], user: str | None, cwd: Path) -> subprocess.CompletedProcess:
    # the binaries refuse root: run them as the unprivileged owner of the data directory
    return subprocess.run(cmd, user=user, cwd=cwd, capture_output=True, text=True, env={
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
        "HOME": str(cwd)})


def _last_line(proc: subprocess.CompletedProcess, log: Path | None = None) -> str:
    text = (proc.stderr or proc.stdout or "").strip()
    if log and log.is_file():
        text = log.read_text(errors="replace").strip() or text
    return text.splitlines()[-1] if text else f"exit {proc.returncode}"


def start(fsync: bool = False, attempts: int = 3) -> Server:
    """Initialise and start a server; raises :class:`Unavailable` with the reason when it cannot."""
    bindir = find_bindir()
    if bindir is None:
        raise Unavailable("no PostgreSQL server binaries (initdb, pg_ctl, postgres) found; install "
                          "postgresql-15 or set ATTRIBUTION_PG_BINDIR")
    user = None
    root = Path(tempfile.mkdtemp(prefix="attribution-pg-"))
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            raise Unavailable("running as root and there is no `postgres` user to run the server as") from None
        user = "postgres"
        os.chown(root, pw.pw_uid, pw.pw_gid)
    data, log = root / "data", root / "server.log"
    init = _run([str(bindir / "initdb"), "-D", str(data), "-U", ROLE, "-A", "trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync"], user, root)
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(f"initdb failed: {_last_line(init)}")
    opts = (f"-c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c max_connections=100 "
            f"-c fsync={'on' if fsync else 'off'} -c full_page_writes={'on' if fsync else 'off'} "
            f"-c synchronous_commit={'on' if fsync else 'off'}")
    for _ in range(attempts):  # the free port may be taken between choosing it and the server binding it
        port = _free_port()
        proc = _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                     "-o", f"{opts} -c port={port}", "start"], user, root)
        if proc.returncode == 0:
            break
    else:
        why = _last_line(proc, log)
        shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(f"the PostgreSQL server did not start: {why}")
    return Server(root, port, bindir, user)


def stop(root: str | os.PathLike, bindir: Path | None = None, user: str | None = None) -> None:
    """Stop the server in ``root`` (fast shutdown) and delete the directory."""
    root = Path(root)
    bindir = bindir or find_bindir()
    if user is None and os.geteuid() == 0:
        user = "postgres"
    if bindir and (root / "data" / "postmaster.pid").exists():
        _run([str(bindir / "pg_ctl"), "-D", str(root / "data"), "-m", "fast", "-w", "stop"], user, root)
    shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="pg_server.py", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("start", help="start a server; prints its URL and directory")
    s.add_argument("--fsync", action="store_true", help="durable writes (for timing); off by default")
    t = sub.add_parser("stop", help="stop the server in DIR and delete DIR")
    t.add_argument("dir")
    args = p.parse_args(argv)
    if args.cmd == "start":
        try:
            server = start(fsync=args.fsync)
        except Unavailable as e:
            print(f"pg_server: {e}", file=sys.stderr)
            return 1
        print(server.url, server.root)
        return 0
    stop(args.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
