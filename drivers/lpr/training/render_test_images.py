"""Writes the small synthetic images the C++ unit tests read (tests/drivers/lpr/data): one plate
crop of every colour class (double-row and night included) and one 1280x720 frame with two
plates. Fixed seed; mild camera effects so that a working recogniser reads every one.

    /usr/bin/python3 render_test_images.py ../../../tests/drivers/lpr/data
"""
import os
import sys

import cv2
import numpy as np

import plate_renderer as pr

CASES = [  # file stem, text, colour, double_row, night
    ("blue", "豫A12345", "blue", False, False),
    ("yellow", "豫H86321", "yellow", False, False),
    ("yellow_double", "豫HB7352", "yellow", True, False),
    ("trailer_double", "冀E2731挂", "yellow", True, False),
    ("white_police", "豫A0126警", "white", False, False),
    ("black", "粤B35G72", "black", False, False),
    ("green", "豫AD12345", "green", False, False),
    ("yellow_green", "豫A12345D", "yellow-green", False, False),
    ("learner", "豫A7752学", "yellow", False, False),
    ("night_blue", "京N52C86", "blue", False, True),
]


def mild(rng, plate, night):
    h, w = plate.shape[:2]
    pad = 6
    canvas = np.full((h + 2 * pad, w + 2 * pad, 3), 90, np.float32)
    canvas[pad : pad + h, pad : pad + w] = plate
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]]) + pad
    dst = src + rng.normal(0, 2, src.shape).astype(np.float32)
    M = cv2.getPerspectiveTransform(src, dst)
    out = cv2.warpPerspective(canvas, M, canvas.shape[1::-1], borderMode=cv2.BORDER_REPLICATE)
    out = cv2.resize(out, (int(out.shape[1] * 0.6), int(out.shape[0] * 0.6)), interpolation=cv2.INTER_AREA)
    if night:
        g = cv2.cvtColor(out.astype(np.uint8), cv2.COLOR_RGB2GRAY)
        out = np.repeat(g[..., None], 3, axis=2).astype(np.float32)
    out += rng.normal(0, 3, out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


def main(out_dir):
    rng = np.random.default_rng(2024)
    glyphs = pr.GlyphCache()
    os.makedirs(out_dir, exist_ok=True)
    rows = ["file\tplate\tcolor"]
    for stem, text, colour, double_row, night in CASES:
        plate = pr.render_plate(glyphs, rng, text, colour, double_row)
        img = mild(rng, plate, night)
        cv2.imwrite(os.path.join(out_dir, stem + ".jpg"), img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 90])
        label = "yellow-double" if double_row else colour
        rows.append(f"{stem}.jpg\t{text}\t{'' if night else label}")
    # A 1280x720 frame: grey road, a dark bumper, a blue plate and a double-row yellow plate.
    frame = np.full((720, 1280, 3), 110, np.float32)
    frame += rng.normal(0, 6, frame.shape)
    cv2.rectangle(frame, (150, 300), (650, 560), (40, 40, 45), -1)
    cv2.rectangle(frame, (760, 260), (1180, 600), (180, 60, 40), -1)
    for text, colour, dbl, (x, y), width in [("豫A52G07", "blue", False, (290, 400), 220),
                                             ("豫HC6231", "yellow", True, (870, 380), 200)]:
        plate = pr.render_plate(glyphs, rng, text, colour, dbl)
        ph = int(plate.shape[0] * width / plate.shape[1])
        frame[y : y + ph, x : x + width] = cv2.resize(plate, (width, ph), interpolation=cv2.INTER_AREA)
    frame = np.clip(frame, 0, 255).astype(np.uint8)
    cv2.imwrite(os.path.join(out_dir, "frame_two_plates.jpg"), frame[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 85])
    with open(os.path.join(out_dir, "labels.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
