"""Synthetic Chinese licence-plate renderer for training the gate's plate recogniser.

Renders the GA 36 layouts (7-character single row, 8-character new-energy, double-row yellow
rear plates, 挂/学/警 suffixes) in the real colours (blue, yellow, white, black, gradient green,
yellow-green split) with Debian's CJK and Latin fonts, then degrades them the way gate cameras
do: perspective and skew up to about ±20°, loose/tight crops, blur, low resolution, noise, JPEG,
glare, dirt, colour casts, night and infrared (grey) looks.

Every sample is drawn from a numpy Generator, so a fixed seed gives a fixed data set. The
output is the recogniser's input: a 32x128 BGR crop (double-row plates are flattened into one
line by `flatten_double_row`, exactly as drivers/lpr/plate_crop.cc does at runtime).
"""

import cv2
import numpy as np

cv2.setNumThreads(1)
from PIL import Image, ImageDraw, ImageFont

PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # I and O are not used on plates
DIGITS = "0123456789"
SUFFIXES = "挂学警港澳"
# CTC alphabet: index 0 is the blank. I and O are kept so that mislabelled inputs still decode.
ALPHABET = PROVINCES + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + DIGITS + SUFFIXES
COLOURS = ["blue", "yellow", "white", "black", "green", "yellow-green"]

INPUT_H, INPUT_W = 32, 128
RENDER_SCALE = 0.5  # plates are drawn at half the GA 36 millimetre size
# Double-row plates: the top row (province + authority letter) is the upper DOUBLE_SPLIT of the
# plate, its characters sit in the middle DOUBLE_TOP_X0..X1 of the width.
DOUBLE_SPLIT = 0.37
DOUBLE_TOP_X0, DOUBLE_TOP_X1 = 0.18, 0.82

CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
]
LATIN_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
]


# EasyPR's character classes (../shared/data/plates/chars/easypr-chars.tar.gz, charsChinese/):
# binarised 20x20 glyphs cut from real plates, i.e. the GA 36 typeface the fonts above lack.
EASYPR_PROVINCES = {
    "zh_cuan": "川", "zh_e": "鄂", "zh_gan": "赣", "zh_gan1": "甘", "zh_gui": "贵", "zh_gui1": "桂",
    "zh_hei": "黑", "zh_hu": "沪", "zh_ji": "冀", "zh_jin": "津", "zh_jing": "京", "zh_jl": "吉",
    "zh_liao": "辽", "zh_lu": "鲁", "zh_meng": "蒙", "zh_min": "闽", "zh_ning": "宁", "zh_qing": "青",
    "zh_qiong": "琼", "zh_shan": "陕", "zh_su": "苏", "zh_sx": "晋", "zh_wan": "皖", "zh_xiang": "湘",
    "zh_xin": "新", "zh_yu": "豫", "zh_yu1": "渝", "zh_yue": "粤", "zh_yun": "云", "zh_zang": "藏",
    "zh_zhe": "浙",
}
REAL_GLYPH_SHARE = 0.5  # how often a character with real glyphs is drawn from them


