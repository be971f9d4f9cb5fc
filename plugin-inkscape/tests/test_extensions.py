"""Tests of DiffInk's Inkscape extensions with Inkscape's own inkex (Debian's `inkscape` package).

Each extension is run the way Inkscape runs it: `python3 diffink_X.py --param=value ... --id=ID
input.svg`, the new document on stdout; on failure Inkscape keeps the document when the script
exits non-zero, so the tests check that nothing is written to stdout then and that the message is
the helper's. A fake helper (fake_diffink.py) stands in where the pipeline itself is not what is
tested; the real `diffink` (DIFFINK_TEST_HELPER, set by run.sh from the build) vectorizes and
compresses for real.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
EXT = os.path.join(os.path.dirname(HERE), "extension")
ROOT = os.path.dirname(os.path.dirname(HERE))
INKEX = os.environ.get("INKEX_PATH", "/usr/share/inkscape/extensions")
sys.path.insert(0, INKEX)
sys.path.insert(0, EXT)

import inkex  # noqa: E402
from inkex.tester.inx import InxMixin  # noqa: E402

FAKE = os.path.join(HERE, "fake_diffink.py")
REAL = os.environ.get("DIFFINK_TEST_HELPER", "")
SVG = "{http://www.w3.org/2000/svg}"


def png_bytes() -> bytes:
    with open(os.path.join(ROOT, "examples", "shapes.png"), "rb") as f:
        return f.read()


class Run:
    def __init__(self, code, out, err, calls):
        self.code, self.out, self.err, self.calls = code, out, err, calls

    def doc(self):
        return inkex.load_svg(self.out).getroot()


class ExtensionTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="diffink-ext-test-")
        self.log = os.path.join(self.tmp, "calls.jsonl")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_ext(self, script, args, document, mode="ok", path_env=None):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([EXT, INKEX])
        env["FAKE_DIFFINK_LOG"] = self.log
        env["FAKE_DIFFINK_MODE"] = mode
        if path_env is not None:
            env["PATH"] = path_env
        if os.path.exists(self.log):
            os.remove(self.log)
        p = subprocess.run([sys.executable, os.path.join(EXT, script)] + args + [document], capture_output=True,
                           env=env, cwd=self.tmp, timeout=600)
        calls = []
        if os.path.exists(self.log):
            with open(self.log, encoding="utf-8") as f:
                calls = [json.loads(line) for line in f]
        return Run(p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"), calls)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def page(self):
        return os.path.join(HERE, "fixtures", "page.svg")

    def image_doc(self, href, name="img.svg"):
        return self.write(name, f'''<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  width="300" height="300" viewBox="0 0 300 300"><g id="layer1">
  <rect id="under" x="0" y="0" width="10" height="10"/>
  <image id="pic" x="50" y="60" width="100" height="100" xlink:href="{href}"/>
  <rect id="over" x="5" y="5" width="10" height="10"/></g></svg>''')

    def assertTransform(self, element, expected):
        t = element.transform
        got = [t.a, t.b, t.c, t.d, t.e, t.f]
        for g, e in zip(got, expected):
            self.assertAlmostEqual(g, e, places=3, msg=f"{got} != {expected}")


class InxTest(InxMixin, unittest.TestCase):
    def test_every_inx_is_valid_and_matches_its_script(self):
        names = sorted(n for n in os.listdir(EXT) if n.endswith(".inx"))
        self.assertEqual(["diffink_compress.inx", "diffink_generate.inx", "diffink_vectorize.inx"], names)
        cwd = os.getcwd()
        os.chdir(EXT)
        try:
            for name in names:
                self.assertInxIsGood(name)
                inx = inkex.inx.InxFile(name)
                self.assertEqual([], inx.warnings, name)
                self.assertEqual(["DiffInk"], [s.get("name") for s in inx.xml.findall(
                    ".//{http://www.inkscape.org/namespace/inkscape/extension}submenu")], name)
        finally:
            os.chdir(cwd)


class GenerateTest(ExtensionTest):
    def test_inserts_one_group_at_the_page_centre_scaled_to_fit(self):
        r = self.run_ext("diffink_generate.py", ["--prompt=a red circle", f"--helper={FAKE}", "--candidates=3",
                                                 "--seed=7"], self.page())
        self.assertEqual(0, r.code, r.err)
        self.assertEqual(1, len(r.calls))
        call = r.calls[0]
        self.assertEqual(["generate", "a red circle", "-o"], call[:3])
        self.assertEqual(["--candidates", "3", "--max-bytes", "10000", "--seed", "7"], call[4:])
        doc = r.doc()
        layer = doc.getElementById("layer1")
        groups = [g for g in layer if g.get("inkscape:label", "").startswith("DiffInk")]
        self.assertEqual(1, len(groups))
        g = groups[0]
        self.assertEqual("DiffInk: a red circle", g.label)
        # 200 x 100 into the 400 x 400 page: scale 2, centred vertically
        self.assertTransform(g, [2, 0, 0, 2, 0, 100])
        self.assertEqual([SVG + "rect", SVG + "circle"], [c.tag for c in g])
        # what was there is untouched
        self.assertIsNotNone(doc.getElementById("r1"))
        self.assertIsNotNone(doc.getElementById("c1"))

    def test_failures_leave_the_document_and_say_why(self):
        r = self.run_ext("diffink_generate.py", ["--prompt=a zebra", f"--helper={FAKE}"], self.page(), mode="fail")
        self.assertNotEqual(0, r.code)
        self.assertEqual(b"", r.out)
        self.assertIn("does not know the word 'zebra'", r.err)
        self.assertNotIn("progress line", r.err)

        r = self.run_ext("diffink_generate.py", ["--prompt=  ", f"--helper={FAKE}"], self.page())
        self.assertNotEqual(0, r.code)
        self.assertEqual(b"", r.out)
        self.assertIn("enter a prompt", r.err)
        self.assertEqual([], r.calls)

        missing = os.path.join(self.tmp, "no-such-diffink")
        r = self.run_ext("diffink_generate.py", ["--prompt=a red circle", f"--helper={missing}"], self.page())
        self.assertNotEqual(0, r.code)
        self.assertEqual(b"", r.out)
        self.assertIn("is not an executable file", r.err)

    def test_helper_is_found_on_path_then_in_the_install_record(self):
        bin_dir = os.path.join(self.tmp, "bin")
        os.mkdir(bin_dir)
        wrapper = os.path.join(bin_dir, "diffink")
        with open(wrapper, "w", encoding="utf-8") as f:
            f.write(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" "$@"\n')
        os.chmod(wrapper, 0o755)
        r = self.run_ext("diffink_generate.py", ["--prompt=a red circle"], self.page(), path_env=bin_dir)
        self.assertEqual(0, r.code, r.err)
        self.assertEqual(1, len(r.calls))

        r = self.run_ext("diffink_generate.py", ["--prompt=a red circle"], self.page(), path_env=self.tmp)
        self.assertNotEqual(0, r.code)
        self.assertEqual(b"", r.out)
        self.assertIn("helper not found", r.err)


class VectorizeTest(ExtensionTest):
    def test_embedded_image_gets_a_group_above_it_in_its_box(self):
        href = "data:image/png;base64," + base64.b64encode(png_bytes()).decode("ascii")
        doc = self.image_doc(href)
        r = self.run_ext("diffink_vectorize.py", [f"--helper={FAKE}", "--id=pic", "--max_bytes=3000"], doc)
        self.assertEqual(0, r.code, r.err)
        call = r.calls[0]
        self.assertEqual("vectorize", call[0])
        self.assertTrue(call[1].endswith(".png"), call)
        self.assertEqual(["--max-bytes", "3000", "--preset", "balanced"], call[4:])
        layer = r.doc().getElementById("layer1")
        ids = [c.get("id") for c in layer]
        pic = ids.index("pic")
        g = layer[pic + 1]
        self.assertTrue(g.label.startswith("DiffInk"))
        # 200 x 100 into the 100 x 100 image at (50, 60): scale 0.5, centred vertically
        self.assertTransform(g, [0.5, 0, 0, 0.5, 50, 85])
        self.assertEqual("over", layer[pic + 2].get("id"))

    def test_linked_image_and_replace(self):
        shutil.copy(os.path.join(ROOT, "examples", "shapes.png"), os.path.join(self.tmp, "linked.png"))
        doc = self.image_doc("linked.png")
        r = self.run_ext("diffink_vectorize.py", [f"--helper={FAKE}", "--id=pic", "--replace=true"], doc)
        self.assertEqual(0, r.code, r.err)
        self.assertEqual(os.path.join(self.tmp, "linked.png"), r.calls[0][1])
        root = r.doc()
        self.assertIsNone(root.getElementById("pic"))
        self.assertEqual(1, len([g for g in root.getElementById("layer1") if g.tag == SVG + "g"]))

    def test_relative_link_rebased_onto_inkscapes_temporary_copy(self):
        # Inkscape gives the script a temporary copy of the document elsewhere and rewrites relative
        # links relative to that copy (seen with Inkscape 1.2.2): they are resolved from the input
        # file's folder first, then from the document's (DOCUMENT_PATH).
        os.mkdir(os.path.join(self.tmp, "pictures"))
        shutil.copy(os.path.join(ROOT, "examples", "shapes.png"), os.path.join(self.tmp, "pictures", "p.png"))
        os.mkdir(os.path.join(self.tmp, "copy"))
        doc = self.image_doc("../pictures/p.png", os.path.join("copy", "temp.svg"))
        os.environ["DOCUMENT_PATH"] = os.path.join(self.tmp, "elsewhere", "drawing.svg")
        try:
            r = self.run_ext("diffink_vectorize.py", [f"--helper={FAKE}", "--id=pic"], doc)
        finally:
            del os.environ["DOCUMENT_PATH"]
        self.assertEqual(0, r.code, r.err)
        self.assertEqual(os.path.join(self.tmp, "copy", "..", "pictures", "p.png"), r.calls[0][1])

    def test_nothing_selected_or_bad_image_leaves_the_document(self):
        doc = self.image_doc("linked.png")
        r = self.run_ext("diffink_vectorize.py", [f"--helper={FAKE}", "--id=under"], doc)
        self.assertNotEqual(0, r.code)
        self.assertEqual(b"", r.out)
        self.assertIn("select a bitmap", r.err)
        r = self.run_ext("diffink_vectorize.py", [f"--helper={FAKE}", "--id=pic"], doc)
        self.assertNotEqual(0, r.code)
        self.assertIn("does not exist", r.err)
        svg_data = self.image_doc("data:image/svg+xml;base64,PHN2Zy8+", "svgimg.svg")
        r = self.run_ext("diffink_vectorize.py", [f"--helper={FAKE}", "--id=pic"], svg_data)
        self.assertNotEqual(0, r.code)
        self.assertIn("image/svg+xml", r.err)
        self.assertEqual([], r.calls)

    @unittest.skipUnless(REAL, "DIFFINK_TEST_HELPER not set (run.sh sets it when the build made api/target/diffink.jar)")
    def test_real_helper_vectorizes_an_embedded_png(self):
        href = "data:image/png;base64," + base64.b64encode(png_bytes()).decode("ascii")
        doc = self.image_doc(href)
        r = self.run_ext("diffink_vectorize.py", [f"--helper={REAL}", "--id=pic", "--max_bytes=2000",
                                                  "--preset=fast"], doc)
        self.assertEqual(0, r.code, r.err)
        layer = r.doc().getElementById("layer1")
        ids = [c.get("id") for c in layer]
        g = layer[ids.index("pic") + 1]
        self.assertGreater(len(g.descendants()), 2)
        bbox = g.bounding_box(g.getparent().composed_transform())
        # the traced picture fills the image's box (fuzzy: the outermost shapes may sit inside it)
        self.assertAlmostEqual(50, bbox.left, delta=6)
        self.assertAlmostEqual(150, bbox.right, delta=6)


class CompressTest(ExtensionTest):
    def test_selection_is_replaced_by_one_group_in_place(self):
        r = self.run_ext("diffink_compress.py", [f"--helper={FAKE}", "--id=r1", "--id=c1", "--precision=2"],
                         self.page())
        self.assertEqual(0, r.code, r.err)
        call = r.calls[0]
        self.assertEqual(["--precision", "2"], call[4:])
        root = r.doc()
        self.assertIsNone(root.getElementById("r1"))
        self.assertIsNone(root.getElementById("c1"))
        layer = root.getElementById("layer1")
        g = [c for c in layer if c.get("inkscape:label") == "DiffInk: compressed"]
        self.assertEqual(1, len(g))
        # the fake's 200 x 100 viewBox mapped onto the 400 x 400 page
        self.assertTransform(g[0], [2, 0, 0, 2, 0, 100])

    def test_bad_precision_and_helper_failure_leave_the_document(self):
        r = self.run_ext("diffink_compress.py", [f"--helper={FAKE}", "--precision=two"], self.page())
        self.assertNotEqual(0, r.code)
        self.assertEqual(b"", r.out)
        self.assertIn("precision must be", r.err)
        r = self.run_ext("diffink_compress.py", [f"--helper={FAKE}"], self.page(), mode="fail")
        self.assertNotEqual(0, r.code)
        self.assertEqual(b"", r.out)

    @unittest.skipUnless(REAL, "DIFFINK_TEST_HELPER not set (run.sh sets it when the build made api/target/diffink.jar)")
    def test_real_helper_compresses_the_document_keeping_geometry(self):
        r = self.run_ext("diffink_compress.py", [f"--helper={REAL}"], self.page())
        self.assertEqual(0, r.code, r.err)
        root = r.doc()
        self.assertIsNotNone(root.find(".//{http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd}namedview"))
        g = [c for c in root.descendants() if c.get("inkscape:label") == "DiffInk: compressed"]
        self.assertEqual(1, len(g))
        bbox = g[0].bounding_box(g[0].getparent().composed_transform())
        # the red rectangle starts at (10, 20); the moved circle ends at 100 + 20 + 15 = 135, 50 + 35 = 85
        self.assertAlmostEqual(10, bbox.left, delta=0.5)
        self.assertAlmostEqual(20, bbox.top, delta=0.5)
        self.assertAlmostEqual(135, bbox.right, delta=0.5)
        self.assertAlmostEqual(85, bbox.bottom, delta=0.5)


if __name__ == "__main__":
    unittest.main()
