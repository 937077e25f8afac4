#!/usr/bin/python3
"""Write tests/data/torch_randn.txt: reference float32 bits of PyTorch's CPU
torch.randn, checked bit for bit by tests/test_randn.c (cog_randn_torch).

How it was run (from the repository root):
    /usr/bin/python3 tests/tools/gen_torch_randn.py [tests/data/torch_randn.txt]
with Debian 12's python3-torch 1.13.1 (torch.__version__ "1.13.0a0") on an
x86-64 AMD EPYC whose "CPU capability usage" is AVX2. The values for n >= 16
come from torch's AVX2 kernel (normal_fill_AVX2); a torch without AVX2 (or on
another architecture) uses libm there and gives slightly different values,
so the script refuses to run unless torch reports AVX2 (--force overrides).

File format (whitespace separated tokens, '#' starts a comment line):
    full SEED N                      then N hex uint32 words: the float bits
    sparse SEED N WSUM K             then K pairs "INDEX BITS" (hex bits)
SEED is the uint64 given to torch.manual_seed. WSUM is a 16-digit hex
checksum over all N values: sum of bits[i] * (2*i + 1) mod 2^64 (position
sensitive; any single wrong value changes it).
"""
import sys

import numpy as np
import torch

# 2**32 + 5 shows that torch keeps only the low 32 bits of the seed (same
# values as seed 5); 2**64 - 1 is what torch.manual_seed(-1) stores.
SEEDS = [0, 1, 42, 2**31 - 1, 2**32 + 5, 123456789, 2**64 - 1]
FULL_SIZES = [1, 2, 3, 7, 15, 16, 17, 31, 33, 100, 1000]
FULL_BIG = (0, 4096 + 7)          # one (seed, n) stored in full
SPARSE_SIZES = [4096 + 7, 262144]  # 262144 = 16 x 128 x 128 (SD3 latent)
# around cog's batches of 128 values and the generator's 624-word blocks
# (n + 16 words are drawn when n % 16 != 0); checked via sparse records
EDGE_SEEDS = [0, 123456789]
EDGE_SIZES = [112, 113, 127, 128, 129, 143, 144, 145, 255, 256, 257, 383,
              384, 385, 607, 608, 609, 623, 624, 625, 1247, 1248, 1249, 1263,
              1264, 1265]
N_SPREAD = 48


def randn_bits(seed, n):
    torch.manual_seed(seed)
    return torch.randn(n, dtype=torch.float32).numpy().view(np.uint32).copy()


def wsum(bits):
    w = np.arange(len(bits), dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    with np.errstate(over='ignore'):
        return int(np.sum(bits.astype(np.uint64) * w, dtype=np.uint64))


def sparse_indices(n, spread=N_SPREAD):
    # head, tail (the recomputed last block) and evenly spread ones
    idx = set(range(8)) | set(range(n - 16, n))
    idx |= set(int(i) for i in np.linspace(0, n - 1, spread))
    return sorted(idx)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != '--force' else 'tests/data/torch_randn.txt'
    cfg = torch.__config__.show()
    cap = 'AVX2' if 'CPU capability usage: AVX2' in cfg else 'other'
    if cap != 'AVX2' and '--force' not in sys.argv:
        sys.exit('torch does not report AVX2 CPU capability; values would differ (use --force)')
    lines = [
        '# torch.randn reference values, written by tests/tools/gen_torch_randn.py',
        '# torch %s, CPU capability %s; float32, CPU default generator' % (torch.__version__, cap),
        '# full SEED N <N hex bits> | sparse SEED N WSUM K <K pairs: INDEX BITS>',
    ]
    for seed in SEEDS:
        for n in FULL_SIZES + ([FULL_BIG[1]] if seed == FULL_BIG[0] else []):
            b = randn_bits(seed, n)
            lines.append('full %d %d' % (seed, n))
            for i in range(0, n, 8):
                lines.append(' '.join('%08x' % v for v in b[i:i + 8]))
        for n in SPARSE_SIZES:
            if seed == FULL_BIG[0] and n == FULL_BIG[1]:
                continue
            b = randn_bits(seed, n)
            idx = sparse_indices(n)
            lines.append('sparse %d %d %016x %d' % (seed, n, wsum(b), len(idx)))
            for i in range(0, len(idx), 6):
                lines.append(' '.join('%d %08x' % (j, b[j]) for j in idx[i:i + 6]))
    for seed in EDGE_SEEDS:
        for n in EDGE_SIZES:
            b = randn_bits(seed, n)
            idx = sparse_indices(n, 4)
            lines.append('sparse %d %d %016x %d' % (seed, n, wsum(b), len(idx)))
            for i in range(0, len(idx), 6):
                lines.append(' '.join('%d %08x' % (j, b[j]) for j in idx[i:i + 6]))
    with open(out, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('wrote', out)


if __name__ == '__main__':
    main()
