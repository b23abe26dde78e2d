#!/usr/bin/env python3
"""Writes the image-decoding fixtures for EcoImageTests (issue #18), with Pillow as the reference decoder.

Sources of the pixels (real photographs shipped as data in PyPI packages):
  - scikit-image `skimage.data.astronaut()` (NASA photo of Eileen Collins, public domain),
    `skimage.data.coffee()` and `skimage.data.chelsea()` (scikit-image's own sample images, CC0).
Each photo is first downscaled with Pillow so the committed fixtures stay small (< 2 MB in all).

Output: Tests/EcoImageTests/Fixtures/
  png-*.png     every PNG colour type and bit depth, with and without Adam7 interlace, written by
                pypng (Pillow cannot write 2/4-bit grey, 16-bit colour or interlaced PNGs)
  jpeg-*.jpg    baseline JPEGs at 4:4:4, 4:2:2, 4:2:0, grayscale, with optimized Huffman tables,
                with restart markers, and progressive ones, written by Pillow (libjpeg-turbo)
  *.rgb         Pillow's decoded pixels, 8-bit, row-major, interleaved (16-bit samples reduced to
                their high byte, as Pillow does for 16-bit RGB/RGBA/LA PNGs; Pillow's RGBA for 16-bit
                grey+alpha is stored back as grey+alpha; 16-bit grey is Pillow's I;16 >> 8)
  png-bomb-idat.png  a 16x16 PNG whose IDAT inflates to 20 MB
  preprocess-*.f32   torchvision-style preprocessing (PIL bilinear resize of the shorter side, center
                crop, /255, per-channel mean/std) of one decoded image, NCHW float32 little-endian
  manifest.json the list of cases with their sizes and channel counts

Run: python3 scripts/reference/images.py   (from the repository root)
"""
import json
import os
import subprocess
import sys
import zlib

subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pillow==12.0.0", "numpy", "pypng==0.20220715.0",
                "scikit-image"], check=True)

import numpy as np  # noqa: E402
import png  # noqa: E402  (pypng)
from PIL import Image  # noqa: E402
from skimage import data  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "EcoImageTests", "Fixtures")
os.makedirs(OUT, exist_ok=True)
cases = []


def small(array, size):
    return Image.fromarray(array).convert("RGB").resize(size, Image.LANCZOS)


def reference_pixels(path):
    """Pillow's decoding, as 8-bit interleaved samples, with the channel count."""
    im = Image.open(path)
    im.load()
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode == "1":
        im = im.convert("L")
    if im.mode in ("I;16", "I;16B", "I"):
        a = (np.asarray(im).astype(np.uint32) >> 8).astype(np.uint8)
    else:
        a = np.asarray(im).astype(np.uint8)
    if im.mode == "RGBA" and os.path.basename(path).startswith("png-greyalpha"):
        # Pillow opens 16-bit grey+alpha as RGBA with R = G = B; EcoImage keeps grey+alpha (2 channels).
        assert (a[:, :, 0] == a[:, :, 1]).all() and (a[:, :, 0] == a[:, :, 2]).all()
        a = np.ascontiguousarray(a[:, :, [0, 3]])
    channels = 1 if a.ndim == 2 else a.shape[2]
    return a, channels


def add(name, kind, path):
    a, channels = reference_pixels(path)
    raw = name + ".rgb"
    a.tofile(os.path.join(OUT, raw))
    cases.append({"name": name, "kind": kind, "file": os.path.basename(path), "pixels": raw,
                  "width": int(a.shape[1]), "height": int(a.shape[0]), "channels": channels})


# ---- PNG: every colour type and bit depth (pypng writer, Pillow reader) ----
photo = np.asarray(small(data.astronaut(), (67, 45)))          # odd sizes exercise bit packing and Adam7 edges
grey = np.asarray(Image.fromarray(photo).convert("L")).astype(np.uint16)
rgb16 = photo.astype(np.uint16) * 256 + np.arange(photo.size).reshape(photo.shape) % 251   # low bytes not all equal
alpha = (np.indices(grey.shape).sum(axis=0) * 5 % 256).astype(np.uint16)


def write_png(name, rows, interlace=False, **kw):
    path = os.path.join(OUT, name + ".png")
    h = len(rows)
    w = kw.pop("width")
    with open(path, "wb") as f:
        png.Writer(w, h, interlace=interlace, **kw).write(f, rows)
    add(name, "png", path)


H, W = grey.shape
for depth in (1, 2, 4, 8, 16):
    g = grey >> (8 - depth) if depth <= 8 else grey * 256 + (np.arange(grey.size).reshape(grey.shape) % 13)
    write_png(f"png-grey{depth}", g.tolist(), width=W, greyscale=True, bitdepth=depth)
write_png("png-grey1-adam7", (grey >> 7).tolist(), True, width=W, greyscale=True, bitdepth=1)
write_png("png-grey16-adam7", (grey * 257).tolist(), True, width=W, greyscale=True, bitdepth=16)
for depth in (8, 16):
    scale = 1 if depth == 8 else 257
    ga = np.dstack([grey * scale, alpha * scale]).reshape(H, W * 2)
    write_png(f"png-greyalpha{depth}", ga.tolist(), width=W, greyscale=True, alpha=True, bitdepth=depth)
    c = photo.astype(np.uint16) if depth == 8 else rgb16
    write_png(f"png-rgb{depth}", c.reshape(H, W * 3).tolist(), width=W, greyscale=False, bitdepth=depth)
    rgba = np.dstack([c, alpha * scale]).reshape(H, W * 4)
    write_png(f"png-rgba{depth}", rgba.tolist(), width=W, greyscale=False, alpha=True, bitdepth=depth)
