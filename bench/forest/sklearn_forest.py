"""scikit-learn's side of bench/forest: fits one forest on the split run.mjs wrote, prints JSON.

Run by run.mjs with Debian's /usr/bin/python3 (scikit-learn 1.2.1), one process per model so that
its peak RSS is this model's alone. The MNIST IDX files are read as OpenML's mnist_784 orders them
(the 60k training images, then the 10k test images).
"""
import argparse
import json
import os
import resource
import sys
import time

import joblib
import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from mnist import load_mnist  # noqa: E402  (bench/mnist.py, shared by every benchmark)

MODELS = {
    "default": {},
    "tuned": {"max_depth": 15, "min_samples_split": 5, "min_samples_leaf": 3, "max_features": "sqrt"},
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--split-dir", required=True, help="folder with train.i32 and test.i32 (row indices)")
    parser.add_argument("--artifact", required=True, help="where to write the joblib file")
    parser.add_argument("--random-state", type=int, default=42)
    args = parser.parse_args()

    X, y = load_mnist(args.data_dir)
    train = np.fromfile(os.path.join(args.split_dir, "train.i32"), dtype="<i4")
    test = np.fromfile(os.path.join(args.split_dir, "test.i32"), dtype="<i4")
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]

    forest = RandomForestClassifier(n_jobs=-1, random_state=args.random_state, **MODELS[args.model])
    model = Pipeline([("scaler", StandardScaler()), ("model", forest)])
    start = time.perf_counter()
    model.fit(X_train, y_train)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    predicted = model.predict(X_test)
    predict_seconds = time.perf_counter() - start

    joblib.dump(model, args.artifact)
    json.dump(
        {
            "library": f"scikit-learn {sklearn.__version__}",
            "fit_seconds": fit_seconds,
            "predict_seconds": predict_seconds,
            "accuracy": float(np.mean(predicted == y_test)),
            # ru_maxrss is in KiB on Linux; the forest's threads share this process.
            "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "model_bytes": os.path.getsize(args.artifact),
            "nodes": int(sum(tree.tree_.node_count for tree in forest.estimators_)),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
