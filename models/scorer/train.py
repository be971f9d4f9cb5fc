"""Trains DiffInk's bundled image-text scorer and exports it as TorchScript.

A small CLIP-style dual encoder: a convolutional image encoder and a word-level GRU text encoder,
trained contrastively (symmetric InfoNCE) on the captioned synthetic scenes that
`diffink dataset` renders with DiffInk's own rasterizer. The export is what `--scorer` loads:

  encode_image(images: Tensor[B, 3, S, S], sRGB in [0, 1]) -> Tensor[B, D]
  encode_text(tokens: Tensor[B, L], token ids as floats, 0 = padding) -> Tensor[B, D]
  extra file diffink.json: {"format": "diffink-scorer-1", "image_size": S, "max_tokens": L,
                            "vocabulary": [...], ...}   token id = 2 + index in vocabulary, 1 = unknown word

Usage: python3 models/scorer/train.py DATASET_DIR OUT.pt [--epochs N] [--threads N]
(models/train-scorer.sh runs the whole thing, dataset included.)
"""
import argparse
import json
import math
import re
import time
from pathlib import Path
from typing import List

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MAX_TOKENS = 16
EMBED = 128


class ImageEncoder(nn.Module):
    def __init__(self, size: int):
        super().__init__()
        self.size = size
        chans = [3, 32, 64, 128, 128]
        layers: List[nn.Module] = []
        for a, b in zip(chans[:-1], chans[1:]):
            layers += [nn.Conv2d(a, b, 3, stride=2, padding=1), nn.BatchNorm2d(b), nn.ReLU(),
                       nn.Conv2d(b, b, 3, padding=1), nn.BatchNorm2d(b), nn.ReLU()]
        self.features = nn.Sequential(*layers)
        side = size // 16
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(128 * side * side, 256), nn.ReLU(), nn.Linear(256, EMBED))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features((x - 0.5) * 4.0))


