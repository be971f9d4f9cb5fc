#!/usr/bin/env bash
# Reproduces DiffInk's bundled text-to-image denoiser (models/diffink-diffusion.pt) from nothing:
#   1. renders 100,000 captioned synthetic 64x64 scenes with DiffInk (./diffink dataset), into models/work/
#   2. trains the denoiser with torch and exports it as TorchScript (with a preview grid of samples).
# Needs python3 with torch (2.x; the CPU wheel is enough) and numpy. On 2 CPU cores the bundled model's
# recipe (STEPS=8000 batch-32 steps) takes about 80 minutes; on a GPU the same recipe takes a few minutes.
# Usage: models/train-diffusion.sh [OUT.pt]   (default: models/diffink-diffusion.pt)
#   STEPS=N  training steps (default 8000)     BATCH=B  batch size (default 32)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="${1:-$here/diffink-diffusion.pt}"
data="$here/work/scenes-64-100k-seed2"
if [[ ! -f "$data/dataset.json" ]]; then
  rm -rf "$data"
  "$root/diffink" dataset -o "$data" --count 100000 --size 64 --seed 2
fi
python3 "$here/diffusion/train.py" "$data" "$out" --max-steps "${STEPS:-8000}" --minutes 100000 \
  --batch "${BATCH:-32}" --lr 5e-4 --threads "$(nproc)" --preview "$here/work/diffusion-preview.png"
