"""The serving peer of issue 4: Flask + `implicit` ALS answering SPEC.md §3 from Marquee's own trained factors.

Loads the directory written by `marquee-bench export-factors ARTIFACT DIR` (path in the environment variable
MARQUEE_FACTORS), puts the factors into an `implicit.cpu.als.AlternatingLeastSquares` and serves

    GET /recommend/<userid>  ->  200 text/plain, up to 20 comma-separated movie slugs, best first

with `model.recommend(row, user_items[row], N=20, filter_already_liked_items=True)`, so each user's trained movies
are skipped as Marquee skips them. A user without a row gets the 20 movies with the most trained users; an id that
is not a non-negative integer of at most 12 digits gets 400.

    MARQUEE_FACTORS=DIR gunicorn -w 2 -b 127.0.0.1:8083 --chdir bench/peers/flask_als app:app

BLAS and OpenMP are held to one thread per process (set below, before numpy loads), so that two workers use two
cores, like Marquee's server on the same machine.
"""
import json
import logging
import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402
import scipy.sparse as sparse  # noqa: E402
from flask import Flask, Response  # noqa: E402
from implicit.cpu.als import AlternatingLeastSquares  # noqa: E402

COUNT = 20
MAXIMUM_ID_DIGITS = 12


def load(directory):
    """The exported model: sorted user ids, slugs, an ALS with the factors set, and the trained-movies CSR."""
    with open(os.path.join(directory, "shape.json")) as handle:
        shape = json.load(handle)
    users_count, movies_count, factors = shape["users"], shape["movies"], shape["factors"]
    users = np.fromfile(os.path.join(directory, "users.i64"), dtype="<i8")
    with open(os.path.join(directory, "movies.txt"), encoding="utf-8") as handle:
        movies = handle.read().split("\n")[:movies_count]
    user_factors = np.fromfile(os.path.join(directory, "user_factors.f32"), dtype="<f4").reshape(users_count, factors)
    item_factors = np.fromfile(os.path.join(directory, "item_factors.f32"), dtype="<f4").reshape(movies_count, factors)
    indptr = np.fromfile(os.path.join(directory, "indptr.i64"), dtype="<i8")
    indices = np.fromfile(os.path.join(directory, "indices.i32"), dtype="<i4")
    if len(users) != users_count or len(movies) != movies_count or len(indptr) != users_count + 1:
        raise ValueError(f"{directory}: files do not match shape.json {shape}")
    if len(users) > 1 and not np.all(users[1:] > users[:-1]):
        raise ValueError(f"{directory}: users.i64 must be strictly ascending")

    model = AlternatingLeastSquares(factors=factors, num_threads=1)
    model.user_factors = user_factors
    model.item_factors = item_factors
    user_items = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(users_count, movies_count))
    counts = np.bincount(indices, minlength=movies_count)
    popular = ",".join(movies[index] for index in np.argsort(-counts, kind="stable")[:COUNT])
    return users, movies, model, user_items, popular


USERS, MOVIES, MODEL, USER_ITEMS, POPULAR = load(os.environ["MARQUEE_FACTORS"])
# bench/serving.sh waits for one such line per worker (gunicorn's error log) before it sends load.
logging.getLogger("gunicorn.error").info(
    "flask_als loaded %d users x %d movies in process %d", len(USERS), len(MOVIES), os.getpid())
app = Flask(__name__)


def plain(text, status=200):
    return Response(text, status=status, mimetype="text/plain")


@app.get("/recommend/<userid>")
def recommend(userid):
    if not (userid.isascii() and userid.isdigit() and len(userid) <= MAXIMUM_ID_DIGITS):
        return plain(f"invalid user id '{userid[:40]}': expected a non-negative integer of at most 12 digits", 400)
    user = int(userid)
    row = int(np.searchsorted(USERS, user))
    if row >= len(USERS) or USERS[row] != user:
        return plain(POPULAR)
    ids, _ = MODEL.recommend(row, USER_ITEMS[row], N=COUNT, filter_already_liked_items=True)
    return plain(",".join(MOVIES[index] for index in ids))
