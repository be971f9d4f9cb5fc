"""Python side of ScorerBench's call-overhead row: the same TorchScript scorer, driven from torch.

  python3 bench/scripts/scorer_call.py MODEL.pt SIZE ITERATIONS THREADS [--make]

--make first writes MODEL.pt: DiffInk's scorer architecture (models/scorer/train.py) at SIZE x SIZE,
untrained, saved by this torch (run it with the torch whose libtorch DiffInk's shim uses, e.g.
Debian's python3-torch with Debian's libtorch-dev, so both sides run the same library).
Then times ITERATIONS of: encode_image forward on one SIZE x SIZE image, cosine with a fixed unit
text embedding, backward to the image; prints JSON with the median milliseconds.
"""
import json
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

model_path, size, iterations, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
if "--make" in sys.argv:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models" / "scorer"))
    from train import Scorer  # noqa: E402

    torch.manual_seed(0)
    model = Scorer(size, 10).eval()
    meta = {"format": "diffink-scorer-1", "image_size": size, "max_tokens": 16,
            "vocabulary": ["a", "red", "circle", "blue", "square", "on", "the", "green", "star", "white"]}
    torch.jit.save(torch.jit.script(model), model_path, _extra_files={"diffink.json": json.dumps(meta)})

m = torch.jit.load(model_path)
g = torch.Generator().manual_seed(1)
image = torch.rand(1, 3, size, size, generator=g)
text = F.normalize(torch.randn(1, 128, generator=g), dim=-1)
times = []
for i in range(iterations + 3):
    t0 = time.perf_counter()
    x = image.clone().requires_grad_(True)
    e = m.encode_image(x)
    cos = (F.normalize(e, dim=-1) * text).sum()
    cos.backward()
    _ = x.grad.numpy().copy()
    if i >= 3:
        times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"torch": torch.__version__, "median_ms": statistics.median(times), "threads": threads}))
