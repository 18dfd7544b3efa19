"""Exports trained weights (.pt state dict) to the ONNX file the C++ recogniser loads:

    /usr/bin/python3 export_onnx.py WEIGHTS.pt ../models/plate_recognizer.onnx
"""
import sys

import torch

import plate_renderer as pr
from train_recognizer import PlateNet

if __name__ == "__main__":
    model = PlateNet(len(pr.ALPHABET) + 1, len(pr.COLOURS))
    model.load_state_dict(torch.load(sys.argv[1], map_location="cpu"))
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 3, pr.INPUT_H, pr.INPUT_W), sys.argv[2],
                      input_names=["input"], output_names=["text", "colour"], opset_version=11,
                      do_constant_folding=True)
    print("exported", sys.argv[2])
