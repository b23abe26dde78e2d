#!/usr/bin/env python3
"""Builds the five seed image architectures as ONNX graphs and records onnxruntime's outputs for EcoONNX.

The graphs follow torchvision's layer layouts (ResNet50, EfficientNet-B0, VGG16-BN, DenseNet121,
MobileNetV3-Large; torchvision/models/*.py) and the operators torch.onnx.export emits for them in eval mode
(SiLU as Sigmoid·Mul, Hardswish/Hardsigmoid as HardSwish/HardSigmoid, adaptive pooling as GlobalAveragePool
or AveragePool, Linear as Gemm with transB=1). BatchNormalization nodes are kept unfolded (as an export with
constant folding off writes them), so EcoONNX's load-time folding is exercised. Weights are seeded random
(He-normal convolutions, BN statistics near identity): parity, not accuracy, is what is checked. torch itself
is not installed: its PyPI wheels pull in gigabytes of CUDA libraries.

Real images, from data shipped in PyPI packages: scikit-image's `skimage.data` (astronaut, coffee, chelsea)
and scikit-learn's bundled sample images (china.jpg, flower.jpg), each resized (shorter side 256, bilinear),
center-cropped to 224 and normalised with the ImageNet mean/std, as torchvision's classification presets do.

Usage (from the repository root):
  python3 scripts/reference/onnx_models.py                 # tiny fixtures → Tests/EcoONNXTests/Fixtures
  python3 scripts/reference/onnx_models.py --full DIR      # only the full-size models + 224×224 images in DIR
                                                          # (add --fixtures to rewrite the tiny fixtures too: the
                                                          # checks and benchmarks must not change tracked files)
"""
import argparse
import json
import os
import subprocess
import sys

PINS = ["onnx==1.23.2", "onnxruntime==1.32.0", "numpy", "pillow", "scikit-image", "scikit-learn"]
if os.environ.get("ECOTRACK_SKIP_PIP") != "1":
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *PINS], check=True)

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "EcoONNXTests", "Fixtures")
OPSET = 17


class Net:
    """Accumulates nodes and seeded initializers; each method returns the name of its output value."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits, self.count = [], [], 0

    def fresh(self, prefix):
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, array, prefix="w"):
        name = self.fresh(prefix)
        self.inits.append(numpy_helper.from_array(np.asarray(array, dtype=np.float32 if array.dtype.kind == "f" else array.dtype), name))
        return name

    def op(self, op_type, inputs, **attrs):
        out = self.fresh(op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out

    def conv(self, x, cin, cout, k, stride=1, pad=None, groups=1, dilation=1, bias=False):
        pad = (k - 1) // 2 * dilation if pad is None else pad
        fan_in = cin // groups * k * k
        w = self.const(self.rng.normal(0, np.sqrt(2.0 / fan_in), (cout, cin // groups, k, k)))
        inputs = [x, w] + ([self.const(self.rng.normal(0, 0.1, cout), "b")] if bias else [])
        return self.op("Conv", inputs, kernel_shape=[k, k], strides=[stride, stride], pads=[pad] * 4,
                       dilations=[dilation, dilation], group=groups)

    def bn(self, x, c, eps=1e-5, gamma=(0.5, 1.0)):
        r = self.rng
        params = [r.uniform(*gamma, c), r.normal(0, 0.1, c), r.normal(0, 0.1, c), r.uniform(0.5, 1.5, c)]
        return self.op("BatchNormalization", [x] + [self.const(p, "bn") for p in params], epsilon=eps)

    def act(self, x, kind):
        if kind == "relu":
            return self.op("Relu", [x])
        if kind == "hardswish":
            return self.op("HardSwish", [x])
        if kind == "silu":
            return self.op("Mul", [x, self.op("Sigmoid", [x])])
        raise ValueError(kind)

    def cba(self, x, cin, cout, k, stride=1, groups=1, act="relu", eps=1e-5):
        y = self.bn(self.conv(x, cin, cout, k, stride, groups=groups), cout, eps)
        return self.act(y, act) if act else y

    def linear(self, x, cin, cout):
        w = self.const(self.rng.normal(0, np.sqrt(1.0 / cin), (cout, cin)))
        b = self.const(self.rng.normal(0, 0.1, cout), "b")
        return self.op("Gemm", [x, w, b], transB=1)

    def head(self, x, cin, classes):
        return self.linear(self.op("Flatten", [self.op("GlobalAveragePool", [x])], axis=1), cin, classes)

    def model(self, x_name, out, input_hw, name, classes):
        graph = helper.make_graph(
            self.nodes, name, [helper.make_tensor_value_info(x_name, TensorProto.FLOAT, ["N", 3, input_hw, input_hw])],
            [helper.make_tensor_value_info(out, TensorProto.FLOAT, ["N", classes])], self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="ecotrack-onnx_models.py")
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model


def make_divisible(v, divisor=8):
    """torchvision's _make_divisible: round channels to a multiple of 8, never below 90% of v."""
    new = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new + divisor if new < 0.9 * v else new


