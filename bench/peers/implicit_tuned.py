"""Tune `implicit`'s ALS by random search on the split files `marquee-bench movielens-search` exports, and score it.

The search mirrors Marquee's `ModelSearch` for ALS: the same number of trials, trial 0 being Marquee's defaults
(64 factors, regularization 0.01, alpha 40, 15 iterations), the others sampled from the same ranges (factors
{8, 16, 32, 64}, regularization log-uniform [0.01, 100], alpha log-uniform [0.5, 50], iterations {10, 15}) with numpy's
generator for the seed. Each trial trains on validation_train.tsv and is scored by NDCG@20 on validation_test.tsv (the
validation split Marquee's search carved from the training part); the best is trained on train.tsv and scored on
test.tsv. With `--trials-file DIR/als_trials.json` it searches the configurations Marquee's search tried instead, in
the same order: both libraries then choose among the very same candidates. The files hold the feedback rule's weights; the confidence is Marquee's `1 + alpha x weight`, given to
`implicit` with its own alpha = 1, so both libraries solve the same problem for the same hyperparameters.

    python3 bench/peers/implicit_tuned.py DIR [--threads 2] [--trials-file FILE]

Prints one JSON object: the trials, the choice, and its test NDCG@20 and precision@10.
"""
import argparse
import json
import math
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
import scipy.sparse as sparse


def weights(directory, name, shape):
    rows = np.loadtxt(os.path.join(directory, name), dtype=np.float64, ndmin=2)
    return sparse.csr_matrix((rows[:, 2].astype(np.float32), (rows[:, 0].astype(np.int64), rows[:, 1].astype(np.int64))), shape=shape)


def pairs(directory, name):
    relevant = {}
    for user, item in np.loadtxt(os.path.join(directory, name), dtype=np.int64, ndmin=2):
        relevant.setdefault(int(user), set()).add(int(item))
    return relevant


def score(model, matrix, relevant):
    """Precision@10 and NDCG@20 over `relevant`'s users, excluding each user's training movies and movies training lacks."""
    users = np.array(sorted(relevant), dtype=np.int64)
    unknown = np.flatnonzero(np.diff(matrix.tocsc().indptr) == 0)
    ids, _ = model.recommend(users, matrix[users], N=20, filter_already_liked_items=True, filter_items=unknown if len(unknown) else None)
    precision, ndcg = [], []
    for row, user in enumerate(users):
        truth = relevant[int(user)]
        top = [int(item) for item in ids[row] if item >= 0]
        precision.append(sum(item in truth for item in top[:10]) / 10)
        dcg = sum(1 / math.log2(rank + 2) for rank, item in enumerate(top[:20]) if item in truth)
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(truth), 20)))
        ndcg.append(dcg / ideal if ideal > 0 else 0)
    return float(np.mean(precision)), float(np.mean(ndcg))


def train(matrix, trial, threads, seed):
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    confidence = matrix.copy()
    confidence.data = 1 + trial["alpha"] * confidence.data
    model = AlternatingLeastSquares(
        factors=trial["factors"], regularization=trial["regularization"], alpha=1.0, iterations=trial["iterations"],
        num_threads=threads, random_state=seed, calculate_training_loss=False)
    with threadpool_limits(limits=1, user_api="blas"):
        model.fit(confidence, show_progress=False)
    return model


def log_uniform(generator, lower, upper):
    return float(f"{math.exp(generator.uniform(math.log(lower), math.log(upper))):.3g}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--trials-file", help="a JSON array of configurations to search instead of sampling")
    args = parser.parse_args()

    with open(os.path.join(args.directory, "meta.json")) as handle:
        meta = json.load(handle)
    shape = (meta["users"], meta["movies"])
    validation_train = weights(args.directory, "validation_train.tsv", shape)
    full_train = weights(args.directory, "train.tsv", shape)
    validation_test = pairs(args.directory, "validation_test.tsv")
    test = pairs(args.directory, "test.tsv")

    generator = np.random.default_rng(meta["seed"])
    trials = [{"factors": 64, "regularization": 0.01, "alpha": 40.0, "iterations": 15}]
    if args.trials_file:
        with open(args.trials_file) as handle:
            trials = [{"factors": int(trial["factors"]), "regularization": float(trial["regularization"]), "alpha": float(trial["alpha"]),
                       "iterations": int(trial["iterations"])} for trial in json.load(handle)]
    while len(trials) < meta["trials"]:
        trials.append({
            "factors": int(generator.choice([8, 16, 32, 64])), "regularization": log_uniform(generator, 0.01, 100),
            "alpha": log_uniform(generator, 0.5, 50), "iterations": int(generator.choice([10, 15])),
        })
    start = time.perf_counter()
    for trial in trials:
        trial_start = time.perf_counter()
        trial["validation_ndcg@20"] = score(train(validation_train, trial, args.threads, meta["seed"]), validation_train, validation_test)[1]
        trial["seconds"] = time.perf_counter() - trial_start
    search_seconds = time.perf_counter() - start
    best = max(range(len(trials)), key=lambda number: (trials[number]["validation_ndcg@20"], -number))
    chosen = {key: trials[best][key] for key in ("factors", "regularization", "alpha", "iterations")}
    precision, ndcg = score(train(full_train, chosen, args.threads, meta["seed"]), full_train, test)
    default_ndcg = score(train(full_train, trials[0], args.threads, meta["seed"]), full_train, test)[1]
    print(json.dumps({
        "library": "implicit", "version": __import__("implicit").__version__, "kind": "als", "trials": len(trials),
        "sampler": "marquee's trials" if args.trials_file else "numpy",
        "search_seconds": search_seconds, "chosen_trial": best, "chosen": chosen,
        "validation_ndcg@20": trials[best]["validation_ndcg@20"], "test_ndcg@20": ndcg, "test_precision@10": precision,
        "default_test_ndcg@20": default_ndcg, "trial_scores": [round(trial["validation_ndcg@20"], 4) for trial in trials],
    }, sort_keys=True))


if __name__ == "__main__":
    main()
