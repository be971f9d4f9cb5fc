#!/usr/bin/env python3
"""A stand-in for the `diffink` helper in the extension tests: records its arguments, then writes a
known SVG to -o (or fails, as FAKE_DIFFINK_MODE asks)."""
import json
import os
import sys

args = sys.argv[1:]
with open(os.environ["FAKE_DIFFINK_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(args) + "\n")
mode = os.environ.get("FAKE_DIFFINK_MODE", "ok")
if mode == "fail":
    print("diffink: progress line that is not the error", file=sys.stderr)
    print("diffink generate: the model diffink-diffusion.pt does not know the word 'zebra'", file=sys.stderr)
    sys.exit(2)
out = args[args.index("-o") + 1]
with open(out, "w", encoding="utf-8") as f:
    f.write('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
            '<title>fake</title><rect width="200" height="100" fill="#00f"/>'
            '<circle cx="100" cy="50" r="40" fill="red"/></svg>')
