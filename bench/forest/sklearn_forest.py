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

import joblib
import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from mnist import add_split_arguments, load_split, timed  # noqa: E402  (bench/mnist.py, shared by every benchmark)

MODELS = {
    "default": {},
    "tuned": {"max_depth": 15, "min_samples_split": 5, "min_samples_leaf": 3, "max_features": "sqrt"},
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    add_split_arguments(parser)
    parser.add_argument("--artifact", required=True, help="where to write the joblib file")
    parser.add_argument("--random-state", type=int, default=42)
    args = parser.parse_args()

    X_train, y_train, X_test, y_test = load_split(args)

    forest = RandomForestClassifier(n_jobs=-1, random_state=args.random_state, **MODELS[args.model])
    model = Pipeline([("scaler", StandardScaler()), ("model", forest)])
    _, fit_seconds = timed(lambda: model.fit(X_train, y_train))
    predicted, predict_seconds = timed(lambda: model.predict(X_test))

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