class GlyphCache:
    """Tight binary masks of every character: one per font, rendered once at 128 px, and, where
    `easypr_dir` is given, the real glyphs of EasyPR's character set (`real`). The cache pickles,
    so training machines without the fonts can load one made here (`save`/`load`)."""

    def __init__(self, easypr_dir=None):
        self.masks = {}
        for ch in ALPHABET:
            fonts = CJK_FONTS if not ch.isascii() else LATIN_FONTS
            self.masks[ch] = [self._render(ch, f) for f in fonts]
        self.real = {}
        if easypr_dir:
            self._load_easypr(easypr_dir)

    def _load_easypr(self, root):
        import glob
        import os

        for folder in sorted(glob.glob(os.path.join(root, "chars2", "*"))):
            self._add_real(os.path.basename(folder), folder)
        for name, ch in EASYPR_PROVINCES.items():
            self._add_real(ch, os.path.join(root, "charsChinese", name))

    def _add_real(self, ch, folder):
        import glob
        import os

        masks = []
        for f in sorted(glob.glob(os.path.join(folder, "*"))):
            a = cv2.imread(f, cv2.IMREAD_GRAYSCALE)
            if a is None:
                continue
            ys, xs = np.nonzero(a > 100)
            if len(ys) < 8:
                continue
            masks.append(a[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1])
        if masks:
            self.real[ch] = masks

    def save(self, path):
        import pickle

        with open(path, "wb") as f:
            pickle.dump({"masks": self.masks, "real": self.real}, f)

    @staticmethod
    def load(path):
        import pickle

        cache = GlyphCache.__new__(GlyphCache)
        with open(path, "rb") as f:
            d = pickle.load(f)
        cache.masks, cache.real = d["masks"], d["real"]
        return cache

    @staticmethod
    def _render(ch, font_path):
        font = ImageFont.truetype(font_path, 128)
        img = Image.new("L", (200, 200), 0)
        ImageDraw.Draw(img).text((30, 10), ch, font=font, fill=255)
        a = np.array(img)
        ys, xs = np.nonzero(a > 60)
        return a[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]

    def draw(self, canvas, ch, box, colour, rng, bold):
        x, y, w, h = box
        variants = self.masks[ch]
        if ch in self.real and rng.random() < REAL_GLYPH_SHARE:
            variants = self.real[ch]
        m = variants[rng.integers(len(variants))]
        if ch in "1":  # a narrow glyph keeps its width; it is centred in its box
            nw = max(3, int(w * 0.35))
            x += (w - nw) // 2
            w = nw
        up = w > m.shape[1] or h > m.shape[0]
        m = cv2.resize(m, (int(w), int(h)), interpolation=cv2.INTER_LINEAR if up else cv2.INTER_AREA)
        if bold > 0:
            m = cv2.dilate(m, np.ones((bold, bold), np.uint8))
        a = (m.astype(np.float32) / 255.0)[..., None]
        x, y = int(x), int(y)
        region = canvas[y : y + m.shape[0], x : x + m.shape[1]]
        region[:] = region * (1 - a) + np.array(colour, np.float32) * a


def random_text(rng, kind):
    """Plate text for one of the kinds in `random_plate`."""
    prov = PROVINCES[rng.integers(len(PROVINCES))]
    letter = LETTERS[rng.integers(len(LETTERS))]
    alnum = LETTERS + DIGITS * 3  # digits dominate real serials

    def pick(pool, n):
        return "".join(pool[rng.integers(len(pool))] for _ in range(n))

    def serial(n):  # GA 36: a serial uses at most two letters (drawn again until it does)
        while True:
            s = pick(alnum, n)
            if sum(ch in LETTERS for ch in s) <= 2:
                return s

    if kind == "nev_small":
        energy = "DF"[rng.integers(2)] if rng.random() < 0.85 else pick("ABCEGHJK", 1)
        return prov + letter + energy + pick(LETTERS + DIGITS, 1) + pick(DIGITS, 4)
    if kind == "nev_large":
        energy = "DF"[rng.integers(2)] if rng.random() < 0.85 else pick("ABCEGHJK", 1)
        return prov + letter + pick(DIGITS, 5) + energy
    if kind in ("挂", "学", "警"):
        return prov + letter + serial(4) + kind
    return prov + letter + serial(5)


def random_plate(rng):
    """Returns (text, colour, double_row) for a plate kind drawn with gate-like frequencies."""
    r = rng.random()
    if r < 0.26:
        return random_text(rng, "ordinary"), "blue", False
    if r < 0.40:
        return random_text(rng, "ordinary"), "yellow", False
    if r < 0.52:
        return random_text(rng, "ordinary"), "yellow", True
    if r < 0.58:
        return random_text(rng, "挂"), "yellow", rng.random() < 0.6
    if r < 0.61:
        return random_text(rng, "学"), "yellow", False
    if r < 0.65:
        return random_text(rng, "警"), "white", False
    if r < 0.68:
        return random_text(rng, "ordinary"), "white", False
    if r < 0.72:
        return random_text(rng, "ordinary"), "black", False
    if r < 0.86:
        return random_text(rng, "nev_small"), "green", False
    return random_text(rng, "nev_large"), "yellow-green", False


