"""scikit-learn's side of bench/predict: fits one pipeline on the split run.mjs wrote, times predict.

Run by run.mjs with Debian's /usr/bin/python3 (scikit-learn 1.2.1). The MNIST IDX files are read as
OpenML's mnist_784 orders them (the 60k training images, then the 10k test images), so the row
indices run.mjs wrote select the same images. Prints one JSON object.
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from mnist import add_split_arguments, load_split, timed  # noqa: E402  (bench/mnist.py, shared by every benchmark)


def percentiles(seconds):
    ms = np.array(seconds) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)), "n": len(seconds)}


def repeated(fn, repeats):
    """The seconds of each of `repeats` calls of fn, after one to warm up."""
    fn()
    return [timed(fn)[1] for _ in range(repeats)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["logistic_regression", "random_forest"], required=True)
    add_split_arguments(parser)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--max-iter", type=int, default=20)
    parser.add_argument("--n-estimators", type=int, default=100)
    parser.add_argument("--random-state", type=int, default=42)
    args = parser.parse_args()

    X_train, y_train, X_test, y_test = load_split(args)

    if args.model == "logistic_regression":
        model = LogisticRegression(max_iter=args.max_iter, random_state=args.random_state)
    else:
        model = RandomForestClassifier(n_estimators=args.n_estimators, n_jobs=-1, random_state=args.random_state)
    pipeline = Pipeline([("scale", StandardScaler()), ("model", model)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        _, fit_seconds = timed(lambda: pipeline.fit(X_train, y_train))

    one = X_test[:1]
    json.dump(
        {
            "library": f"scikit-learn {sklearn.__version__}",
            "fit_seconds": fit_seconds,
            "n_test": int(len(X_test)),
            "accuracy": float(np.mean(pipeline.predict(X_test) == y_test)),
            "predict": percentiles(repeated(lambda: pipeline.predict(X_test), args.repeats)),
            "predict_proba": percentiles(repeated(lambda: pipeline.predict_proba(X_test), args.repeats)),
            "predict_one": percentiles(repeated(lambda: pipeline.predict_proba(one), max(50, args.repeats))),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
