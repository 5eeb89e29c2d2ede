"""align from Python against the CLI on the ×10 input (README, "Python").

The input is benches/align.rs's: the defr-dev pair of ../shared/bench
repeated 10 times, one sentence per line (4680 + 5540 segments). Each
round runs, in turn: the CLI (`transalign align --segmented ... -o FILE`,
a whole process), `transalign.align(...).write(FILE)` in this process, and
a fresh Python process that imports transalign and does the same. Prints
the median wall and CPU seconds of each and the overhead against the CLI;
the three outputs must be the same bytes.

    target/python-venv/bin/python benches/python.py [ROUNDS] [K]

(scripts/test-python makes the venv; $TRANSALIGN_CLI is the CLI, default
$CARGO_TARGET_DIR/release/transalign.)
"""

import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

import transalign

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    cli = os.environ.get("TRANSALIGN_CLI", str(target / "release" / "transalign"))
    bench = ROOT.parent / "shared" / "bench" / "defr-dev"
    out = ROOT / "target" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    src, tgt = out / f"dev-x{k}.de", out / f"dev-x{k}.fr"
    src.write_text((bench / "dev.de").read_text(encoding="utf-8") * k, encoding="utf-8")
    tgt.write_text((bench / "dev.fr").read_text(encoding="utf-8") * k, encoding="utf-8")
    nsrc = len(src.read_text(encoding="utf-8").splitlines())
    ntgt = len(tgt.read_text(encoding="utf-8").splitlines())
    files = {w: out / f"python-x{k}.{w}.beads" for w in ("cli", "call", "process")}
    py_code = (
        "import sys, transalign; "
        "transalign.align(sys.argv[1], sys.argv[2], src_lang='de', tgt_lang='fr', segmented=True)"
        ".write(sys.argv[3], 'beads')"
    )
    times = {w: [] for w in files}

    def child(cmd):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    for _ in range(rounds):
        times["cli"].append(
            child([cli, "align", "--segmented", "--src-lang", "de", "--tgt-lang", "fr", "--review-below", "0",
                   "-o", str(files["cli"]), str(src), str(tgt)])
        )
        c0, t0 = time.process_time(), time.perf_counter()
        transalign.align(src, tgt, src_lang="de", tgt_lang="fr", segmented=True).write(files["call"], "beads")
        times["call"].append((time.perf_counter() - t0, time.process_time() - c0))
        times["process"].append(child([sys.executable, "-c", py_code, str(src), str(tgt), str(files["process"])]))

    same = len({files[w].read_bytes() for w in files}) == 1
    cli_wall = statistics.median(w for w, _ in times["cli"])
    cli_cpu = statistics.median(c for _, c in times["cli"])
    print(f"align ×{k}: {nsrc} + {ntgt} segments, median of {rounds} rounds; outputs identical: {same}")
    print(f"{'':<36} {'wall s':>8} {'CPU s':>8} {'wall vs CLI':>12} {'CPU vs CLI':>11}")
    names = {
        "cli": "CLI (transalign align, a process)",
        "call": "Python: transalign.align() call",
        "process": "Python: a process (import + call)",
    }
    for w, name in names.items():
        wall = statistics.median(x for x, _ in times[w])
        cpu = statistics.median(c for _, c in times[w])
        print(f"{name:<36} {wall:>8.3f} {cpu:>8.3f} {100 * (wall / cli_wall - 1):>+11.1f}% {100 * (cpu / cli_cpu - 1):>+10.1f}%")
    if not same:
        sys.exit("the outputs differ")


if __name__ == "__main__":
    main()