def _jitter(rng, rgb, amount=25):
    return np.clip(np.array(rgb, np.float32) + rng.normal(0, amount, 3), 0, 255)


def render_plate(glyphs, rng, text, colour, double_row):
    """Front view of a plate, RGB float32. Sizes follow GA 36 (mm ≈ px)."""
    white, black = _jitter(rng, (245, 245, 245), 8), _jitter(rng, (15, 15, 15), 8)
    bg_of = {
        "blue": _jitter(rng, (10, 60, 190)),
        "yellow": _jitter(rng, (245, 190, 10)),
        "white": _jitter(rng, (240, 240, 240), 10),
        "black": _jitter(rng, (20, 20, 25), 8),
    }
    eight = len(text) == 8
    w, h = (480 if eight else 440), (220 if double_row else 140)
    w, h = int(w * RENDER_SCALE), int(h * RENDER_SCALE)
    img = np.zeros((h, w, 3), np.float32)
    if colour == "green":  # gradient: pale green at the top to green at the bottom
        top, bottom = _jitter(rng, (225, 245, 225), 10), _jitter(rng, (60, 200, 90), 20)
        t = np.linspace(0, 1, h)[:, None, None]
        img[:] = top * (1 - t) + bottom * t
        fg = black
    elif colour == "yellow-green":  # yellow on the left (province + letter), green on the right
        img[:] = _jitter(rng, (60, 190, 80), 20)
        img[:, : int(w * 0.25)] = _jitter(rng, (245, 195, 20), 20)
        fg = black
    else:
        img[:] = bg_of[colour]
        fg = white if colour in ("blue", "black") else black
    frame_colour = fg
    cv2.rectangle(img, (2, 2), (w - 3, h - 3), frame_colour.tolist(), 2)
    # Rivets.
    for rx in (int(w * 0.22), int(w * 0.78)):
        cv2.circle(img, (rx, 7 if not double_row else 5), 2, (200, 200, 200), -1)

    bold = int(rng.integers(0, 3))
    if double_row:
        boxes = [(110, 15, 80, 60), (250, 15, 80, 60)]
        boxes += [(27.5 + i * 80, 90, 65, 110) for i in range(5)]
    elif eight:
        boxes = [(15.5, 25, 43, 90), (67.5, 25, 43, 90)]
        boxes += [(159.5 + i * 52, 25, 43, 90) for i in range(6)]
        if colour == "yellow-green":
            boxes = [(15.5, 25, 43, 90), (67.5, 25, 43, 90)]
            boxes += [(140 + i * 52, 25, 43, 90) for i in range(6)]
    else:
        boxes = [(15.5, 25, 45, 90), (72.5, 25, 45, 90)]
        boxes += [(151.5 + i * 57, 25, 45, 90) for i in range(5)]
        cv2.circle(img, (67, 35), 3, fg.tolist(), -1)
    for i, ch in enumerate(text):
        x, y, bw, bh = boxes[i]
        dx, dy = rng.normal(0, 1.5, 2)
        c = fg
        if ch == "警":
            c = _jitter(rng, (210, 20, 20), 15)
        s = RENDER_SCALE
        glyphs.draw(img, ch, ((x + dx) * s, (y + dy) * s, bw * s, bh * s), c, rng, bold)
    return img


def _background(rng, h, w):
    base = rng.uniform(0, 255, 3)
    bg = np.empty((h, w, 3), np.float32)
    bg[:] = base
    noise = rng.normal(0, rng.uniform(5, 40), (h // 4 + 1, w // 4 + 1)).astype(np.float32)
    bg += cv2.resize(noise, (w, h))[..., None]
    for _ in range(rng.integers(0, 6)):
        p1 = tuple(int(v) for v in rng.integers(0, max(h, w), 2))
        p2 = tuple(int(v) for v in rng.integers(0, max(h, w), 2))
        cv2.line(bg, p1, p2, rng.uniform(0, 255, 3).tolist(), int(rng.integers(1, 12)))
    return np.clip(bg, 0, 255)


def _glare(rng, img):
    h, w = img.shape[:2]
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    sx, sy = rng.uniform(w * 0.1, w * 0.6), rng.uniform(h * 0.2, h)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    g = np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2))
    return img + g[..., None] * rng.uniform(60, 200)


