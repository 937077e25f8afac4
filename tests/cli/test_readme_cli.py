#!/usr/bin/python3
"""The `cog` examples of the README and docs/, run as written, give
meaningful results.

    /usr/bin/python3 tests/cli/test_readme_cli.py path/to/cog

Runs every ```sh and ```python block of the README section "The `cog` tool
in a few commands" and of docs/cli.md, docs/seeds.md and
docs/non-gaussian.md, in order, one scratch directory per document, with
`cog` on PATH. Skipped: blocks that build with cmake (the README's own two
commands, left to CI) and blocks marked <!-- readme-test:skip --> on the
line before the fence. Each block must exit 0. Then the files they wrote are
checked for what the text says they show: the LERP path is atypical inside,
the COG path typical; the subspace grid has 25 distinct typical cells; a
latent in the span projects and comes back as itself; an unrelated one
projects to almost nothing; walks, variation strips, blends, arithmetic and
the ComfyUI walk are typical; a plain average of uniform latents is not
uniform, the COG centroid is. A document in docs/ with shell or Python
blocks that this test does not run is a failure.

Needs NumPy and PyTorch (the Python blocks use them): prints
"SKIPPED: ..." and exits 77 without them.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch  # noqa: F401  (the doc blocks import it)
except ImportError as e:
    print("SKIPPED: %s not installed" % e.name)
    sys.exit(77)

COG = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "cog"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
BLOCK = re.compile(r"^([^\n]*)\n```(sh|python)\n(.*?)```", re.S | re.M)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def section(text, title):
    start = text.index("\n## " + title)
    end = text.find("\n## ", start + 4)
    return text[start:end if end >= 0 else len(text)]


def blocks(text):
    """(lang, code) of the blocks to run, in order."""
    out = []
    for prev, lang, code in BLOCK.findall("\n" + text):
        if "readme-test:skip" in prev or "cmake " in code:
            continue
        out.append((lang, code))
    return out


def run_doc(name, text, min_blocks, checker):
    found = blocks(text)
    check(len(found) >= min_blocks, "%s: found its blocks (%d)" % (name, len(found)))
    # `cog` and `python3` in the blocks: the tool under test, this interpreter
    path = os.pathsep.join([os.path.dirname(COG), os.path.dirname(sys.executable), os.environ["PATH"]])
    env = dict(os.environ, PATH=path)
    with tempfile.TemporaryDirectory(prefix="cog_docs_") as d:
        for i, (lang, code) in enumerate(found):
            cmd = ["bash", "-e", "-c", code] if lang == "sh" else [sys.executable, "-c", code]
            p = subprocess.run(cmd, cwd=d, env=env, capture_output=True, text=True)
            check(p.returncode == 0, "%s %s block %d exits 0: %s" % (name, lang, i, p.stderr.strip()[-300:]))

        def stats(fname, *extra):
            p = subprocess.run([COG, "stats", fname, "--json"] + list(extra), cwd=d,
                               capture_output=True, text=True)
            return json.loads(p.stdout) if p.returncode == 0 else None

        def load(fname):
            return np.load(os.path.join(d, fname)).astype(np.float64)

        try:
            checker(stats, load)
        except (OSError, ValueError, KeyError) as e:  # a file the text promised is missing
            check(False, "%s outputs: %s" % (name, e))


def typical(stats, fname, n, what, *extra):
    st = stats(fname, *extra)
    check(st is not None and st["typical"] == n and st["latents"] == n,
          "%s: %s typical of %s" % (what, n, st and st["latents"]))


def check_tour(stats, load):
    """README: the tour."""
    st = stats("lerp.npy")
    check(st is not None and st["typical"] == 2 and st["latents"] == 9,
          "tour: LERP path, only the 2 endpoints typical")
    typical(stats, "path.npy", 9, "tour: COG path")
    typical(stats, "centre.npy", 1, "tour: centroid")
    typical(stats, "arith.npy", 1, "tour: a - b + c")
    typical(stats, "grid.npy", 25, "tour: subspace grid")
    typical(stats, "loop.npy", 24, "tour: walk, 3 keyframes x 8 frames")


def check_cli(stats, load):
    """docs/cli.md: the walkthrough."""
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


def check_seeds(stats, load):
    """docs/seeds.md: walks, variations, blends, arithmetic."""
    typical(stats, "loop.npy", 48, "seeds: Catmull-Rom loop")
    st = stats("walk.npy")
    check(st is not None and st["typical"] == st["latents"] > 0, "seeds: eased walk typical")
    typical(stats, "strip.npy", 5, "seeds: variation strip")
    typical(stats, "blended.npy", 1, "seeds: mask blend")
    typical(stats, "arith.npy", 1, "seeds: a - b + c with COG")
    st = stats("plain.npy")
    check(st is not None and st["typical"] == 0, "seeds: plain a - b + c atypical")


def check_iid(stats, load):
    """docs/non-gaussian.md: uniform latents from the shell."""
    st = stats("mean.npy", "--dist", "uniform:0,1")
    check(st is not None and st["typical"] == 0, "non-Gaussian: plain average not uniform")
    typical(stats, "cog.npy", 1, "non-Gaussian: COG centroid uniform", "--dist", "uniform:0,1")
    typical(stats, "path.npy", 5, "non-Gaussian: COG path uniform", "--dist", "uniform:0,1")


def main():
    def read(rel):
        return open(os.path.join(ROOT, rel)).read()

    docs = {"docs/cli.md": (6, check_cli), "docs/seeds.md": (5, check_seeds),
            "docs/non-gaussian.md": (1, check_iid)}
    run_doc("README.md", section(read("README.md"), "The `cog` tool in a few commands"), 2, check_tour)
    for rel, (n, checker) in docs.items():
        run_doc(rel, read(rel), n, checker)
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        rel = "docs/" + os.path.basename(path)
        check(rel in docs or not blocks(open(path).read()),
              "%s has shell/Python blocks that no test runs (add it here or mark them readme-test:skip)" % rel)
    print("test_readme_cli: %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
