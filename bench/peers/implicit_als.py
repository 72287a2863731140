"""Train `implicit`'s ALS on a matrix exported by `marquee-bench export-split` and report time and accuracy.

The export holds each pair's confidence as Marquee defines it (1 + alpha x weight). `implicit` multiplies its input
by its own alpha and uses that as the confidence, so it runs with alpha = 1 here: both libraries then solve the same
problem (same confidences, factors, regularization, iterations, threads) on the same train matrix and test pairs.

    python3 bench/peers/implicit_als.py DIR [--factors 64] [--iterations 15] [--threads 2] [--regularization 0.01]

Prints one JSON object: seconds per iteration, precision@10 and ndcg@20 on the test pairs.
"""
import argparse
import json
import math
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
import scipy.sparse as sparse


def load(directory):
    with open(os.path.join(directory, "meta.json")) as handle:
        meta = json.load(handle)
    train = np.loadtxt(os.path.join(directory, "train.tsv"), dtype=np.float64, ndmin=2)
    test = np.loadtxt(os.path.join(directory, "test.tsv"), dtype=np.int64, ndmin=2)
    users, items = meta["users"], meta["movies"]
    matrix = sparse.csr_matrix(
        (train[:, 2].astype(np.float32), (train[:, 0].astype(np.int64), train[:, 1].astype(np.int64))), shape=(users, items))
    relevant = {}
    for user, item in test:
        relevant.setdefault(int(user), set()).add(int(item))
    return matrix, relevant


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--factors", type=int, default=64)
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--alpha", type=float, default=1.0)
    parser.add_argument("--regularization", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    matrix, relevant = load(args.directory)
    model = AlternatingLeastSquares(
        factors=args.factors, regularization=args.regularization, alpha=args.alpha, iterations=args.iterations,
        num_threads=args.threads, random_state=args.seed, calculate_training_loss=False)
    with threadpool_limits(limits=1, user_api="blas"):
        start = time.perf_counter()
        model.fit(matrix, show_progress=False)
        seconds = time.perf_counter() - start

    users = np.array(sorted(relevant), dtype=np.int64)
    ids, _ = model.recommend(users, matrix[users], N=20, filter_already_liked_items=True)
    precision, ndcg = [], []
    for row, user in enumerate(users):
        truth = relevant[int(user)]
        top = [int(item) for item in ids[row]]
        precision.append(sum(item in truth for item in top[:10]) / 10)
        dcg = sum(1 / math.log2(rank + 2) for rank, item in enumerate(top[:20]) if item in truth)
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(truth), 20)))
        ndcg.append(dcg / ideal if ideal > 0 else 0)
    print(json.dumps({
        "library": "implicit", "version": __import__("implicit").__version__,
        "users": matrix.shape[0], "movies": matrix.shape[1], "interactions": int(matrix.nnz),
        "factors": args.factors, "iterations": args.iterations, "threads": args.threads,
        "train_seconds": seconds, "seconds_per_iteration": seconds / args.iterations,
        "test_users": len(users), "precision@10": float(np.mean(precision)), "ndcg@20": float(np.mean(ndcg)),
    }))


if __name__ == "__main__":
    main()
