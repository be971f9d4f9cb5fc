#!/usr/bin/env python3
"""Extensions > DiffInk > Vectorize selected bitmap: each selected <image> (embedded data URI or
linked file) through `diffink vectorize`, inserted as a group above it, in its place and size; the
image is removed when "replace" is set."""
import base64
import os
import urllib.parse
import urllib.request

import inkex

import diffink_common as dc

MIME_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg", "image/gif": ".gif",
               "image/bmp": ".bmp"}


class Vectorize(inkex.EffectExtension):
    def add_arguments(self, pars):
        pars.add_argument("--max_bytes", type=int, default=10000)
        pars.add_argument("--preset", type=str, default="balanced")
        pars.add_argument("--replace", type=inkex.Boolean, default=False)
        pars.add_argument("--helper", type=str, default="")

    def effect(self):
        images = [e for e in self.svg.selection.values() if isinstance(e, inkex.Image)]
        if not images:
            raise inkex.AbortExtension("DiffInk: select a bitmap (an embedded or linked image) to vectorize.")
        helper = dc.find_helper(self.options.helper)
        made = []
        # Everything is vectorized before the document is touched: a failure leaves it as it was.
        with dc.TempDir() as tmp:
            for n, image in enumerate(images):
                source = self.image_file(image, tmp, n)
                out = os.path.join(tmp, f"vectorized-{n}.svg")
                dc.run_helper(helper, ["vectorize", source, "-o", out, "--max-bytes", str(self.options.max_bytes),
                                       "--preset", self.options.preset])
                made.append((image, dc.load_svg_root(out)))
        for image, root in made:
            group = dc.as_group(root, "DiffInk: " + (image.get("id") or "image"))
            x = float(image.get("x", "0"))
            y = float(image.get("y", "0"))
            w = float(inkex.units.parse_unit(image.get("width", "0"))[0])
            h = float(inkex.units.parse_unit(image.get("height", "0"))[0])
            if w <= 0 or h <= 0:
                vx, vy, w, h = dc.view_box(root)
            group.transform = image.transform @ dc.fit_transform(dc.view_box(root), x, y, w, h)
            parent = image.getparent()
            parent.insert(parent.index(image) + 1, group)
            if self.options.replace:
                image.delete()

    def image_file(self, image, tmp: str, n: int) -> str:
        """The image's pixels as a file the helper can read."""
        href = image.get("xlink:href") or image.get("href") or ""
        if href.startswith("data:"):
            header, _, payload = href.partition(",")
            mime = header[5:].split(";")[0].strip().lower()
            if mime not in MIME_SUFFIX:
                raise inkex.AbortExtension(f"DiffInk: the embedded image is {mime or 'of no type'}; DiffInk reads "
                                           "PNG, JPEG, GIF and BMP.")
            try:
                data = base64.b64decode(payload, validate=False) if ";base64" in header else \
                    urllib.parse.unquote_to_bytes(payload)
            except ValueError as e:
                raise inkex.AbortExtension(f"DiffInk: the embedded image's data is damaged: {e}")
            path = os.path.join(tmp, f"image-{n}{MIME_SUFFIX[mime]}")
            with open(path, "wb") as f:
                f.write(data)
            return path
        if not href:
            raise inkex.AbortExtension(f"DiffInk: image {image.get('id')} has no href.")
        if href.startswith("file:"):
            path = urllib.request.url2pathname(urllib.parse.urlparse(href).path)
        elif "://" in href:
            raise inkex.AbortExtension(f"DiffInk: image {image.get('id')} links to {href}; only local files and "
                                       "embedded images are vectorized.")
        else:
            path = href
        if os.path.isabs(path):
            tried = [path]
        else:
            # Inkscape hands the script a temporary copy of the document and rebases relative links
            # onto that copy's folder; the document's own folder is the fallback.
            tried = []
            if isinstance(self.options.input_file, str):
                tried.append(os.path.join(os.path.dirname(os.path.abspath(self.options.input_file)), path))
            tried.append(os.path.join(self.svg_path() or os.getcwd(), path))
        for candidate in tried:
            if os.path.isfile(candidate):
                return candidate
        raise inkex.AbortExtension(f"DiffInk: the linked image {tried[-1]} does not exist.")


if __name__ == "__main__":
    Vectorize().run()
