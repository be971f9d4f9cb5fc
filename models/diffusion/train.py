"""Trains DiffInk's bundled text-to-image diffusion model and exports it as TorchScript.

A small pixel-space denoiser (U-Net over 4 x 4 pixel patches with text cross-attention, 64 x 64 RGB)
trained on the captioned synthetic scenes that `diffink dataset` renders, with classifier-free
guidance dropout. The network predicts velocity (v); the exported denoise() turns it into the noise
prediction the contract asks for. The export
is what `diffink generate --model` loads:

  encode_text(tokens: Tensor[B, L], word ids as floats, 0 = padding) -> Tensor[B, L, D]
  denoise(x: Tensor[B, 3, S, S], t: Tensor[B], text: Tensor[B, L, D], tokens: Tensor[B, L]) -> Tensor[B, 3, S, S]
      x is the noisy image scaled to [-1, 1], t the timestep in [0, T), the result the predicted noise
  extra file diffink.json: {"format": "diffink-diffusion-1", "image_size": S, "max_tokens": L,
      "vocabulary": [...], "schedule": {"kind": "cosine", "steps": T, "offset": 0.008}, "prediction": "eps"}

Usage: python3 models/diffusion/train.py DATASET_DIR OUT.pt [--minutes M] [--batch B]
Runs on CUDA when there is a GPU (bfloat16 autocast), else on the CPU (much slower).
"""
import argparse
import copy
import json
import lzma
import math
import re
import struct
import time
import zlib
from pathlib import Path
from typing import List

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MAX_TOKENS = 16
TEXT_DIM = 128
STEPS = 1000
OFFSET = 0.008


def tokenize(caption: str, index: dict) -> List[int]:
    words = re.findall(r"[a-z]+", caption.lower())[:MAX_TOKENS]
    ids = [index.get(w, 1) for w in words]
    return ids + [0] * (MAX_TOKENS - len(ids))


def alphas_bar(t: torch.Tensor) -> torch.Tensor:
    """Cosine schedule (Nichol and Dhariwal): signal fraction left at timestep t in [0, STEPS]."""
    f = torch.cos((t / STEPS + OFFSET) / (1 + OFFSET) * math.pi / 2) ** 2
    f0 = math.cos(OFFSET / (1 + OFFSET) * math.pi / 2) ** 2
    return (f / f0).clamp(1e-5, 0.9999)


