#!/usr/bin/env bash
# Image decoding speed (issue #18): writes ~1.5 MP inputs from a real photo (scikit-image's astronaut,
# upscaled to 1224x1224 with Pillow, light noise added so it compresses like a photo) as a baseline
# 4:2:0 JPEG, a progressive JPEG and a PNG, then runs `ecotrack-bench image-decode` on them (release
# build, one core) and, for scale, times Pillow decoding the same files.
#   bench/image-decode.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
python3 -m pip install --quiet pillow==12.0.0 numpy scikit-image
python3 - "$tmp" <<'PY'
import sys, numpy as np
from PIL import Image
from skimage import data
out = sys.argv[1]
im = Image.fromarray(data.astronaut()).resize((1224, 1224), Image.LANCZOS)
noise = np.random.default_rng(0).normal(0, 3, (1224, 1224, 3))
im = Image.fromarray(np.clip(np.asarray(im) + noise, 0, 255).astype(np.uint8))
im.save(f"{out}/photo-420.jpg", quality=90, subsampling=2)
im.save(f"{out}/photo-progressive.jpg", quality=90, subsampling=2, progressive=True)
im.save(f"{out}/photo.png")
PY
echo "# machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), $(swiftc --version 2>&1 | head -1)"
swift build -c release --product ecotrack-bench >/dev/null
taskset -c 0 .build/release/ecotrack-bench image-decode "$tmp/photo-420.jpg" "$tmp/photo-progressive.jpg" "$tmp/photo.png"
python3 - "$tmp" <<'PY'
import sys, time
from PIL import Image
for name in ("photo-420.jpg", "photo-progressive.jpg", "photo.png"):
    best = 1e9
    for _ in range(5):
        t0 = time.thread_time()
        Image.open(f"{sys.argv[1]}/{name}").load()
        best = min(best, time.thread_time() - t0)
    print(f"Pillow {name}: {best * 1e3:.1f} ms CPU")
PY
