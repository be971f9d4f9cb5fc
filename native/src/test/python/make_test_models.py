"""Writes the tiny TorchScript archives the native tests load (src/test/resources/models).

Run from the repository root:  python3 native/src/test/python/make_test_models.py
The archives are committed; rerun this only when the tests need a new behaviour. They are saved by
whatever torch is installed (2.x here) and must load on the libtorch the shim is built against
(Debian's 1.13), so they use only long-standing operators.
"""
import math
from pathlib import Path
from typing import List, Tuple

import torch

OUT = Path(__file__).resolve().parents[1] / "resources" / "models"
# The api module's scorer tests load small scorers that follow DiffInk's scorer contract.
API_OUT = Path(__file__).resolve().parents[4] / "api" / "src" / "test" / "resources" / "models"


class Probe(torch.nn.Module):
    """Small functions whose outputs and gradients the tests know in closed form."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.tensor([1.0, -2.0, 3.0]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # y = 2x + 1, any shape
        return x * 2.0 + 1.0

    @torch.jit.export
    def weighted(self, x: torch.Tensor) -> torch.Tensor:
        # scalar: sum over the last axis (3 wide) of weight * x^2; d/dx = 2 * weight * x
        return (self.weight * x * x).sum()

    @torch.jit.export
    def pair(self, a: torch.Tensor, b: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        # (scalar a.b, a + b); d(a.b)/da = b, d/db = a
        return (a * b).sum(), a + b

    @torch.jit.export
    def ignores_second(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return (a * a).sum()

    @torch.jit.export
    def listed(self, x: torch.Tensor) -> List[torch.Tensor]:
        return [x.sum(dim=0), x.max().reshape(1), x.t()]

    @torch.jit.export
    def fails(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4:
            raise RuntimeError("expected an image batch B x 3 x H x W, got " + str(x.dim()) + " dimensions")
        return x

    @torch.jit.export
    def integer(self, x: torch.Tensor) -> torch.Tensor:
        # float in, int64 out: the shim hands every output back as float32
        return x.long() * 3


class TinyScorer(torch.nn.Module):
    """A random, untrained scorer of 16x16 images with the contract's methods: for gradient checks."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.image = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, stride=2, padding=1), torch.nn.Tanh(),
                                         torch.nn.Flatten(), torch.nn.Linear(4 * 8 * 8, 8))
        self.text = torch.nn.Embedding(12, 8)

    @torch.jit.export
    def encode_image(self, images: torch.Tensor) -> torch.Tensor:
        if images.dim() != 4 or images.shape[2] != 16 or images.shape[3] != 16:
            raise RuntimeError("encode_image expects B x 3 x 16 x 16")
        return self.image(images)

    @torch.jit.export
    def encode_text(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.text(tokens.long()).sum(1)


class ImageOnly(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x

    @torch.jit.export
    def encode_image(self, images: torch.Tensor) -> torch.Tensor:
        return images.flatten(1)


class TinyDenoiser(torch.nn.Module):
    """An exact denoiser for a one-picture-per-caption world, so DDIM's result is known in closed form.

    The clean picture for a caption whose first word is 'red' is a red square on white, for any other
    caption a blue one, and for the empty caption (guidance's unconditional branch) mid grey; values
    stay inside (-1, 1) so clamping never hides a mistake. The noise it predicts is exactly
    (x - sqrt(a(t)) x0) / sqrt(1 - a(t)) under the cosine schedule of TINY_DIFFUSION_META, so a sampler
    whose schedule or update differs from it does not land on x0.
    """

    def __init__(self):
        super().__init__()
        self.size = 16
        self.red_id = 2.0  # 'red' is word 0 of the vocabulary: id 2
        square = torch.zeros(16, 16)
        square[4:12, 4:12] = 1.0
        white = torch.full((3, 16, 16), 0.9)
        red = torch.tensor([0.8, -0.8, -0.8]).view(3, 1, 1) * square + white * (1 - square)
        blue = torch.tensor([-0.8, -0.8, 0.8]).view(3, 1, 1) * square + white * (1 - square)
        self.register_buffer("red", red)
        self.register_buffer("blue", blue)
        self.register_buffer("grey", torch.zeros(3, 16, 16))
        self.text = torch.nn.Embedding(12, 4)

    def alpha_bar(self, t: torch.Tensor) -> torch.Tensor:
        f = torch.cos((t / 1000.0 + 0.008) / 1.008 * math.pi / 2) ** 2
        f0 = math.cos(0.008 / 1.008 * math.pi / 2) ** 2
        return (f / f0).clamp(1e-5, 0.9999)

    @torch.jit.export
    def encode_text(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.text(tokens.long())

    @torch.jit.export
    def denoise(self, x: torch.Tensor, t: torch.Tensor, text: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4 or x.shape[1] != 3 or x.shape[2] != 16 or x.shape[3] != 16:
            raise RuntimeError("denoise expects B x 3 x 16 x 16")
        first = tokens[:, 0].view(-1, 1, 1, 1)
        empty = (tokens.abs().sum(1) == 0).float().view(-1, 1, 1, 1)
        is_red = (first == self.red_id).float()
        x0 = empty * self.grey + (1 - empty) * (is_red * self.red + (1 - is_red) * self.blue)
        a = self.alpha_bar(t).view(-1, 1, 1, 1)
        return (x - a.sqrt() * x0) / (1 - a).sqrt()


TINY_DIFFUSION_META = {"format": "diffink-diffusion-1", "image_size": 16, "max_tokens": 6,
                       "vocabulary": ["red", "blue", "green", "circle", "square", "a", "on", "white", "background",
                                      "big"],
                       "schedule": {"kind": "cosine", "steps": 1000, "offset": 0.008}, "prediction": "eps"}


TINY_META = {"format": "diffink-scorer-1", "image_size": 16, "max_tokens": 6,
             "vocabulary": ["red", "blue", "green", "circle", "square", "a", "on", "white", "background", "big"]}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    probe = torch.jit.script(Probe())
    torch.jit.save(probe, str(OUT / "probe.pt"),
                   _extra_files={"diffink.json": '{"kind": "probe", "note": "test model"}'})
    (OUT / "not-a-model.pt").write_bytes(b"PK\x03\x04 this is not a TorchScript archive")
    print("wrote", sorted(p.name for p in OUT.iterdir()))

    import json
    API_OUT.mkdir(parents=True, exist_ok=True)
    tiny = torch.jit.script(TinyScorer())
    torch.jit.save(tiny, str(API_OUT / "tiny-scorer.pt"), _extra_files={"diffink.json": json.dumps(TINY_META)})
    torch.jit.save(tiny, str(API_OUT / "tiny-scorer-no-meta.pt"))
    wrong = dict(TINY_META, image_size=24)  # metadata that disagrees with what encode_image accepts
    torch.jit.save(tiny, str(API_OUT / "tiny-scorer-wrong-size.pt"), _extra_files={"diffink.json": json.dumps(wrong)})
    torch.jit.save(torch.jit.script(ImageOnly()), str(API_OUT / "image-only.pt"),
                   _extra_files={"diffink.json": json.dumps(TINY_META)})
    denoiser = torch.jit.script(TinyDenoiser())
    torch.jit.save(denoiser, str(API_OUT / "tiny-diffusion.pt"),
                   _extra_files={"diffink.json": json.dumps(TINY_DIFFUSION_META)})
    torch.jit.save(denoiser, str(API_OUT / "tiny-diffusion-no-meta.pt"))
    print("wrote", sorted(p.name for p in API_OUT.iterdir()))


if __name__ == "__main__":
    main()