class TextEncoder(nn.Module):
    def __init__(self, vocab_size: int):
        super().__init__()
        self.embed = nn.Embedding(vocab_size + 2, TEXT_DIM, padding_idx=0)
        self.position = nn.Embedding(MAX_TOKENS, TEXT_DIM)
        self.gru = nn.GRU(TEXT_DIM, TEXT_DIM // 2, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(TEXT_DIM)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        ids = tokens.long()
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        h, _ = self.gru(self.embed(ids) + self.position(positions))
        return self.norm(h)


def upsample2(x: torch.Tensor) -> torch.Tensor:
    """Nearest-neighbour 2x upsampling with plain ops (F.interpolate scripts operators libtorch 1.13 lacks)."""
    b, c, h, w = x.shape
    return x.reshape(b, c, h, 1, w, 1).expand(b, c, h, 2, w, 2).reshape(b, c, 2 * h, 2 * w)


class ResBlock(nn.Module):
    def __init__(self, cin: int, cout: int, emb: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(8, cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.film = nn.Linear(emb, 2 * cout)
        self.norm2 = nn.GroupNorm(8, cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x: torch.Tensor, e: torch.Tensor) -> torch.Tensor:
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.film(e).unsqueeze(-1).unsqueeze(-1).chunk(2, dim=1)
        h = self.norm2(h) * (1 + scale) + shift
        h = self.conv2(F.silu(h))
        return h + self.skip(x)


class CrossAttention(nn.Module):
    """Image positions attend to the caption's words (written with plain ops: loads in libtorch 1.13)."""

    def __init__(self, ch: int, heads: int = 4):
        super().__init__()
        self.heads = heads
        self.norm = nn.GroupNorm(8, ch)
        self.q = nn.Conv2d(ch, ch, 1)
        self.k = nn.Linear(TEXT_DIM, ch)
        self.v = nn.Linear(TEXT_DIM, ch)
        self.out = nn.Conv2d(ch, ch, 1)

    def forward(self, x: torch.Tensor, text: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, c, hgt, wid = x.shape
        d = c // self.heads
        q = self.q(self.norm(x)).reshape(b, self.heads, d, hgt * wid).transpose(2, 3)  # B H N d
        k = self.k(text).reshape(b, -1, self.heads, d).permute(0, 2, 3, 1)  # B H d L
        v = self.v(text).reshape(b, -1, self.heads, d).transpose(1, 2)  # B H L d
        logits = torch.matmul(q, k) / math.sqrt(d)
        logits = logits.masked_fill(mask[:, None, None, :] == 0, -1e4)
        a = torch.matmul(torch.softmax(logits, dim=-1), v)  # B H N d
        a = a.transpose(2, 3).reshape(b, c, hgt, wid)
        return x + self.out(a)


def space_to_depth(x: torch.Tensor, p: int) -> torch.Tensor:
    """B x C x H x W -> B x C*p*p x H/p x W/p (each p x p patch becomes channels)."""
    b, c, h, w = x.shape
    return x.reshape(b, c, h // p, p, w // p, p).permute(0, 1, 3, 5, 2, 4).reshape(b, c * p * p, h // p, w // p)


def depth_to_space(x: torch.Tensor, p: int) -> torch.Tensor:
    """The inverse of space_to_depth."""
    b, cpp, h, w = x.shape
    c = cpp // (p * p)
    return x.reshape(b, c, p, p, h, w).permute(0, 1, 4, 2, 5, 3).reshape(b, c, h * p, w * p)


class Denoiser(nn.Module):
    """U-Net over p x p patches: three resolutions (S/p, S/2p, S/4p), cross-attention at the lower two."""

    def __init__(self, vocab_size: int, size: int = 64, patch: int = 4, c1: int = 96, c2: int = 128, c3: int = 192):
        super().__init__()
        self.size = size
        self.patch = patch
        self.steps = STEPS
        self.offset = OFFSET
        emb = 256
        self.text = TextEncoder(vocab_size)
        self.time = nn.Sequential(nn.Linear(128, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.pooled = nn.Linear(TEXT_DIM, emb)
        pp = 3 * patch * patch
        self.inp = nn.Conv2d(pp, c1, 3, padding=1)
        self.d1 = ResBlock(c1, c1, emb)
        self.down1 = nn.Conv2d(c1, c1, 3, stride=2, padding=1)
        self.d2 = ResBlock(c1, c2, emb)
        self.a2 = CrossAttention(c2)
        self.down2 = nn.Conv2d(c2, c2, 3, stride=2, padding=1)
        self.m1 = ResBlock(c2, c3, emb)
        self.ma = CrossAttention(c3)
        self.m2 = ResBlock(c3, c3, emb)
        self.u2 = ResBlock(c3 + c2, c2, emb)
        self.ua2 = CrossAttention(c2)
        self.u1 = ResBlock(c2 + c1, c1, emb)
        self.outn = nn.GroupNorm(8, c1)
        self.out = nn.Conv2d(c1, pp, 3, padding=1)

    def time_embedding(self, t: torch.Tensor) -> torch.Tensor:
        half = 64
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, device=t.device, dtype=torch.float32) / half)
        args = t.float().unsqueeze(1) * freqs.unsqueeze(0)
        return torch.cat([torch.sin(args), torch.cos(args)], dim=1)

    @torch.jit.export
    def encode_text(self, tokens: torch.Tensor) -> torch.Tensor:
        if tokens.dim() != 2 or tokens.shape[1] > 16:
            raise RuntimeError("encode_text expects tokens of shape B x L with L <= 16, got " + str(tokens.shape))
        return self.text(tokens)

    @torch.jit.export
    def denoise(self, x: torch.Tensor, t: torch.Tensor, text: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        """The contract's noise prediction, eps = sqrt(1 - a) x + sqrt(a) v, from the network's velocity v."""
        a = self.alpha_bar(t.float()).view(-1, 1, 1, 1)
        return (1 - a).sqrt() * x + a.sqrt() * self.velocity(x, t, text, tokens)

    def alpha_bar(self, t: torch.Tensor) -> torch.Tensor:
        """alphas_bar() with the schedule's constants held by the module (TorchScript takes no globals)."""
        f = torch.cos((t / self.steps + self.offset) / (1 + self.offset) * math.pi / 2) ** 2
        f0 = math.cos(self.offset / (1 + self.offset) * math.pi / 2) ** 2
        return (f / f0).clamp(1e-5, 0.9999)

    @torch.jit.export
    def velocity(self, x: torch.Tensor, t: torch.Tensor, text: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        """The network's own output: v = sqrt(a) eps - sqrt(1 - a) x0 (Salimans and Ho). With it, the noise
        prediction is x itself where the signal is gone and the clean estimate is x itself where the noise
        is: a small network does not have to learn either identity."""
        if x.dim() != 4 or x.shape[1] != 3 or x.shape[2] != self.size or x.shape[3] != self.size:
            raise RuntimeError("denoise expects x of shape B x 3 x " + str(self.size) + " x " + str(self.size)
                               + ", got " + str(x.shape))
        mask = (tokens > 0).float()
        # An empty caption (the unconditional branch of guidance) attends to nothing: give it one slot.
        mask = torch.cat([torch.ones_like(mask[:, :1]), mask[:, 1:]], dim=1)
        pooled = (text * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)
        e = self.time(self.time_embedding(t)) + self.pooled(pooled)
        h1 = self.d1(self.inp(space_to_depth(x, self.patch)), e)
        h2 = self.a2(self.d2(self.down1(h1), e), text, mask)
        m = self.m1(self.down2(h2), e)
        m = self.m2(self.ma(m, text, mask), e)
        u = upsample2(m)
        u = self.ua2(self.u2(torch.cat([u, h2], 1), e), text, mask)
        u = upsample2(u)
        u = self.u1(torch.cat([u, h1], 1), e)
        return depth_to_space(self.out(F.silu(self.outn(u))), self.patch)


@torch.no_grad()
def sample(model: Denoiser, tokens: torch.Tensor, steps: int = 40, guidance: float = 3.0, seed: int = 0) -> torch.Tensor:
    """DDIM (eta 0) with classifier-free guidance; the Java sampler does the same."""
    g = torch.Generator(device=tokens.device).manual_seed(seed)
    b = tokens.shape[0]
    x = torch.randn(b, 3, model.size, model.size, generator=g, device=tokens.device)
    text = model.encode_text(tokens)
    empty = torch.zeros_like(tokens)
    text0 = model.encode_text(empty)
    ts = torch.linspace(STEPS - 1, 0, steps, device=tokens.device)
    for i in range(steps):
        t = ts[i]
        tb = t.repeat(b)
        eps_c = model.denoise(x, tb, text, tokens)
        eps_u = model.denoise(x, tb, text0, empty)
        eps = eps_u + guidance * (eps_c - eps_u)
        ab = alphas_bar(t)
        # the last step lands on the clean image: x = x0
        ab_next = alphas_bar(ts[i + 1]) if i + 1 < steps else torch.tensor(1.0, device=x.device)
        x0 = ((x - (1 - ab).sqrt() * eps) / ab.sqrt()).clamp(-1, 1)
        eps = (x - ab.sqrt() * x0) / (1 - ab).sqrt()
        x = ab_next.sqrt() * x0 + (1 - ab_next).sqrt() * eps
    return ((x + 1) / 2).clamp(0, 1)


def write_png(path: Path, rgb: np.ndarray) -> None:
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset")
    parser.add_argument("output")
    parser.add_argument("--minutes", type=float, default=8.0)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=4e-4)
    parser.add_argument("--max-steps", type=int, default=10 ** 9)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (default: all cores)")
    parser.add_argument("--checkpoint-minutes", type=float, default=15.0,
                        help="export the EMA weights this often, so a stopped run still leaves a model")
    parser.add_argument("--preview", default=None, help="PNG grid of samples for a few held-out captions")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    root = Path(args.dataset)
    meta = json.loads((root / "dataset.json").read_text())
    size, count, vocab = meta["size"], meta["count"], meta["vocabulary"]
    index = {w: i + 2 for i, w in enumerate(vocab)}
    raw = (root / "images.u8").read_bytes() if (root / "images.u8").exists() else lzma.decompress(
        (root / "images.u8.xz").read_bytes())
    images = torch.from_numpy(np.frombuffer(raw, dtype=np.uint8).reshape(count, size, size, 3).copy())
    images = images.permute(0, 3, 1, 2).contiguous().to(device)
    captions = (root / "captions.txt").read_text().splitlines()[:count]
    tokens = torch.tensor([tokenize(c, index) for c in captions], dtype=torch.float32, device=device)
    held = 64
    n_train = count - held

    model = Denoiser(len(vocab), size).to(device)
    ema = Denoiser(len(vocab), size).to(device)
    ema.load_state_dict(model.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)
    ema_params = list(ema.parameters())
    model_params = list(model.parameters())
    params = sum(p.numel() for p in model.parameters())
    print(f"device {device}, {params / 1e6:.2f} M parameters, {n_train} training scenes", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.0)
    start = time.time()
    deadline = start + args.minutes * 60
    step = 0
    next_checkpoint = start + args.checkpoint_minutes * 60
    while time.time() < deadline and step < args.max_steps:
        idx = torch.randint(0, n_train, (args.batch,), device=device)
        x0 = images[idx].float() / 127.5 - 1
        tok = tokens[idx].clone()
        drop = torch.rand(args.batch, device=device) < 0.1
        tok[drop] = 0
        t = torch.randint(0, STEPS, (args.batch,), device=device).float()
        ab = alphas_bar(t).view(-1, 1, 1, 1)
        noise = torch.randn_like(x0)
        xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise
        warm = min(1.0, (step + 1) / 500)
        progress = min(1.0, (time.time() - start) / (args.minutes * 60), step / args.max_steps)
        for group in opt.param_groups:
            group["lr"] = args.lr * warm * (0.1 + 0.45 * (1 + math.cos(math.pi * progress)))
        with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=device == "cuda"):
            pred = model.velocity(xt, t, model.encode_text(tok), tok)
        loss = F.mse_loss(pred.float(), ab.sqrt() * noise - (1 - ab).sqrt() * x0)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        decay = min(0.999, (1 + step) / (10 + step))
        with torch.no_grad():
            torch._foreach_mul_(ema_params, decay)
            torch._foreach_add_(ema_params, model_params, alpha=1 - decay)
        step += 1
        if step % 500 == 0:
            print(f"step {step}: loss {loss.item():.4f}, {time.time() - start:.0f} s", flush=True)
        if time.time() >= next_checkpoint:
            export(ema, vocab, size, meta, args, step, start, Path(args.output))
            next_checkpoint += args.checkpoint_minutes * 60

    ema.eval()
    if args.preview:
        with torch.no_grad():
            grid = sample(ema, tokens[n_train:n_train + 16], seed=3)
        rows = [torch.cat(list(grid[r * 4:(r + 1) * 4]), dim=2) for r in range(4)]
        img = (torch.cat(rows, dim=1).permute(1, 2, 0).cpu().numpy() * 255).round().astype(np.uint8)
        write_png(Path(args.preview), img)
        Path(args.preview).with_suffix(".txt").write_text("\n".join(captions[n_train:n_train + 16]) + "\n")
    out = export(ema, vocab, size, meta, args, step, start, Path(args.output))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) after {step} steps", flush=True)


def export(ema: Denoiser, vocab: List[str], size: int, meta: dict, args, step: int, start: float, out: Path) -> Path:
    """Writes the EMA weights as TorchScript with diffink.json beside them, atomically."""
    model = copy.deepcopy(ema).float().cpu().eval()
    scripted = torch.jit.script(model)
    info = {
        "format": "diffink-diffusion-1",
        "description": "DiffInk's bundled text-to-image denoiser: a small U-Net over 4 x 4 pixel patches, "
                       "trained on synthetic flat scenes",
        "image_size": size,
        "max_tokens": MAX_TOKENS,
        "vocabulary": vocab,
        "schedule": {"kind": "cosine", "steps": STEPS, "offset": OFFSET},
        "prediction": "eps",
        "trained_on": {"format": meta.get("format"), "count": meta["count"], "seed": meta.get("seed"),
                       "steps": step, "batch": args.batch, "device": str(next(ema.parameters()).device),
                       "minutes": round((time.time() - start) / 60, 1)},
    }
    tmp = out.with_suffix(".part")
    torch.jit.save(scripted, str(tmp), _extra_files={"diffink.json": json.dumps(info)})
    tmp.replace(out)
    return out

if __name__ == "__main__":
    main()
