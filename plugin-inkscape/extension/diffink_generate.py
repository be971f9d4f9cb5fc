#!/usr/bin/env python3
"""Extensions > DiffInk > Generate from prompt: `diffink generate`, inserted as one group at the page's
centre, scaled to fit the page."""
import os

import inkex

import diffink_common as dc


class Generate(inkex.EffectExtension):
    def add_arguments(self, pars):
        pars.add_argument("--prompt", type=str, default="")
        pars.add_argument("--candidates", type=int, default=4)
        pars.add_argument("--max_bytes", type=int, default=10000)
        pars.add_argument("--seed", type=int, default=1)
        pars.add_argument("--helper", type=str, default="")

    def effect(self):
        prompt = (self.options.prompt or "").strip()
        if not prompt:
            raise inkex.AbortExtension("DiffInk: enter a prompt, e.g. 'a red circle on a blue background'.")
        helper = dc.find_helper(self.options.helper)
        with dc.TempDir() as tmp:
            out = os.path.join(tmp, "generated.svg")
            dc.run_helper(helper, ["generate", prompt, "-o", out, "--candidates", str(self.options.candidates),
                                   "--max-bytes", str(self.options.max_bytes), "--seed", str(self.options.seed)])
            root = dc.load_svg_root(out)
        group = dc.as_group(root, "DiffInk: " + prompt)
        x, y, w, h = dc.page_box(self.svg)
        group.transform = dc.fit_transform(dc.view_box(root), x, y, w, h)
        self.svg.get_current_layer().append(group)


if __name__ == "__main__":
    Generate().run()
