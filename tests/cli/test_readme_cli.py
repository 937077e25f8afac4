#!/usr/bin/python3
"""The README's `cog` walkthrough, run as written, gives meaningful results.

    /usr/bin/python3 tests/cli/test_readme_cli.py path/to/cog

Runs every ```sh and ```python block of the README section "From Python /
ComfyUI to cog and back", in order, in one scratch directory, with `cog` on
PATH (blocks that build with cmake are the README's own two commands and are
left to CI). Each block must exit 0. Then the files they wrote are checked
for what the README says they show: the LERP path is atypical inside, the
COG path typical; the subspace grid has 25 distinct typical cells; a latent
in the span projects and comes back as itself; an unrelated one projects to
almost nothing; the ComfyUI walk is typical.

Needs NumPy and PyTorch (the README's Python blocks use them): prints
"SKIPPED: ..." and exits 77 without them.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch  # noqa: F401  (the README blocks import it)
except ImportError as e:
    print("SKIPPED: %s not installed" % e.name)
    sys.exit(77)

COG = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "cog"
README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def section(text, title):
    start = text.index("\n## " + title)
    end = text.find("\n## ", start + 4)
    return text[start:end if end >= 0 else len(text)]


def main():
    sec = section(open(README).read(), "From Python / ComfyUI to cog and back")
    blocks = re.findall(r"```(sh|python)\n(.*?)```", sec, re.S)
    check(len(blocks) >= 6, "found the README's walkthrough blocks (%d)" % len(blocks))
    env = dict(os.environ, PATH=os.path.dirname(COG) + os.pathsep + os.environ["PATH"])
    with tempfile.TemporaryDirectory(prefix="cog_readme_") as d:
        for i, (lang, code) in enumerate(blocks):
            if "cmake " in code:
                continue
            cmd = ["bash", "-e", "-c", code] if lang == "sh" else [sys.executable, "-c", code]
            p = subprocess.run(cmd, cwd=d, env=env, capture_output=True, text=True)
            check(p.returncode == 0, "README %s block %d exits 0: %s" % (lang, i, p.stderr.strip()[-300:]))

        def stats(name):
            p = subprocess.run([COG, "stats", name, "--json"], cwd=d, capture_output=True, text=True)
            return json.loads(p.stdout) if p.returncode == 0 else None

        def load(name):
            return np.load(os.path.join(d, name)).astype(np.float64)

        try:
            check_outputs(d, stats, load)
        except (OSError, ValueError) as e:  # a file the README promised is missing
            check(False, "README outputs: %s" % e)
    print("test_readme_cli: %d failed" % len(failures))
    return 1 if failures else 0


def check_outputs(d, stats, load):
    """What the README says the walkthrough's files show."""
    st = stats("lerp.npy")
    check(st is not None and st["typical"] == 2 and st["latents"] == 9,
          "LERP path: only the 2 endpoints typical")
    st = stats("path.npy")
    check(st is not None and st["typical"] == 9, "COG path: 9 of 9 typical")
    check(load("near_a.npy").shape == (4, 64, 64), "interp --t 0.3: one latent")
    st = stats("grid.npy")
    check(st is not None and st["typical"] == 25 and st["lead"] == [5, 5],
          "subspace grid: 25 of 25 typical")
    G = load("grid.npy").reshape(25, -1)
    G /= np.linalg.norm(G, axis=1)[:, None]
    cos = np.abs(G @ G.T)[np.triu_indices(25, 1)]
    check(cos.max() < 0.999, "subspace grid: cells pairwise distinct (max |cos| %.4f)" % cos.max())
    check(np.abs(load("back.npy") - load("mix.npy")).max() <= 1e-5,
          "project then subspace --coords gives the latent in the span back")
    c = load("coords.npy")
    check(c.shape == (3,) and abs(np.linalg.norm(c) - np.linalg.norm(load("mix.npy"))) <= 1e-3 * np.linalg.norm(c),
          "a latent in the span: coordinates carry its whole norm")
    far = np.linalg.norm(load("far.npy")) / np.linalg.norm(load("a.npy"))
    check(far < 0.05, "an unrelated latent projects to %.3f of its norm" % far)
    st = stats("walk.latent")
    check(st is not None and st["typical"] == 8, "ComfyUI walk: 8 of 8 typical")


if __name__ == "__main__":
    sys.exit(main())
