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
import queue
import threading
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


def to_tensor(x, device="cpu"):
    t = torch.from_numpy(x) if isinstance(x, np.ndarray) else x
    return (t.to(device).permute(0, 3, 1, 2).float() - 127.5) / 255.0


def evaluate(model, data, device="cpu"):
    model.eval()
    x, texts, colours = data["x"], list(data["text"]), data["colour"]
    ok = cok = 0
    with torch.no_grad():
        for i in range(0, len(x), 256):
            t, c = model(to_tensor(x[i : i + 256], device))
            pred = greedy(t.cpu())
            ok += sum(p == g for p, g in zip(pred, texts[i : i + 256]))
            cok += int((c[:, :, 0, 0].argmax(1).cpu().numpy() == colours[i : i + 256]).sum())
    model.train()
    return ok / len(x), cok / len(x)


class RenderedPlates(torch.utils.data.IterableDataset):
    """Endless synthetic samples; worker k draws from the Generator seeded (seed, k), so the
    stream of every worker is fixed by the seed (the order batches reach the trainer is not)."""

    def __init__(self, glyph_path, seed, batch):
        self.glyph_path, self.seed, self.batch = glyph_path, seed, batch

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        rng = np.random.default_rng([self.seed, info.id if info else 0])
        glyphs = pr.GlyphCache.load(self.glyph_path)
        while True:
            xs = np.zeros((self.batch, pr.INPUT_H, pr.INPUT_W, 3), np.uint8)
            labels = np.zeros((self.batch, 8), np.int64)
            lengths = np.zeros(self.batch, np.int64)
            colours = np.zeros(self.batch, np.int64)
            for i in range(self.batch):
                xs[i], text, colours[i], _ = pr.sample(glyphs, rng)
                labels[i, : len(text)] = [pr.ALPHABET.index(c) + 1 for c in text]
                lengths[i] = len(text)
            yield torch.from_numpy(xs), torch.from_numpy(labels), torch.from_numpy(lengths), \
                torch.from_numpy(colours)


def train_streaming(args):
    """Training on a GPU with plates rendered on the fly by --render-workers processes into a
    replay buffer on the device: rendering (≈15 ms a plate on one core) is the bottleneck, so
    each rendered plate is trained on about --reuse times before the buffer overwrites it."""
    device = torch.device(args.device)
    torch.manual_seed(args.seed)
    loader = torch.utils.data.DataLoader(
        RenderedPlates(args.glyphs, args.seed, 64), batch_size=None,
        num_workers=args.render_workers, prefetch_factor=4, persistent_workers=True,
        multiprocessing_context="spawn")  # fork beside the pump thread can inherit held locks
    fresh = queue.Queue(maxsize=256)

    def pump():
        for item in loader:
            fresh.put(item)

    threading.Thread(target=pump, daemon=True).start()
    print(f"{args.render_workers} render workers started", flush=True)

    glyphs = pr.GlyphCache.load(args.glyphs)
    if args.holdout.startswith("render:"):  # render:COUNT:SEED, same renderer and glyphs
        n, seed = (int(v) for v in args.holdout.split(":")[1:])
        hx, ht, hc, _ = pr.make_set(n, seed, glyphs)
        holdout = {"x": hx, "text": np.array(ht), "colour": hc}
    else:
        holdout = np.load(args.holdout)
    print(f"hold-out: {len(holdout['x'])} plates", flush=True)
    model = PlateNet(len(pr.ALPHABET) + 1, len(pr.COLOURS))
    if args.init:
        model.load_state_dict(torch.load(args.init, map_location="cpu"))
    model.to(device)
    print(f"model on {device}", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    ce = nn.CrossEntropyLoss()
    cap = args.buffer
    bx = torch.zeros((cap, pr.INPUT_H, pr.INPUT_W, 3), dtype=torch.uint8, device=device)
    bl = torch.zeros((cap, 8), dtype=torch.long, device=device)
    blen = torch.zeros(cap, dtype=torch.long, device=device)
    bc = torch.zeros(cap, dtype=torch.long, device=device)
    filled, head, rendered = 0, 0, 0
    budget, start, step, last_eval = args.minutes * 60, time.time(), 0, time.time()
    best_acc, best_state = -1.0, None
    while True:
        # Take every rendered batch that is ready; block for more while the buffer is too small
        # or each plate in it has already been trained on --reuse times on average.
        while not fresh.empty() or filled < args.batch or step * args.batch > rendered * args.reuse:
            x, lab, ln, col = fresh.get()
            idx = (torch.arange(len(x)) + head) % cap
            bx[idx], bl[idx] = x.to(device), lab.to(device)
            blen[idx], bc[idx] = ln.to(device), col.to(device)
            head, filled, rendered = (head + len(x)) % cap, min(cap, filled + len(x)), rendered + len(x)
        idx = torch.randint(0, filled, (args.batch,), device=device)
        xb = bx[idx]
        shift = int(torch.randint(-4, 5, (1,)))
        if shift:
            xb = torch.roll(xb, shift, dims=2)
        text_logits, colour_logits = model(to_tensor(xb, device))
        logp = text_logits[:, :, 0, :].permute(2, 0, 1).log_softmax(2)
        lens = blen[idx]
        targets = bl[idx][torch.arange(8, device=device)[None, :] < lens[:, None]]
        il = torch.full((args.batch,), logp.shape[0], dtype=torch.long, device=device)
        loss = ctc(logp, targets, il, lens) + 0.5 * ce(colour_logits[:, :, 0, 0], bc[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        frac = min(1.0, (time.time() - start) / budget)
        for g in opt.param_groups:
            g["lr"] = args.lr * 0.5 * (1 + math.cos(math.pi * frac))
        if frac >= 1.0:
            break
        if time.time() - last_eval > args.eval_seconds:
            last_eval = time.time()
            acc, cacc = evaluate(model, holdout, device)
            print(f"step {step} {time.time() - start:.0f}s rendered {rendered} loss "
                  f"{loss.item():.3f} holdout exact {acc:.4f} colour {cacc:.4f}", flush=True)
            if acc > best_acc:
                best_acc = acc
                best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
                torch.save(best_state, args.out + ".best.pt")
    acc, cacc = evaluate(model, holdout, device)
    if best_state is not None and best_acc > acc:
        print(f"last weights {acc:.4f}, keeping the best checkpoint {best_acc:.4f}", flush=True)
        model.load_state_dict(best_state)
        acc, cacc = evaluate(model, holdout, device)
    print(f"final: step {step}, rendered {rendered}, synthetic holdout exact {acc:.4f} "
          f"colour {cacc:.4f}", flush=True)
    torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()}, args.out + ".pt")
    print("saved", args.out + ".pt (export to ONNX with export_onnx.py)", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", nargs="+", help=".npz sets (CPU mode)")
    ap.add_argument("--holdout", required=True, help=".npz, or render:COUNT:SEED")
    ap.add_argument("--render-workers", type=int, default=0,
                    help="render plates on the fly in this many processes (GPU mode)")
    ap.add_argument("--glyphs", help="glyph cache from plate_renderer.py --save-glyphs")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--buffer", type=int, default=200000)
    ap.add_argument("--reuse", type=float, default=30.0)
    ap.add_argument("--eval-seconds", type=float, default=60)
    ap.add_argument("--minutes", type=float, default=22)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--out", required=True)
    ap.add_argument("--init", help="state_dict (.pt) to continue training from")
    ap.add_argument("--lr", type=float, default=2e-3)
    args = ap.parse_args()
    if args.render_workers:
        train_streaming(args)
        return

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
