"""scikit-learn's side of the sweep benchmark: the notebook's RandomizedSearchCV, and the same
cross-validation over the candidates mnist-lab sampled (so best CV scores compare like for like)."""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, __file__.rsplit("/", 1)[0] + "/..")
from mnist import load_mnist  # noqa: E402

ours = json.loads(sys.argv[1]) if len(sys.argv) > 1 else []
X, y = load_mnist()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
pipeline = Pipeline([("scale", StandardScaler()), ("model", RandomForestClassifier(random_state=42))])
grid = {
    "model__n_estimators": [25, 50, 100, 200, 300],
    "model__criterion": ["gini", "entropy", "log_loss"],
    "model__max_depth": [None, 1, 2, 3, 5, 10],
}
started = time.perf_counter()
search = RandomizedSearchCV(pipeline, grid, n_iter=10, cv=3, scoring="accuracy", random_state=0, n_jobs=-1, refit=True)
search.fit(X_train, y_train)
wall = time.perf_counter() - started
result = {
    "wall_seconds": wall,
    "best_params": search.best_params_,
    "best_cv_score": search.best_score_,
    "test_accuracy": float(search.score(X_test, y_test)),
}
if ours:
    started = time.perf_counter()
    same = GridSearchCV(pipeline, [{k: [v] for k, v in params.items()} for params in ours], cv=3, scoring="accuracy", n_jobs=-1, refit=True)
    same.fit(X_train, y_train)
    result["same_candidates_wall_seconds"] = time.perf_counter() - started
    result["same_candidates_best_cv_score"] = same.best_score_
    result["same_candidates_best_params"] = same.cv_results_["params"][int(np.argmax(same.cv_results_["mean_test_score"]))]
print(json.dumps(result))
