"""Trains the plate recogniser (convolutional CTC text head + plate-colour head) on synthetic
plates and exports it to ONNX for OpenCV's dnn module.

    nice -n 10 /usr/bin/python3 train_recognizer.py --data train1.npz train2.npz \
        --holdout holdout.npz --minutes 22 --seed 7 --out ../models/plate_recognizer.onnx

Network input: 1x3x32x128 BGR, (pixel - 127.5) / 255. Outputs: "text" 1xCx1x32 logits over
plate_renderer.ALPHABET with index 0 the CTC blank (the C++ side applies softmax and greedy
decoding), and "colour" 1x6x1x1 logits over plate_renderer.COLOURS.
Only convolutions, batch norm, ReLU, max/average pooling: every op OpenCV 4.6 dnn loads.
"""

import argparse
import copy
import math
import time

import numpy as np
import torch
import torch.nn as nn

import plate_renderer as pr

torch.set_num_threads(1)


def block(cin, cout, pool):
    layers = [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
    if pool:
        layers.append(nn.MaxPool2d(pool, pool))
    return layers


class PlateNet(nn.Module):
    def __init__(self, n_classes, n_colours):
        super().__init__()
        self.features = nn.Sequential(
            *block(3, 24, (2, 2)),  # 16x64
            *block(24, 48, (2, 2)),  # 8x32
            *block(48, 64, None),
            *block(64, 64, (2, 1)),  # 4x32
            *block(64, 96, None),
        )
        self.collapse = nn.Sequential(  # 4x32 -> 1x32, then context along the width
            nn.Conv2d(96, 128, (4, 1), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
            nn.Conv2d(128, 128, (1, 5), padding=(0, 2), bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
            nn.Dropout(0.1),
        )
        self.text = nn.Conv2d(128, n_classes, 1)
        self.colour = nn.Sequential(
            nn.Conv2d(96, 32, 1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Conv2d(32, n_colours, 1)
        )

    def forward(self, x):
        f = self.features(x)
        return self.text(self.collapse(f)), self.colour(f)


def encode(texts):
    index = {c: i + 1 for i, c in enumerate(pr.ALPHABET)}
    targets = [index[c] for t in texts for c in t]
    return torch.tensor(targets, dtype=torch.long), torch.tensor([len(t) for t in texts])


def greedy(logits):
    best = logits.argmax(1)[:, 0, :].numpy()  # N x T
    out = []
    for row in best:
        s, prev = [], 0
        for k in row:
            if k != prev and k != 0:
                s.append(pr.ALPHABET[k - 1])
            prev = k
        out.append("".join(s))
    return out


def to_tensor(x):
    return (torch.from_numpy(x).permute(0, 3, 1, 2).float() - 127.5) / 255.0


def evaluate(model, data):
    model.eval()
    x, texts, colours = data["x"], list(data["text"]), data["colour"]
    ok = cok = 0
    with torch.no_grad():
        for i in range(0, len(x), 256):
            t, c = model(to_tensor(x[i : i + 256]))
            pred = greedy(t)
            ok += sum(p == g for p, g in zip(pred, texts[i : i + 256]))
            cok += int((c[:, :, 0, 0].argmax(1).numpy() == colours[i : i + 256]).sum())
    model.train()
    return ok / len(x), cok / len(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", nargs="+", required=True)
    ap.add_argument("--holdout", required=True)
    ap.add_argument("--minutes", type=float, default=22)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--out", required=True)
    ap.add_argument("--init", help="state_dict (.pt) to continue training from")
    ap.add_argument("--lr", type=float, default=2e-3)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    parts = [np.load(p) for p in args.data]
    x = np.concatenate([p["x"] for p in parts])
    texts = [t for p in parts for t in p["text"]]
    colours = torch.from_numpy(np.concatenate([p["colour"] for p in parts]))
    holdout = np.load(args.holdout)
    print(f"train {len(x)} samples, holdout {len(holdout['x'])}", flush=True)

    model = PlateNet(len(pr.ALPHABET) + 1, len(pr.COLOURS))
    print("parameters", sum(p.numel() for p in model.parameters()), flush=True)
    if args.init:
        model.load_state_dict(torch.load(args.init))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    ce = nn.CrossEntropyLoss()

    budget = args.minutes * 60
    start = time.time()
    step = 0
    # The best weights by hold-out exact match are kept (and written to OUT.best.pt, so a run
    # that has to be stopped early still leaves them); the export uses them if the last ones are
    # not better.
    best_acc, best_state = -1.0, None
    while True:
        idx = rng.choice(len(x), args.batch, replace=False)
        xb = x[idx]
        # Cheap extra augmentation: random horizontal shift by up to 4 px (replicated edge).
        shift = int(rng.integers(-4, 5))
        if shift:
            xb = np.roll(xb, shift, axis=2)
        text_logits, colour_logits = model(to_tensor(xb))
        logp = text_logits[:, :, 0, :].permute(2, 0, 1).log_softmax(2)  # T x N x C
        tg, tl = encode([texts[i] for i in idx])
        il = torch.full((args.batch,), logp.shape[0], dtype=torch.long)
        loss = ctc(logp, tg, il, tl) + 0.5 * ce(colour_logits[:, :, 0, 0], colours[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        elapsed = time.time() - start
        # Cosine decay over the wall-clock budget: the machine is shared, so steps per second
        # vary; the schedule follows time, not a step count.
        frac = min(1.0, elapsed / budget)
        for g in opt.param_groups:
            g["lr"] = args.lr * 0.5 * (1 + math.cos(math.pi * frac))
        if frac >= 1.0:
            break
        if step % 300 == 0:
            acc, cacc = evaluate(model, holdout)
            print(f"step {step} {elapsed:.0f}s loss {loss.item():.3f} "
                  f"holdout exact {acc:.3f} colour {cacc:.3f}", flush=True)
            if acc > best_acc:
                best_acc, best_state = acc, copy.deepcopy(model.state_dict())
                torch.save(best_state, args.out + ".best.pt")

    acc, cacc = evaluate(model, holdout)
    if best_state is not None and best_acc > acc:
        print(f"last weights {acc:.4f}, keeping the best checkpoint {best_acc:.4f}", flush=True)
        model.load_state_dict(best_state)
        acc, cacc = evaluate(model, holdout)
    print(f"final: synthetic holdout exact {acc:.4f} colour {cacc:.4f}", flush=True)
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 3, pr.INPUT_H, pr.INPUT_W), args.out,
                      input_names=["input"], output_names=["text", "colour"], opset_version=11,
                      do_constant_folding=True)
    torch.save(model.state_dict(), args.out + ".pt")
    print("exported", args.out, flush=True)


if __name__ == "__main__":
    main()