def resnet50(tiny, seed=1):
    n, width, blocks, classes, hw = Net(seed), (8 if tiny else 64), ([1, 1, 1, 1] if tiny else [3, 4, 6, 3]), (10 if tiny else 1000), (32 if tiny else 224)
    x = n.cba("x", 3, width, 7, 2)
    x = n.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    cin = width
    for stage, count in enumerate(blocks):
        planes = width * 2 ** stage
        for i in range(count):
            stride = 2 if stage > 0 and i == 0 else 1
            y = n.cba(x, cin, planes, 1)
            y = n.cba(y, planes, planes, 3, stride)
            y = n.bn(n.conv(y, planes, planes * 4, 1), planes * 4, gamma=(0.1, 0.3))
            skip = x if stride == 1 and cin == planes * 4 else n.bn(n.conv(x, cin, planes * 4, 1, stride), planes * 4)
            x = n.op("Relu", [n.op("Add", [y, skip])])
            cin = planes * 4
    return n.model("x", n.head(x, cin, classes), hw, "resnet50", classes)


def efficientnet_b0(tiny, seed=2):
    n = Net(seed)
    # (expand ratio, kernel, stride, in, out, layers) from torchvision's efficientnet_b0 config.
    config = [(1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
              (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1)]
    scale, head, classes, hw = (0.25, 64, 10, 32) if tiny else (1.0, 1280, 1000, 224)
    if tiny:
        config = [(e, k, s, i, o, 1) for (e, k, s, i, o, _) in config[:4]]
    ch = lambda c: make_divisible(c * scale)  # noqa: E731
    x = n.cba("x", 3, ch(32), 3, 2, act="silu")
    for expand, k, stride, cin, cout, layers in config:
        cin, cout = ch(cin), ch(cout)
        for i in range(layers):
            block_in, s = (cin if i == 0 else cout), (stride if i == 0 else 1)
            hidden = block_in * expand
            y = n.cba(x, block_in, hidden, 1, act="silu") if expand != 1 else x
            y = n.cba(y, hidden, hidden, k, s, groups=hidden, act="silu")
            squeeze = max(1, block_in // 4)
            se = n.op("GlobalAveragePool", [y])
            se = n.act(n.conv(se, hidden, squeeze, 1, bias=True), "silu")
            se = n.op("Sigmoid", [n.conv(se, squeeze, hidden, 1, bias=True)])
            y = n.op("Mul", [y, se])
            y = n.bn(n.conv(y, hidden, cout, 1), cout, gamma=(0.2, 0.5))
            x = n.op("Add", [y, x]) if s == 1 and block_in == cout else y
    last = config[-1][4]
    x = n.cba(x, ch(last), head, 1, act="silu")
    x = n.op("Dropout", [n.op("Flatten", [n.op("GlobalAveragePool", [x])], axis=1)])
    return n.model("x", n.linear(x, head, classes), hw, "efficientnet_b0", classes)


def vgg16_bn(tiny, seed=3):
    n = Net(seed)
    cfg = [8, "M", 16, "M", 32, "M"] if tiny else [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
    hidden, classes, hw, pooled = (32, 10, 32, 2) if tiny else (4096, 1000, 224, 7)
    x, cin = "x", 3
    for v in cfg:
        if v == "M":
            x = n.op("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2])
        else:
            x = n.act(n.bn(n.conv(x, cin, v, 3, bias=True), v), "relu")
            cin = v
    # AdaptiveAvgPool2d((7, 7)) on a 7×7 map exports as an AveragePool of kernel 1; the tiny 4×4 map pools 2×2.
    size = hw // 2 ** cfg.count("M")
    k = size // pooled
    x = n.op("AveragePool", [x], kernel_shape=[k, k], strides=[k, k])
    x = n.op("Flatten", [x], axis=1)
    x = n.op("Dropout", [n.op("Relu", [n.linear(x, cin * pooled * pooled, hidden)])])
    x = n.op("Dropout", [n.op("Relu", [n.linear(x, hidden, hidden)])])
    return n.model("x", n.linear(x, hidden, classes), hw, "vgg16_bn", classes)


def densenet121(tiny, seed=4):
    n = Net(seed)
    growth, blocks, init, classes, hw = (4, (2, 2), 8, 10, 32) if tiny else (32, (6, 12, 24, 16), 64, 1000, 224)
    x = n.cba("x", 3, init, 7, 2)
    x = n.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    c = init
    for b, layers in enumerate(blocks):
        features = [x]
        for i in range(layers):
            cat = n.op("Concat", features, axis=1) if len(features) > 1 else features[0]
            y = n.act(n.bn(cat, c + i * growth), "relu")
            y = n.act(n.bn(n.conv(y, c + i * growth, 4 * growth, 1), 4 * growth), "relu")
            features.append(n.conv(y, 4 * growth, growth, 3))
        x = n.op("Concat", features, axis=1)
        c += layers * growth
        if b < len(blocks) - 1:
            x = n.conv(n.act(n.bn(x, c), "relu"), c, c // 2, 1)
            x = n.op("AveragePool", [x], kernel_shape=[2, 2], strides=[2, 2])
            c //= 2
    x = n.act(n.bn(x, c), "relu")
    return n.model("x", n.head(x, c, classes), hw, "densenet121", classes)


def mobilenet_v3_large(tiny, seed=5):
    n = Net(seed)
    # (in, kernel, expanded, out, squeeze-excite, activation, stride) from torchvision's mobilenet_v3_large.
    config = [(16, 3, 16, 16, False, "relu", 1), (16, 3, 64, 24, False, "relu", 2), (24, 3, 72, 24, False, "relu", 1),
              (24, 5, 72, 40, True, "relu", 2), (40, 5, 120, 40, True, "relu", 1), (40, 5, 120, 40, True, "relu", 1),
              (40, 3, 240, 80, False, "hardswish", 2), (80, 3, 200, 80, False, "hardswish", 1),
              (80, 3, 184, 80, False, "hardswish", 1), (80, 3, 184, 80, False, "hardswish", 1),
              (80, 3, 480, 112, True, "hardswish", 1), (112, 3, 672, 112, True, "hardswish", 1),
              (112, 5, 672, 160, True, "hardswish", 2), (160, 5, 960, 160, True, "hardswish", 1),
              (160, 5, 960, 160, True, "hardswish", 1)]
    last, hidden, classes, hw = 960, 1280, 1000, 224
    if tiny:
        config = [(16, 3, 16, 16, False, "relu", 1), (16, 3, 32, 24, False, "relu", 2), (24, 5, 48, 24, True, "hardswish", 1),
                  (24, 3, 64, 32, True, "hardswish", 2)]
        last, hidden, classes, hw = 64, 48, 10, 32
    eps = 1e-3  # torchvision's MobileNetV3 BatchNorm2d(eps=0.001)
    x = n.cba("x", 3, 16, 3, 2, act="hardswish", eps=eps)
    for cin, k, exp, cout, se, act, stride in config:
        y = n.cba(x, cin, exp, 1, act=act, eps=eps) if exp != cin else x
        y = n.cba(y, exp, exp, k, stride, groups=exp, act=act, eps=eps)
        if se:
            squeeze = make_divisible(exp // 4)
            s = n.op("Relu", [n.conv(n.op("GlobalAveragePool", [y]), exp, squeeze, 1, bias=True)])
            s = n.op("HardSigmoid", [n.conv(s, squeeze, exp, 1, bias=True)], alpha=1.0 / 6, beta=0.5)
            y = n.op("Mul", [y, s])
        y = n.bn(n.conv(y, exp, cout, 1), cout, eps, gamma=(0.2, 0.5))
        x = n.op("Add", [y, x]) if stride == 1 and cin == cout else y
    x = n.cba(x, config[-1][3], last, 1, act="hardswish", eps=eps)
    x = n.op("Flatten", [n.op("GlobalAveragePool", [x])], axis=1)
    x = n.op("Dropout", [n.op("HardSwish", [n.linear(x, last, hidden)])])
    return n.model("x", n.linear(x, hidden, classes), hw, "mobilenet_v3_large", classes)


def operator_mix(seed=6):
    """A small graph of the operators and attribute values the five architectures leave out (dilated and
    grouped Conv, ceil_mode, count_include_pad, Clip with input bounds, Sub/Div broadcasting, Reshape,
    MatMul, Softmax), so each is compared with onnxruntime too."""
    n = Net(seed)
    a = n.conv("x", 3, 8, 3, 1, pad=2, dilation=2, bias=True)
    a = n.op("Clip", [a, n.const(np.array(-0.5, np.float32), "lo"), n.const(np.array(1.5, np.float32), "hi")])
    b = n.conv(a, 8, 8, 3, 2, pad=1, groups=4)
    b = n.op("MaxPool", [b], kernel_shape=[3, 3], strides=[2, 2], pads=[0, 0, 1, 1], ceil_mode=1)
    b = n.op("Sub", [b, n.const(n.rng.normal(0, 1, (1, 8, 1, 1)).astype(np.float32), "mu")])
    b = n.op("Div", [b, n.const(np.array([2.0], np.float32), "two")])
    c = n.op("AveragePool", [a], kernel_shape=[3, 3], strides=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1, ceil_mode=1)
    c = n.op("Relu", [n.conv(c, 8, 8, 1, 1, bias=True)])
    cat = n.op("Concat", [n.op("GlobalAveragePool", [b]), n.op("GlobalAveragePool", [c])], axis=1)
    flat = n.op("Reshape", [cat, n.const(np.array([0, -1], np.int64), "shape")])
    logits = n.op("MatMul", [flat, n.const(n.rng.normal(0, 0.5, (16, 5)).astype(np.float32), "mm")])
    return n.model("x", n.op("Softmax", [logits], axis=-1), 17, "operator_mix", 5)


def unsupported_model():
    """A graph EcoONNX must refuse, listing all of: two unknown operators and a SAME_UPPER Conv."""
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.normal(0, 1, (4, 3, 3, 3)).astype(np.float32), "w")
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="same_conv", kernel_shape=[3, 3], auto_pad="SAME_UPPER"),
             helper.make_node("Erf", ["c"], ["e"], name="erf1"),
             helper.make_node("LpNormalization", ["e"], ["y"], name="lpnorm1")]
    graph = helper.make_graph(nodes, "unsupported", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 8, 8])], [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    return model


ARCHITECTURES = [("resnet50", resnet50), ("efficientnet_b0", efficientnet_b0), ("vgg16_bn", vgg16_bn),
                 ("densenet121", densenet121), ("mobilenet_v3_large", mobilenet_v3_large)]


def real_images(size):
    """Five real photographs as an [5, 3, size, size] float32 batch, preprocessed like torchvision's presets."""
    from skimage import data
    from sklearn.datasets import load_sample_image
    arrays = [data.astronaut(), data.coffee(), data.chelsea(), load_sample_image("china.jpg"), load_sample_image("flower.jpg")]
    mean, std = np.array([0.485, 0.456, 0.406], np.float32), np.array([0.229, 0.224, 0.225], np.float32)
    resize = round(size * 256 / 224)
    batch = []
    for a in arrays:
        img = Image.fromarray(a).convert("RGB")
        w, h = img.size
        scale = resize / min(w, h)
        img = img.resize((max(resize, round(w * scale)), max(resize, round(h * scale))), Image.BILINEAR)
        w, h = img.size
        left, top = (w - size) // 2, (h - size) // 2
        img = img.crop((left, top, left + size, top + size))
        x = (np.asarray(img, np.float32) / 255.0 - mean) / std
        batch.append(x.transpose(2, 0, 1))
    return np.ascontiguousarray(np.stack(batch), dtype=np.float32)


def run_ort(model, x):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: x})[0].astype(np.float32)


