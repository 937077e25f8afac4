#!/usr/bin/python3
"""randn_torch.py - torch.randn timing for bench/randn.c: one thread, best of
15 calls after torch.manual_seed, ns per value.

    /usr/bin/python3 bench/randn_torch.py [n ...]   (default 262144 4194304)
"""
import sys
import time

import torch


def main():
    torch.set_num_threads(1)
    sizes = [int(v) for v in sys.argv[1:]] or [262144, 4194304]
    for n in sizes:
        best = float('inf')
        for r in range(15):
            torch.manual_seed(r)
            t = time.perf_counter()
            torch.randn(n)
            best = min(best, time.perf_counter() - t)
        print('torch.randn n=%d %.3f ns/value' % (n, best * 1e9 / n))


if __name__ == '__main__':
    main()
