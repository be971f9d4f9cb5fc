"""Writes the tiny TorchScript archives the native tests load (src/test/resources/models).

Run from the repository root:  python3 native/src/test/python/make_test_models.py
The archives are committed; rerun this only when the tests need a new behaviour. They are saved by
whatever torch is installed (2.x here) and must load on the libtorch the shim is built against
(Debian's 1.13), so they use only long-standing operators.
"""
from pathlib import Path
from typing import List, Tuple

import torch

OUT = Path(__file__).resolve().parents[1] / "resources" / "models"


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


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    probe = torch.jit.script(Probe())
    torch.jit.save(probe, str(OUT / "probe.pt"),
                   _extra_files={"diffink.json": '{"kind": "probe", "note": "test model"}'})
    (OUT / "not-a-model.pt").write_bytes(b"PK\x03\x04 this is not a TorchScript archive")
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
