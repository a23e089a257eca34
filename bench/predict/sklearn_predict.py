"""scikit-learn's side of bench/predict: fits one pipeline on the split run.mjs wrote, times predict.

Run by run.mjs with Debian's /usr/bin/python3 (scikit-learn 1.2.1). The MNIST IDX files are read as
OpenML's mnist_784 orders them (the 60k training images, then the 10k test images), so the row
indices run.mjs wrote select the same images. Prints one JSON object.
"""
import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from mnist import load_mnist  # noqa: E402  (bench/mnist.py, shared by every benchmark)


def percentiles(seconds):
    ms = np.array(seconds) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)), "n": len(seconds)}


def timed(fn, repeats):
    fn()  # warm-up
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["logistic_regression", "random_forest"], required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--split-dir", required=True, help="folder with train.i32 and test.i32 (row indices)")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--max-iter", type=int, default=20)
    parser.add_argument("--n-estimators", type=int, default=100)
    parser.add_argument("--random-state", type=int, default=42)
    args = parser.parse_args()

    X, y = load_mnist(args.data_dir)
    train = np.fromfile(os.path.join(args.split_dir, "train.i32"), dtype="<i4")
    test = np.fromfile(os.path.join(args.split_dir, "test.i32"), dtype="<i4")
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]

    if args.model == "logistic_regression":
        model = LogisticRegression(max_iter=args.max_iter, random_state=args.random_state)
    else:
        model = RandomForestClassifier(n_estimators=args.n_estimators, n_jobs=-1, random_state=args.random_state)
    pipeline = Pipeline([("scale", StandardScaler()), ("model", model)])
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(X_train, y_train)
    fit_seconds = time.perf_counter() - start

    one = X_test[:1]
    json.dump(
        {
            "library": f"scikit-learn {sklearn.__version__}",
            "fit_seconds": fit_seconds,
            "n_test": int(len(test)),
            "accuracy": float(np.mean(pipeline.predict(X_test) == y_test)),
            "predict": percentiles(timed(lambda: pipeline.predict(X_test), args.repeats)),
            "predict_proba": percentiles(timed(lambda: pipeline.predict_proba(X_test), args.repeats)),
            "predict_one": percentiles(timed(lambda: pipeline.predict_proba(one), max(50, args.repeats))),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
