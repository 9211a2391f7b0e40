"""axe-core and the Nu HTML checker (vnu.jar), from the npm packages pinned in
tests/e2e/package.json and its lock file.

``npm ci`` runs once when node_modules is missing (with ``--ignore-scripts``: vnu-jar's
install script would only try to download a Java runtime, and Java comes from Debian).
Without node, npm or java the checks skip loudly; under REQUIRE_BROWSER=1 (CI) they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
AXE = MODULES / "axe-core" / "axe.min.js"
VNU = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# WCAG 2.0–2.2 A and AA (2.2 AA brings target-size: 24×24 px tap targets) and axe's best
# practices (landmarks, heading order, one main, regions).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER", "").strip() not in ("", "0"):
        pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
    pytest.skip(f"accessibility/HTML checks skipped: {reason}")


def ensure_node_modules() -> None:
    """Install the pinned checkers when they are missing (skip or fail if that cannot be done)."""
    if AXE.exists() and VNU.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is not installed (apt-get install nodejs npm), so axe-core and vnu-jar cannot be installed")
    done = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not (AXE.exists() and VNU.exists()):
        _unavailable(f"`npm ci` in {HERE} failed: {done.stderr.strip()[-500:]}")


def axe_violations(page) -> list[str]:
    """Run axe-core on the page as it stands; one line per violation and element."""
    ensure_node_modules()
    # Evaluated through the DevTools protocol: a <script> tag would be refused by the site's CSP.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            why = node["failureSummary"].splitlines()[-1].strip()
            lines.append(f"{violation['id']} ({violation['impact']}): {' '.join(node['target'])} — {why}")
    return lines


def html_errors(documents: dict[str, str], workdir: Path) -> list[str]:
    """Check each ``name → HTML`` with one run of vnu.jar; one line per error."""
    ensure_node_modules()
    java = shutil.which("java")
    if java is None:
        _unavailable("java is not installed (apt-get install default-jre-headless), so vnu.jar cannot run")
    files = {}
    for name, html in documents.items():
        path = workdir / f"{len(files):02d}.html"
        path.write_text(html, encoding="utf-8")
        files[path] = name
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stderr or done.stdout)
    errors = []
    for message in report["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            where = files.get(workdir / message.get("url", "?").rsplit("/", 1)[-1], message.get("url", "?"))
            errors.append(f"{where} line {message.get('lastLine', '?')}: {message['message']} — {message.get('extract', '').strip()}")
    return errors
