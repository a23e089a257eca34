"""scikit-learn's side of bench/multiclass: fits one meta-estimator on the split run.mjs wrote, prints JSON.

Run by run.mjs with Debian's /usr/bin/python3 (scikit-learn 1.2.1), one process per model, after
the TypeScript fit of the same model has finished, so the two never share the cores. The MNIST IDX
files are read as OpenML's mnist_784 orders them (the 60k training images, then the 10k test images),
which is the row order the split indices refer to.
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsOneClassifier, OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from mnist import add_split_arguments, load_split, timed  # noqa: E402  (bench/mnist.py, shared by every benchmark)

STRATEGIES = {"ovo": OneVsOneClassifier, "ovr": OneVsRestClassifier}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--strategy", choices=sorted(STRATEGIES), required=True)
    parser.add_argument("--scaled", action="store_true", help="StandardScaler before the meta-estimator, in a Pipeline")
    add_split_arguments(parser)
    parser.add_argument("--n-jobs", type=int, default=None)
    parser.add_argument("--max-iter", type=int, default=1000)
    args = parser.parse_args()

    X_train, y_train, X_test, y_test = load_split(args)

    meta = STRATEGIES[args.strategy](LogisticRegression(max_iter=args.max_iter), n_jobs=args.n_jobs)
    model = Pipeline([("scaler", StandardScaler()), ("model", meta)]) if args.scaled else meta
    with warnings.catch_warnings():
        # Reported below as a count instead of one warning per binary problem; the environment
        # variable reaches joblib's worker processes.
        warnings.simplefilter("ignore", ConvergenceWarning)
        os.environ["PYTHONWARNINGS"] = "ignore::UserWarning"
        _, fit_seconds = timed(lambda: model.fit(X_train, y_train))
    predicted, predict_seconds = timed(lambda: model.predict(X_test))

    n_iter = [int(estimator.n_iter_.max()) for estimator in meta.estimators_]
    json.dump(
        {
            "library": f"scikit-learn {sklearn.__version__}",
            "fit_seconds": fit_seconds,
            "predict_seconds": predict_seconds,
            "accuracy": float(np.mean(predicted == y_test)),
            "n_estimators": len(meta.estimators_),
            "n_not_converged": sum(n >= args.max_iter for n in n_iter),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