def _dirt(rng, img):
    h, w = img.shape[:2]
    mask = np.zeros((h, w), np.float32)
    for _ in range(rng.integers(3, 25)):
        c = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
        cv2.circle(mask, c, int(rng.uniform(2, h * 0.12)), 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), rng.uniform(1, 5)) * rng.uniform(0.3, 0.8)
    dirt = np.array([90, 75, 55], np.float32) * rng.uniform(0.3, 1.2)
    return img * (1 - mask[..., None]) + dirt * mask[..., None]


def flatten_double_row(img):
    """Double-row plate crop (any size) -> one line: top-row characters then the bottom row."""
    h, w = img.shape[:2]
    split = int(round(h * DOUBLE_SPLIT))
    top = img[:split, int(w * DOUBLE_TOP_X0) : int(w * DOUBLE_TOP_X1)]
    bottom = img[split:]
    th = bottom.shape[0]
    top = cv2.resize(top, (max(1, int(top.shape[1] * th / max(1, top.shape[0]))), th))
    return np.concatenate([top, bottom], axis=1)


def degrade_and_crop(rng, plate, double_row):
    """Places the plate in a scene with a random perspective, crops its bounding box the way a
    detector or a data set does, and applies camera effects. Returns an RGB uint8 crop."""
    if rng.random() < 0.3:
        plate = _dirt(rng, plate)
    scale = rng.uniform(0.7, 1.2)  # work at a lower resolution: cheaper, and cameras are
    plate = cv2.resize(plate, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = plate.shape[:2]
    # Perspective: yaw/pitch up to ~20°, in-plane rotation up to ~12°.
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    yaw = rng.uniform(-0.2, 0.2) if rng.random() < 0.7 else 0.0
    pitch = rng.uniform(-0.15, 0.15) if rng.random() < 0.5 else 0.0
    dst = src.copy()
    dst[0, 1] += h * yaw
    dst[3, 1] -= h * yaw
    dst[1, 1] -= h * yaw
    dst[2, 1] += h * yaw
    dst[:, 0] += np.array([1, -1, -1, 1]) * w * abs(yaw) * 0.5 * (dst[:, 0] >= 0)
    dst[0, 0] += w * pitch
    dst[1, 0] -= w * pitch
    ang = np.deg2rad(rng.normal(0, 5) if rng.random() < 0.7 else rng.uniform(-12, 12))
    rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]], np.float32)
    dst = (dst - [w / 2, h / 2]) @ rot.T + [w / 2, h / 2]
    dst += rng.normal(0, 3, dst.shape)
    pad = int(max(w, h) * 0.3)
    dst += pad
    sw, sh = w + 2 * pad, h + 2 * pad
    scene = _background(rng, sh, sw)
    M = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    warped = cv2.warpPerspective(plate, M, (sw, sh), flags=cv2.INTER_LINEAR, borderValue=-1)
    inside = cv2.warpPerspective(np.ones((h, w), np.float32), M, (sw, sh)) > 0.5
    scene[inside] = warped[inside]
    # Crop: axis-aligned box of the quad, with the loose/tight margins real crops show.
    x0, y0 = dst.min(axis=0)
    x1, y1 = dst.max(axis=0)
    bw, bh = x1 - x0, y1 - y0
    mx = rng.uniform(-0.015, 0.06, 2) * bw
    my = rng.uniform(-0.04, 0.15, 2) * bh
    cx0, cy0 = int(max(0, x0 - mx[0])), int(max(0, y0 - my[0]))
    cx1, cy1 = int(min(sw, x1 + mx[1])), int(min(sh, y1 + my[1]))
    crop = scene[cy0:cy1, cx0:cx1]
    # Camera: low resolution, blur, glare, colour cast, exposure, noise, JPEG.
    if rng.random() < 0.3:
        crop = _glare(rng, crop)
    lowres_w = int(rng.uniform(60, 200)) if not double_row else int(rng.uniform(50, 160))
    lh = max(8, int(crop.shape[0] * lowres_w / crop.shape[1]))
    crop = cv2.resize(crop, (lowres_w, lh), interpolation=cv2.INTER_AREA)
    if rng.random() < 0.4:
        k = rng.uniform(0.3, 1.3)
        crop = cv2.GaussianBlur(crop, (0, 0), k)
    if rng.random() < 0.15:  # motion blur
        n = int(rng.integers(2, 5))
        kern = np.zeros((n, n), np.float32)
        kern[n // 2, :] = 1.0 / n
        crop = cv2.filter2D(crop, -1, kern)
    cast = rng.uniform(0.6, 1.35, 3) if rng.random() < 0.6 else np.ones(3)
    gain, bias = rng.uniform(0.6, 1.3), rng.uniform(-35, 35)
    if rng.random() < 0.12:  # under-exposed: a dark blue plate is still blue, not black
        gain = rng.uniform(0.3, 0.6)
    crop = crop * cast * gain + bias
    if rng.random() < 0.3:  # low contrast haze
        crop = crop * 0.6 + rng.uniform(40, 160)
    crop = np.clip(crop, 0, 255)
    night = rng.random() < 0.12
    if night:  # infrared / night: grey, contrasty, noisy
        g = cv2.cvtColor(crop.astype(np.uint8), cv2.COLOR_RGB2GRAY).astype(np.float32)
        g = np.clip((g - g.mean()) * rng.uniform(1.0, 2.0) + rng.uniform(60, 160), 0, 255)
        crop = np.repeat(g[..., None], 3, axis=2)
    crop = crop + rng.normal(0, rng.uniform(0, 12), crop.shape).astype(np.float32)
    crop = np.clip(crop, 0, 255).astype(np.uint8)
    q = int(rng.integers(30, 95))
    ok, enc = cv2.imencode(".jpg", crop[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, q])
    crop = cv2.imdecode(enc, cv2.IMREAD_COLOR)[..., ::-1]
    return crop, night


def to_input(crop_rgb, double_row):
    """Recogniser input: BGR uint8 32x128 (the C++ side feeds cv::Mat BGR)."""
    img = crop_rgb[..., ::-1]
    if double_row:
        img = flatten_double_row(img)
    return cv2.resize(img, (INPUT_W, INPUT_H), interpolation=cv2.INTER_AREA)


def sample(glyphs, rng):
    """One training sample: (input BGR 32x128, text, colour index, double_row)."""
    text, colour, double_row = random_plate(rng)
    plate = render_plate(glyphs, rng, text, colour, double_row)
    crop, _ = degrade_and_crop(rng, plate, double_row)
    return to_input(crop, double_row), text, COLOURS.index(colour), double_row


def make_set(n, seed, glyphs=None):
    rng = np.random.default_rng(seed)
    glyphs = glyphs or GlyphCache()
    xs = np.zeros((n, INPUT_H, INPUT_W, 3), np.uint8)
    texts, colours, doubles = [], np.zeros(n, np.int64), np.zeros(n, bool)
    for i in range(n):
        xs[i], t, colours[i], doubles[i] = sample(glyphs, rng)
        texts.append(t)
    return xs, texts, colours, doubles


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1 and sys.argv[1] == "--save-glyphs":  # --save-glyphs OUT.pkl [EASYPR_DIR]
        GlyphCache(sys.argv[3] if len(sys.argv) > 3 else None).save(sys.argv[2])
        sys.exit(0)
    xs, texts, colours, doubles = make_set(int(sys.argv[1]) if len(sys.argv) > 1 else 48, 7)
    grid = np.concatenate([np.concatenate(list(xs[i : i + 4]), axis=1) for i in range(0, len(xs), 4)])
    cv2.imwrite("/tmp/lpr_synth.png", cv2.resize(grid, None, fx=1.5, fy=1.5))
    print(texts)