write_png("png-rgb8-adam7", photo.reshape(H, W * 3).tolist(), True, width=W, greyscale=False, bitdepth=8)
write_png("png-rgba16-adam7", np.dstack([rgb16, alpha * 257]).reshape(H, W * 4).tolist(), True,
          width=W, greyscale=False, alpha=True, bitdepth=16)
for depth in (1, 2, 4, 8):
    q = Image.fromarray(photo).quantize(colors=1 << depth)
    pal = np.asarray(q.getpalette()[: 3 * (1 << depth)]).reshape(-1, 3)
    palette = [tuple(int(v) for v in p) for p in pal]
    idx = np.asarray(q).astype(np.uint16)
    write_png(f"png-palette{depth}", idx.tolist(), width=W, palette=palette, bitdepth=depth)
    if depth == 4:
        write_png("png-palette4-adam7", idx.tolist(), True, width=W, palette=palette, bitdepth=depth)
    if depth == 8:
        trns = [p + (int(i * 7 % 256),) for i, p in enumerate(palette[:200])] + palette[200:]
        write_png("png-palette8-trns", idx.tolist(), width=W, palette=trns, bitdepth=depth)

# Pillow's own encoder (zlib level 9 with its filter choice) for one more inflate path.
Image.fromarray(photo).save(os.path.join(OUT, "png-pillow-rgb8.png"), optimize=True)
add("png-pillow-rgb8", "png", os.path.join(OUT, "png-pillow-rgb8.png"))

# A PNG bomb: the header says 16x16 grey, the IDAT inflates to 20 MB of zeros.
def chunk(kind, body):
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


ihdr = (16).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(20_000_000), 9)) + chunk(b"IEND", b"")
with open(os.path.join(OUT, "png-bomb-idat.png"), "wb") as f:
    f.write(bomb)

# ---- JPEG: baseline subsamplings, grey, optimized tables, restarts, progressive (Pillow/libjpeg-turbo) ----
coffee = small(data.coffee(), (125, 83))     # not a multiple of the MCU size
chelsea = small(data.chelsea(), (117, 77))


def write_jpeg(name, im, **kw):
    path = os.path.join(OUT, name + ".jpg")
    im.save(path, quality=90, **kw)
    add(name, "jpeg", path)


write_jpeg("jpeg-444", coffee, subsampling=0)
write_jpeg("jpeg-422", coffee, subsampling=1)
write_jpeg("jpeg-420", coffee, subsampling=2)
write_jpeg("jpeg-grey", chelsea.convert("L"))
write_jpeg("jpeg-420-optimized", chelsea, subsampling=2, optimize=True)
write_jpeg("jpeg-420-restart", chelsea, subsampling=2, restart_marker_blocks=3)
write_jpeg("jpeg-progressive-420", coffee, subsampling=2, progressive=True)
write_jpeg("jpeg-progressive-444", chelsea, subsampling=0, progressive=True)
write_jpeg("jpeg-progressive-grey", chelsea.convert("L"), progressive=True)
# Tiny ones for the every-truncation-length tests.
write_jpeg("jpeg-tiny-restart", small(data.chelsea(), (40, 24)), subsampling=2, restart_marker_blocks=2)
write_jpeg("jpeg-tiny-progressive", small(data.coffee(), (40, 24)), subsampling=2, progressive=True)

# ---- Preprocessing as torchvision does it on PIL images: Resize(shorter side) -> CenterCrop -> ToTensor -> Normalize ----
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]   # the ImageNet statistics torchvision's models declare


def preprocess(im, resize, crop, bgr=False):
    w, h = im.size
    short, long = min(w, h), max(w, h)
    new_long = int(resize * long / short)
    size = (resize, new_long) if w <= h else (new_long, resize)
    r = im.resize(size, Image.BILINEAR)                       # Pillow's bilinear with antialias (support grows when shrinking)
    top = int(round((r.size[1] - crop) / 2.0))
    left = int(round((r.size[0] - crop) / 2.0))
    r = r.crop((left, top, left + crop, top + crop))
    x = np.asarray(r).astype(np.float32) / 255.0
    x = (x - np.asarray(MEAN, np.float32)) / np.asarray(STD, np.float32)
    if bgr:
        x = x[:, :, ::-1]
    return np.ascontiguousarray(x.transpose(2, 0, 1)).astype("<f4")


source = Image.open(os.path.join(OUT, "jpeg-420.jpg")).convert("RGB")
pre = []
for name, resize, crop, bgr in [("preprocess-64-56-rgb", 64, 56, False), ("preprocess-40-33-bgr", 40, 33, True),
                                ("preprocess-150-128-rgb", 150, 128, False)]:
    preprocess(source, resize, crop, bgr).tofile(os.path.join(OUT, name + ".f32"))
    pre.append({"name": name, "source": "jpeg-420.rgb", "resize": resize, "crop": crop, "bgr": bgr,
                "mean": MEAN, "std": STD})

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump({"source": f"Pillow {Image.__version__} (libjpeg-turbo, zlib), pypng {png.__version__}, "
                         "photos from scikit-image data (astronaut, coffee, chelsea)",
               "cases": cases, "preprocessing": pre}, f, indent=1)
