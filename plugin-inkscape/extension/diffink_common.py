"""Shared by DiffInk's Inkscape extensions: finding and running the `diffink` helper, and
bringing its SVG output into the document.

The helper is looked for, in order: the extension's "helper" parameter, `diffink` on PATH, then the
launcher recorded by `diffink inkscape install` in diffink-helper.json beside this file. It is run
with an argument list (never through a shell); on any failure the extension aborts with the
helper's own message and Inkscape leaves the document as it was.
"""
import json
import os
import shutil
import subprocess
import tempfile
from typing import List, Optional, Tuple

import inkex

HERE = os.path.dirname(os.path.abspath(__file__))
RECORD = os.path.join(HERE, "diffink-helper.json")
# Long enough for generate with its defaults on a slow machine; the helper stops itself earlier.
TIMEOUT_S = 900


def find_helper(explicit: Optional[str]) -> str:
    """The helper to run, or AbortExtension saying where it was looked for."""
    if explicit:
        path = os.path.expanduser(explicit)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        raise inkex.AbortExtension(f"DiffInk helper '{explicit}' (the extension's helper setting) is not an "
                                   "executable file; fix the setting or leave it empty to use the installed one.")
    on_path = shutil.which("diffink")
    if on_path:
        return on_path
    if os.path.isfile(RECORD):
        try:
            with open(RECORD, encoding="utf-8") as f:
                recorded = json.load(f).get("helper", "")
        except (OSError, ValueError) as e:
            raise inkex.AbortExtension(f"DiffInk: cannot read {RECORD}: {e}; run 'diffink inkscape install' again.")
        if recorded and os.path.isfile(recorded) and os.access(recorded, os.X_OK):
            return recorded
        raise inkex.AbortExtension(f"DiffInk helper '{recorded}' recorded at install time is gone; run "
                                   "'diffink inkscape install' again from the DiffInk you use.")
    raise inkex.AbortExtension("DiffInk helper not found: it is not on PATH and no install record is beside the "
                               "extension. Install DiffInk and run 'diffink inkscape install', or set the "
                               "extension's helper setting to the path of the 'diffink' launcher.")


def run_helper(helper: str, args: List[str]) -> Tuple[str, str]:
    """Runs the helper with an argument list; returns (stdout, stderr) or aborts with its message."""
    try:
        done = subprocess.run([helper] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TIMEOUT_S, check=False)
    except OSError as e:
        raise inkex.AbortExtension(f"DiffInk helper '{helper}' could not be started: {e}")
    except subprocess.TimeoutExpired:
        raise inkex.AbortExtension(f"DiffInk helper took more than {TIMEOUT_S} s and was stopped.")
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        lines = [l for l in err.splitlines() if l.strip()]
        # The helper's errors are one line naming the problem; progress lines come before it.
        message = lines[-1] if lines else f"exit code {done.returncode}"
        raise inkex.AbortExtension(f"DiffInk failed: {message}")
    return out, err


class TempDir:
    """A private temporary folder, removed afterwards."""

    def __enter__(self) -> str:
        self.path = tempfile.mkdtemp(prefix="diffink-inkscape-")
        return self.path

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def load_svg_root(path: str):
    """The root element of an SVG the helper wrote."""
    try:
        return inkex.load_svg(path).getroot()
    except Exception as e:  # lxml raises several kinds
        raise inkex.AbortExtension(f"DiffInk: the helper's SVG could not be read: {e}")


def view_box(root) -> Tuple[float, float, float, float]:
    """(x, y, width, height) of an SVG's viewBox, or 0 0 width height."""
    vb = root.get("viewBox")
    if vb:
        parts = [float(v) for v in vb.replace(",", " ").split()]
        if len(parts) == 4 and parts[2] > 0 and parts[3] > 0:
            return parts[0], parts[1], parts[2], parts[3]
    w = float(inkex.units.parse_unit(root.get("width", "100"))[0])
    h = float(inkex.units.parse_unit(root.get("height", "100"))[0])
    return 0.0, 0.0, w, h


def as_group(root, label: str) -> inkex.Group:
    """The drawing elements of a helper's SVG as one new group (title and metadata left out)."""
    group = inkex.Group()
    group.label = label
    for child in list(root):
        tag = child.TAG if hasattr(child, "TAG") else ""
        if tag in ("title", "desc", "metadata", "namedview") or not isinstance(child.tag, str):
            continue
        group.append(child)
    return group


def fit_transform(src: Tuple[float, float, float, float], x: float, y: float, width: float,
                  height: float) -> inkex.Transform:
    """Maps the viewBox src onto the box (x, y, width, height), keeping proportions, centred."""
    sx, sy, sw, sh = src
    scale = min(width / sw, height / sh)
    dx = x + (width - sw * scale) / 2 - sx * scale
    dy = y + (height - sh * scale) / 2 - sy * scale
    return inkex.Transform(translate=(dx, dy)) @ inkex.Transform(scale=scale)


def page_box(svg) -> Tuple[float, float, float, float]:
    """The page in user units: the document's viewBox, else its width and height."""
    vb = svg.get_viewbox()
    if vb and vb[2] > 0 and vb[3] > 0:
        return vb[0], vb[1], vb[2], vb[3]
    return 0.0, 0.0, svg.unittouu(svg.get("width", "100")), svg.unittouu(svg.get("height", "100"))