def write_case(directory, name, model, x, entries):
    y = run_ort(model, x)
    onnx.save(model, os.path.join(directory, f"{name}.onnx"))
    y.tofile(os.path.join(directory, f"{name}.out.f32"))
    entries.append({"name": name, "model": f"{name}.onnx", "output": f"{name}.out.f32", "outputShape": list(y.shape)})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", help="directory for the full-size models, images and onnxruntime outputs")
    parser.add_argument("--only", help="comma-separated architecture names for --full")
    parser.add_argument("--fixtures", action="store_true", help="with --full, rewrite the tiny fixtures as well")
    args = parser.parse_args()
    if not args.full or args.fixtures:
        write_fixtures()
    if args.full:
        write_full(args.full, set(args.only.split(",")) if args.only else None)


def write_fixtures():
    """The tiny models, inputs and onnxruntime outputs of Tests/EcoONNXTests/Fixtures."""
    os.makedirs(FIXTURES, exist_ok=True)
    tiny = real_images(32)[[2, 4]]  # chelsea and flower, 32×32: a batch of two
    tiny.tofile(os.path.join(FIXTURES, "tiny_input.f32"))
    mix_input = real_images(17)[[0]]  # astronaut at 17×17: odd sizes exercise ceil_mode and padding
    mix_input.tofile(os.path.join(FIXTURES, "mix_input.f32"))
    entries = []
    for name, build in ARCHITECTURES:
        write_case(FIXTURES, f"{name}_tiny", build(tiny=True), tiny, entries)
        entries[-1].update(input="tiny_input.f32", inputShape=list(tiny.shape))
    write_case(FIXTURES, "operator_mix", operator_mix(), mix_input, entries)
    entries[-1].update(input="mix_input.f32", inputShape=list(mix_input.shape))
    onnx.save(unsupported_model(), os.path.join(FIXTURES, "unsupported.onnx"))
    with open(os.path.join(FIXTURES, "manifest.json"), "w") as f:
        json.dump({"generator": "scripts/reference/onnx_models.py", "onnxruntime": ort.__version__, "cases": entries}, f, indent=1)
    print(f"wrote {len(entries)} fixture models to {FIXTURES}")


def write_full(directory, only):
    """The full-size models (all, or those named in `only`), the 224×224 images and onnxruntime's outputs in `directory`."""
    os.makedirs(directory, exist_ok=True)
    images = real_images(224)
    images.tofile(os.path.join(directory, "images.f32"))
    full = []
    for name, build in ARCHITECTURES:
        if only and name not in only:
            continue
        write_case(directory, name, build(tiny=False), images, full)
        full[-1].update(input="images.f32", inputShape=list(images.shape))
        print(f"  {name}: {full[-1]['outputShape']}", flush=True)
    with open(os.path.join(directory, "manifest.json"), "w") as f:
        json.dump({"onnxruntime": ort.__version__, "cases": full}, f, indent=1)


if __name__ == "__main__":
    main()
