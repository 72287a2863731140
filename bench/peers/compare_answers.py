"""Do two recommendation servers give the same answers? Mean Jaccard overlap of their lists for random users.

    python3 bench/peers/compare_answers.py URL_A URL_B [--users 100] [--seed 7] [--max-user 999999]

Each URL is a server root (e.g. http://127.0.0.1:8082); both are asked GET /recommend/<user> (SPEC.md §3).
Prints one line: users compared, mean Jaccard of the two sets, share of identical lists (same order), share of equal
first movies, and answers that were not 200.
"""
import argparse
import random
import urllib.error
import urllib.request


def answer(root, user):
    try:
        with urllib.request.urlopen(f"{root}/recommend/{user}", timeout=10) as response:
            return response.status, response.read().decode("utf-8").strip().split(",")
    except urllib.error.HTTPError as error:
        return error.code, []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-user", type=int, default=999_999)
    args = parser.parse_args()
    generator = random.Random(args.seed)
    jaccards, identical, same_first, failures = [], 0, 0, 0
    for user in (generator.randint(0, args.max_user) for _ in range(args.users)):
        (status_a, a), (status_b, b) = answer(args.first, user), answer(args.second, user)
        if status_a != 200 or status_b != 200:
            failures += 1
            continue
        union = set(a) | set(b)
        jaccards.append(len(set(a) & set(b)) / len(union) if union else 1.0)
        identical += a == b
        same_first += bool(a) and bool(b) and a[0] == b[0]
    compared = len(jaccards)
    mean = sum(jaccards) / compared if compared else float("nan")
    print(
        f"RESULT users={compared} mean_jaccard={mean:.3f} min_jaccard={min(jaccards, default=float('nan')):.3f} "
        f"identical_lists={identical}/{compared} same_first={same_first}/{compared} failures={failures}")


if __name__ == "__main__":
    main()