class TextEncoder(nn.Module):
    def __init__(self, vocab_size: int):
        super().__init__()
        self.embed = nn.Embedding(vocab_size + 2, 96, padding_idx=0)
        self.position = nn.Embedding(MAX_TOKENS, 96)
        self.gru = nn.GRU(96, 96, batch_first=True, bidirectional=True)
        self.head = nn.Sequential(nn.Linear(192, 256), nn.ReLU(), nn.Linear(256, EMBED))

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        ids = tokens.long()
        mask = (ids > 0).float().unsqueeze(-1)
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        h, _ = self.gru(self.embed(ids) + self.position(positions))
        pooled = (h * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(pooled)


class Scorer(nn.Module):
    def __init__(self, size: int, vocab_size: int):
        super().__init__()
        self.size = size
        self.image = ImageEncoder(size)
        self.text = TextEncoder(vocab_size)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    @torch.jit.export
    def encode_image(self, images: torch.Tensor) -> torch.Tensor:
        if images.dim() != 4 or images.shape[1] != 3 or images.shape[2] != self.size or images.shape[3] != self.size:
            raise RuntimeError("encode_image expects images of shape B x 3 x " + str(self.size) + " x "
                               + str(self.size) + ", got " + str(images.shape))
        return self.image(images)

    @torch.jit.export
    def encode_text(self, tokens: torch.Tensor) -> torch.Tensor:
        if tokens.dim() != 2 or tokens.shape[1] > 16:
            raise RuntimeError("encode_text expects tokens of shape B x L with L <= 16, got " + str(tokens.shape))
        return self.text(tokens)

    def forward(self, images: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        a = F.normalize(self.encode_image(images), dim=-1)
        b = F.normalize(self.encode_text(tokens), dim=-1)
        return (a * b).sum(-1)


def tokenize(caption: str, index: dict) -> List[int]:
    words = re.findall(r"[a-z]+", caption.lower())[:MAX_TOKENS]
    ids = [index.get(w, 1) for w in words]
    return ids + [0] * (MAX_TOKENS - len(ids))


def augment(images: torch.Tensor, size: int) -> torch.Tensor:
    """Random crop (80-100% of the side) resized back: the views the optimiser will show the scorer."""
    b = images.shape[0]
    scale = 0.8 + 0.2 * torch.rand(b)
    cx = (1 - scale) * (torch.rand(b) * 2 - 1)
    cy = (1 - scale) * (torch.rand(b) * 2 - 1)
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = scale
    theta[:, 1, 1] = scale
    theta[:, 0, 2] = cx
    theta[:, 1, 2] = cy
    grid = F.affine_grid(theta, [b, 3, size, size], align_corners=False)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="border", align_corners=False)


def retrieval(model: Scorer, images: torch.Tensor, tokens: torch.Tensor, pool: int = 100) -> float:
    """R-precision with one true caption among `pool`: share of images whose own caption scores best."""
    model.eval()
    with torch.no_grad():
        a = F.normalize(model.encode_image(images), dim=-1)
        b = F.normalize(model.encode_text(tokens), dim=-1)
    hits = 0
    n = a.shape[0]
    for start in range(0, n - pool + 1, pool):
        sims = a[start:start + pool] @ b[start:start + pool].t()
        hits += (sims.argmax(1) == torch.arange(pool)).sum().item()
    return hits / (n // pool * pool)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset")
    parser.add_argument("output")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--held-out", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    root = Path(args.dataset)
    meta = json.loads((root / "dataset.json").read_text())
    size, count, vocab = meta["size"], meta["count"], meta["vocabulary"]
    index = {w: i + 2 for i, w in enumerate(vocab)}
    images = np.fromfile(root / "images.u8", dtype=np.uint8).reshape(count, size, size, 3)
    captions = (root / "captions.txt").read_text().splitlines()[:count]
    tokens = torch.tensor([tokenize(c, index) for c in captions], dtype=torch.float32)
    pixels = torch.from_numpy(images).permute(0, 3, 1, 2)  # uint8, B x 3 x S x S

    n_train = count - args.held_out
    model = Scorer(size, len(vocab))
    steps = args.epochs * (n_train // args.batch)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps, pct_start=0.1)
    held_images = pixels[n_train:].float() / 255.0
    held_tokens = tokens[n_train:]
    start = time.time()
    step = 0
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(n_train)
        total = 0.0
        for i in range(n_train // args.batch):
            idx = order[i * args.batch:(i + 1) * args.batch]
            x = augment(pixels[idx].float() / 255.0, size)
            t = tokens[idx]
            a = F.normalize(model.image(x), dim=-1)
            b = F.normalize(model.text(t), dim=-1)
            logits = model.logit_scale.exp().clamp(max=100) * a @ b.t()
            # Captions can repeat within a batch ("a green diamond"): equal captions are all positives.
            same = (t.unsqueeze(1) == t.unsqueeze(0)).all(-1).float()
            target = same / same.sum(1, keepdim=True)
            loss = 0.5 * (-(target * F.log_softmax(logits, 1)).sum(1).mean()
                          - (target * F.log_softmax(logits.t(), 1)).sum(1).mean())
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            total += loss.item()
        r = retrieval(model, held_images, held_tokens)
        print(f"epoch {epoch + 1}/{args.epochs}: loss {total / (n_train // args.batch):.3f}, "
              f"held-out R-precision@100 {r:.3f}, {time.time() - start:.0f} s", flush=True)

    model.eval()
    scripted = torch.jit.script(model)
    info = {
        "format": "diffink-scorer-1",
        "description": "DiffInk's bundled image-text scorer: a small dual encoder trained on synthetic flat scenes",
        "image_size": size,
        "max_tokens": MAX_TOKENS,
        "embedding": EMBED,
        "vocabulary": vocab,
        "trained_on": {"format": meta.get("format"), "count": count, "seed": meta.get("seed"), "epochs": args.epochs},
        "held_out_r_precision_at_100": r,
    }
    out = Path(args.output)
    tmp = out.with_suffix(".part")
    torch.jit.save(scripted, str(tmp), _extra_files={"diffink.json": json.dumps(info)})
    tmp.replace(out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB), held-out R-precision@100 {r:.3f}", flush=True)


if __name__ == "__main__":
    main()
