"""The report page in a real browser: every chart drawn, no console errors, injected markup inert.

Needs a Chromium or Chrome executable (``apt-get install chromium``); skipped with a
message where there is none.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.report import build_report

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHARTS = ("overview", "salience", "naming", "stance", "topics", "frames", "voices", "keyness")
#: If any of these ran, the page title would change to "pwned".
PAYLOADS = (
    "<script>document.title='pwned'</script>",
    '"><img src=x onerror="document.title=\'pwned\'">',
    "' onmouseover='document.title=`pwned`' x='",
)


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(f"no Chromium/Chrome executable found (looked for {', '.join(BROWSERS)}); "
                "install one (apt-get install chromium) to run the browser test")


def _render(page: Path, profile: Path) -> tuple[str, str]:
    """Load ``page`` headless; return the DOM after scripts ran and the browser's log."""
    args = [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000",
            "--dump-dom", page.resolve().as_uri()]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def _console(log: str) -> list[str]:
    # Chromium logs each console message of the page as "...:INFO:CONSOLE(line)] "message", source: ..."
    return [line for line in log.splitlines() if ":CONSOLE" in line]


def _chart_divs(dom: str) -> dict[str, str]:
    """The DOM of each chart container, keyed by chart name."""
    starts = [(m.group(1), m.start()) for m in re.finditer(r'<div id="chart-([a-z]+)"', dom)]
    return {name: dom[start:(starts[i + 1][1] if i + 1 < len(starts) else len(dom))]
            for i, (name, start) in enumerate(starts)}


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory, seeds) -> Path:
    return build_report(seeds, tmp_path_factory.mktemp("browser") / "seeds", n_boot=200, progress=False)


def test_every_chart_is_drawn_without_console_errors(seeds_page, tmp_path):
    dom, log = _render(seeds_page, tmp_path / "profile")
    charts = _chart_divs(dom)
    assert sorted(charts) == sorted(CHARTS)
    for name, div in charts.items():
        assert 'class="main-svg"' in div, f"chart {name} was not drawn"
    messages = _console(log)
    assert not messages, "\n".join(messages)
    assert "<title>Coverage by source: seeds</title>" in dom


def test_injected_markup_does_not_run(tmp_path):
    docs = mc.load_seeds().docs
    table = pd.DataFrame({
        "doc_id": [f"d{i}{PAYLOADS[i % 3]}" for i in range(len(docs))],
        "source": [f"{PAYLOADS[i % 3]} {i}" for i in range(len(docs))],
        "title": [f"{t} {PAYLOADS[(i + 1) % 3]}" for i, t in enumerate(docs["title"])],
        "text": [t + "\n\n" + " ".join(f"ISIS attacked Mosul {p}." for p in PAYLOADS) for t in docs["text"]],
        "published": docs["published"].astype(str),
    })
    corpus = mc.load_corpus(table, name="injection test")
    page = build_report(corpus, tmp_path / "evil", n_boot=50, progress=False)
    dom, log = _render(page, tmp_path / "profile")
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and html.unescape(title.group(1)) == "Coverage by source: injection test"
    assert "pwned" not in " ".join(_console(log))
    assert "<img src=" not in dom
    charts = _chart_divs(dom)
    assert all('class="main-svg"' in div for div in charts.values()), sorted(charts)
    # the payload is shown as text: in the documents table and in chart labels
    assert html.escape(PAYLOADS[0], quote=False) in dom


#: Appended to a copy of the page: "click" the first stance cell and the first key term that have passages.
CLICK = """<script>
window.addEventListener("load", function () {
  var data = JSON.parse(document.getElementById("passages-data").textContent);
  [["chart-stance", "actor"], ["chart-keyness", "term"], ["chart-salience", "actor"]].forEach(function (pair) {
    var group = Object.keys(data[pair[1]])[0];
    var cell = Object.keys(data[pair[1]][group])[0];
    document.getElementById(pair[0]).emit("plotly_click", {points: [{customdata: [group, cell]}]});
  });
});
</script></body>"""


@pytest.mark.parametrize("n_outlets", [3, 9])
def test_a_click_on_a_cell_shows_its_passages(tmp_path, n_outlets):
    from generated import make_corpus

    page = build_report(make_corpus(n_outlets, largest=8), tmp_path / "r", n_boot=50, progress=False)
    clicked = page.with_name("clicked.html")
    clicked.write_text(page.read_text(encoding="utf-8").replace("</body>", CLICK), encoding="utf-8")
    dom, log = _render(clicked, tmp_path / "profile")
    assert not _console(log), _console(log)
    for chart in ("stance", "keyness", "salience"):
        panel = dom[dom.index(f'id="passages-{chart}"'):]
        panel = panel[:panel.index("</div>")]
        assert '<blockquote class="passage">' in panel and "<mark>" in panel, (chart, panel[:500])
        assert re.search(r"<h4>Outlet \d{3} — .+: \d+ passages?</h4>", panel), panel[:300]
