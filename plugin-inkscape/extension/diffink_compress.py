#!/usr/bin/env python3
"""Extensions > DiffInk > Compress: the selection (or, with nothing selected, the whole drawing)
through `diffink compress`, put back as one group in the same place; Inkscape's own settings
(namedview, metadata) are kept."""
import copy
import os

import inkex
from lxml import etree

import diffink_common as dc

KEEP = ("namedview", "metadata")


class Compress(inkex.EffectExtension):
    def add_arguments(self, pars):
        pars.add_argument("--precision", type=str, default="auto")
        pars.add_argument("--max_bytes", type=int, default=0)
        pars.add_argument("--helper", type=str, default="")

    def effect(self):
        precision = (self.options.precision or "auto").strip()
        if precision != "auto" and not precision.isdigit():
            raise inkex.AbortExtension(f"DiffInk: precision must be 'auto' or a number of decimals, not '{precision}'.")
        selected = list(self.svg.selection.values())
        whole = not selected
        if whole:
            selected = [c for c in self.svg if isinstance(c.tag, str) and c.TAG not in KEEP]
            if not selected:
                raise inkex.AbortExtension("DiffInk: the drawing is empty; there is nothing to compress.")
        helper = dc.find_helper(self.options.helper)
        x, y, w, h = dc.page_box(self.svg)
        with dc.TempDir() as tmp:
            source = os.path.join(tmp, "selection.svg")
            with open(source, "wb") as f:
                f.write(self.standalone(selected, (x, y, w, h)))
            out = os.path.join(tmp, "compressed.svg")
            args = ["compress", source, "-o", out, "--precision", precision]
            if self.options.max_bytes > 0:
                args += ["--max-bytes", str(self.options.max_bytes)]
            dc.run_helper(helper, args)
            root = dc.load_svg_root(out)
        group = dc.as_group(root, "DiffInk: compressed")
        # The helper's coordinates are the page's user units (its viewBox may be rescaled).
        to_page = dc.fit_transform(dc.view_box(root), x, y, w, h)
        first = selected[0]
        parent = first.getparent()
        inverse = -parent.composed_transform() if isinstance(parent, inkex.ShapeElement) else inkex.Transform()
        group.transform = inverse @ to_page
        parent.insert(parent.index(first), group)
        for element in selected:
            element.delete()

    def standalone(self, elements, box) -> bytes:
        """A standalone SVG of the elements in page coordinates, with the definitions they may use."""
        x, y, w, h = box
        root = etree.Element("{http://www.w3.org/2000/svg}svg", nsmap={None: "http://www.w3.org/2000/svg",
                                                                       "xlink": "http://www.w3.org/1999/xlink"})
        root.set("viewBox", f"{x} {y} {w} {h}")
        root.set("width", str(w))
        root.set("height", str(h))
        for defs in self.svg.findall("{http://www.w3.org/2000/svg}defs"):
            root.append(copy.deepcopy(defs))
        for e in elements:
            parent = e.getparent()
            wrap = etree.SubElement(root, "{http://www.w3.org/2000/svg}g")
            if isinstance(parent, inkex.ShapeElement):
                t = parent.composed_transform()
                if t != inkex.Transform():
                    wrap.set("transform", str(t))
            wrap.append(copy.deepcopy(e))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


if __name__ == "__main__":
    Compress().run()
