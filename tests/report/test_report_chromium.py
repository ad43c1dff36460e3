"""The seed's HTML report opens in a real browser (headless Chromium), offline, without overflowing.

Skips with a reason when ``/usr/bin/chromium`` is absent (Debian: ``apt-get install chromium``).
The page itself has no script; a small wrapper page with a script measures the
report inside an iframe (``--allow-file-access-from-files``), and a second run
takes a screenshot of the whole page.
"""
from __future__ import annotations

import re
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

from attribution.report import render_report

CHROMIUM = Path("/usr/bin/chromium")
WIDTH = 1280

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)")]

_WRAPPER = """<!DOCTYPE html><html><body>
<iframe id="f" src="report.html" style="width:%dpx;height:900px;border:0"></iframe>
<script>
document.getElementById("f").onload = function () {
  var d = this.contentDocument, e = d.documentElement;
  document.body.setAttribute("data-size", e.scrollWidth + "x" + e.scrollHeight);
  document.body.setAttribute("data-client", e.clientWidth);
  document.body.setAttribute("data-svgs", d.querySelectorAll("svg rect").length);
  document.body.setAttribute("data-lang", e.lang + "/" + e.dir + "/" + getComputedStyle(d.body).direction);
  document.body.setAttribute("data-bdi", d.querySelectorAll("bdi").length);
};
</script></body></html>
""" % WIDTH


def _chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", *args],
            cwd=cwd, capture_output=True, text=True, timeout=120)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize("store_name", ["seed", "awkward"])
def test_report_renders_in_headless_chromium(report_of, tmp_path, store_name):
    (tmp_path / "report.html").write_bytes(render_report(report_of(store_name), "html"))
    (tmp_path / "wrap.html").write_text(_WRAPPER, encoding="utf-8")
    run = _chromium("--allow-file-access-from-files", "--dump-dom", (tmp_path / "wrap.html").as_uri(),
                    cwd=tmp_path)
    body = re.search(r"<body([^>]*)>", run.stdout)
    assert body and "data-size" in body.group(1), f"chromium did not load the page: {run.stderr[-500:]}"
    attrs = dict(re.findall(r'data-(\w+)="([^"]*)"', body.group(1)))
    width, height = map(int, attrs["size"].split("x"))
    assert attrs["lang"] == "ar/rtl/rtl"
    assert width <= int(attrs["client"]) <= WIDTH, f"the page overflows sideways: {width}px wide"
    assert 1000 < height < 20000
    assert int(attrs["svgs"]) > 4 and int(attrs["bdi"]) > 6  # bars were drawn; names are isolated
    print(f"{store_name}: {width}x{height} px at a {WIDTH}px window")

    shot = tmp_path / f"{store_name}.png"
    run = _chromium(f"--screenshot={shot}", f"--window-size={WIDTH},{height}",
                    (tmp_path / "report.html").as_uri(), cwd=tmp_path)
    assert shot.exists(), run.stderr[-500:]
    assert _png_size(shot) == (WIDTH, height)
