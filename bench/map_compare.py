"""CPython's side of bench/map_compare.ts: ProcessPoolExecutor(2).map over range(N), chunked."""
import sys
from concurrent.futures import ProcessPoolExecutor


def identity(n):
    return n


if __name__ == "__main__":
    n, chunksize = int(sys.argv[1]), int(sys.argv[2])
    with ProcessPoolExecutor(2) as ex:
        total = sum(ex.map(identity, range(n), chunksize=chunksize))
    assert total == n * (n - 1) // 2
