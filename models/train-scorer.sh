#!/usr/bin/env bash
# Reproduces DiffInk's bundled scorer (models/diffink-scorer.pt) from nothing:
#   1. renders the captioned synthetic scenes with DiffInk (./diffink dataset), into models/work/
#   2. trains the dual encoder with torch (CPU) and exports it as TorchScript.
# Needs python3 with torch (any 2.x, CPU is enough) and numpy. About 25 minutes on 2 cores.
# Usage: models/train-scorer.sh [OUT.pt]   (default: models/diffink-scorer.pt)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="${1:-$here/diffink-scorer.pt}"
data="$here/work/scenes-64-40k-seed1"
if [[ ! -f "$data/dataset.json" ]]; then
  rm -rf "$data"
  "$root/diffink" dataset -o "$data" --count 40000 --size 64 --seed 1
fi
python3 "$here/scorer/train.py" "$data" "$out" --epochs 12 --threads "$(nproc)"
