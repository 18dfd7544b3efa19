"""Renders a synthetic data set to an .npz file: make_dataset.py OUT.npz COUNT SEED."""
import sys

import numpy as np

import plate_renderer

if __name__ == "__main__":
    out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    xs, texts, colours, doubles = plate_renderer.make_set(n, seed)
    np.savez(out, x=xs, text=np.array(texts), colour=colours, double=doubles)
    print(f"{out}: {n} samples, seed {seed}")
