"""Writes a SYNTHETIC hold-out set of plate crops as JPEG files with labels.tsv, for
`gatectl lpr eval` (the C++ recogniser, not the Python model):

    /usr/bin/python3 render_holdout_set.py OUT_DIR PER_CLASS SEED [GLYPHS.pkl]

PER_CLASS crops of each class: blue, yellow, double-row yellow, yellow 挂 (single and double
row), white 警, black, green (small new-energy), yellow-green (large new-energy). Each crop goes
through the training degradations (perspective, loose/tight crop, low resolution, blur, glare,
dirt, casts, night/IR, noise, JPEG), drawn from a seed the training never uses. Night/IR crops
are written with an empty colour (a grey image has no colour to judge).
"""
import os
import sys

import cv2
import numpy as np

import plate_renderer as pr

CLASSES = [  # name, text kind, colour, double_row
    ("blue", "ordinary", "blue", False),
    ("yellow", "ordinary", "yellow", False),
    ("yellow_double", "ordinary", "yellow", True),
    ("trailer", "挂", "yellow", False),
    ("trailer_double", "挂", "yellow", True),
    ("police", "警", "white", False),
    ("black", "ordinary", "black", False),
    ("green", "nev_small", "green", False),
    ("yellow_green", "nev_large", "yellow-green", False),
]


def main(out_dir, per_class, seed, glyph_path=None):
    rng = np.random.default_rng(seed)
    glyphs = pr.GlyphCache.load(glyph_path) if glyph_path else pr.GlyphCache()
    os.makedirs(out_dir, exist_ok=True)
    rows = ["file\tplate\tcolor\tclass"]
    for name, kind, colour, double_row in CLASSES:
        for i in range(per_class):
            text = pr.random_text(rng, kind)
            plate = pr.render_plate(glyphs, rng, text, colour, double_row)
            crop, night = pr.degrade_and_crop(rng, plate, double_row)
            file = f"{name}_{i:04d}.jpg"
            cv2.imwrite(os.path.join(out_dir, file), crop[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 95])
            label = "" if night else ("yellow-double" if double_row else colour)
            rows.append(f"{file}\t{text}\t{label}\t{name}")
    with open(os.path.join(out_dir, "labels.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{out_dir}: {per_class * len(CLASSES)} synthetic crops, seed {seed}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
