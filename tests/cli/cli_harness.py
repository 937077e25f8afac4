"""What the Python tests of the `cog` tool share (test_cli.py, test_dist.py,
test_seeds.py): the binary to run, run() with its exit-status check,
check() and the closing report line, a scratch directory.

    from cli_harness import check, run, report, scratch_dir

The binary is argv[1] (default: `cog` on PATH), run through the emulator in
$COG_TEST_EMULATOR on cross builds (tests/tools/cross.sh). Importing this
module skips the test when NumPy is missing: it prints "SKIPPED: numpy not
installed" and exits 77, which CTest reports as skipped.
"""
import os
import subprocess
import sys
import tempfile

try:
    import numpy  # noqa: F401  (every test of the tool needs it)
except ImportError:
    print("SKIPPED: numpy not installed")
    sys.exit(77)

COG = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "cog"
EMU = os.environ.get("COG_TEST_EMULATOR", "").split()
_checks = 0
_failures = []


def check(cond, what):
    """Count a check; a failed one is printed and remembered."""
    global _checks
    _checks += 1
    if not cond:
        _failures.append(what)
        print("FAIL:", what)


def run(*args, rc=0):
    """Run `cog ARGS...`; an exit status other than rc (None: any) is a
    failed check. Returns the CompletedProcess (text stdout, stderr)."""
    p = subprocess.run(EMU + [COG] + [str(a) for a in args], capture_output=True,
                       text=True)
    if rc is not None and p.returncode != rc:
        check(False, "cog %s: exit %d (want %d): %s" % (
            " ".join(map(str, args)), p.returncode, rc, p.stderr.strip()))
    return p


def scratch_dir(prefix):
    """A temporary directory for a test's files, removed afterwards (use
    with `with`)."""
    return tempfile.TemporaryDirectory(prefix=prefix)


def report(name):
    """Print "NAME: N checks, P passed, F failed"; the exit status."""
    print("%s: %d checks, %d passed, %d failed" % (
        name, _checks, _checks - len(_failures), len(_failures)))
    return 1 if _failures else 0
