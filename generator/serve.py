"""`digest serve`: a local preview that rebuilds when the content changes and reloads the page.

The site is built into a temporary folder for http://HOST:PORT with the configured base path.
The project's content, themes, static files and settings are watched (watchfiles: the system's
file events, no polling); on a change the pages are built first (search_later: the search
indexes stay as they were) and the open page reloads, then the search indexes are brought up to
date in the background and an open search page reloads again (no other page changed). HTML is
served with a small script that asks the server every second which builds it has and reloads the
page when one it shows is newer (RELOAD); the built files themselves are never changed.

What the preview guards against, since a browser on the same machine runs other sites' scripts:
  - a failed rebuild, whatever the error, is printed and shown over the page; the last good
    build stays served and the watcher goes on;
  - a search page opened before the search indexes were brought up to date gets the files of
    the indexes it loaded until it reloads (Preview.keep_earlier_indexes), not 404s that
    Pagefind would fail on;
  - a request whose Host is not the preview's own address is refused (DNS rebinding would let
    another site read the preview); a malformed path gets 400;
  - at most MAX_CONNECTIONS connections are served at once, each idle at most TIMEOUT seconds;
  - the port is taken before the first build (a busy port is said at once).

The preview builds into a folder of the user's cache (preview_folder: one per project), with its
own build state, and leaves it there: the next preview of the project starts from it and
rebuilds only what changed since, instead of building the whole archive again, as Hugo keeps
its cache between runs. There the pages are served as soon as they are built, and the search
indexes follow in the background, on the first build as after every change. A second preview
of the same project while the first runs builds into a temporary folder, search included
before it serves, and removes it however it ends (Ctrl+C, SIGTERM, a failed first build).
"""

from __future__ import annotations

import hashlib
import html
import http.server
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import urls
from .build import DAMAGED_STATE, build
from .config import SiteConfig, load_config
from .errors import DigestError
from .files import locked_if_free

RELOAD = ("<script>(function(){{var v='{label}'.split('.'),s=!!document.getElementById('search');"
          "setInterval(function(){{fetch('/__digest/version').then(function(r){{return r.text()}}).then("
          "function(t){{var n=t.split('.');if(n[0]!==v[0]||(s&&n[1]!==v[1])){{location.reload()}}}})"
          ".catch(function(){{}})}},1000)}})();</script>")
"""A page asks every second which builds the server has (Preview.label: the pages' and the
search indexes'), and reloads when the pages were built again, or, on the search page (the one
with #search), the search indexes."""


OVERLAY = ('<div role="alert" style="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:9999;'
           'margin:0;padding:1em;background:#fff0f0;color:#600;border-top:3px solid #c00;font:14px/1.5 monospace;'
           'white-space:pre-wrap">digest: 重新生成失败，显示的是上一次成功生成的页面。\n{message}</div>')
MAX_CONNECTIONS = 32
TIMEOUT = 10
"""Seconds a connection may wait for a request before it is closed."""
MAX_PATH = 4096


def with_reload(page: bytes, label: str, error: str = "") -> bytes:
    """The page, knowing which builds it came from (Preview.label), reloads as soon as the server
    has a newer one it shows; with the last rebuild's error over it, when that failed."""
    extra = RELOAD.format(label=label) + (OVERLAY.format(message=html.escape(error)) if error else "")
    return page.replace(b"</body>", extra.encode("utf-8") + b"</body>")


class Preview:
    """The preview's state: where the site is and how many times it was built."""

    def __init__(self, project: Path, config_path: Path, host: str, port: int, folder: Path) -> None:
        self.project = project
        self.config_path = config_path
        self.base = f"http://{host}:{port}/"
        self.hosts = {f"{name}:{port}" for name in (host, "localhost", "127.0.0.1", "[::1]")}
        """The Host headers of requests to this preview; any other is refused."""
        self.folder = folder
        self.output = self.folder / "site"
        self.version = 0
        """Builds of the pages (and errors shown or cleared): every open page reloads."""
        self.search_version = 0
        """Builds of the search indexes alone (no page changes): an open search page reloads."""
        self.base_path = "/"
        self.last_error = ""
        self.building = False
        """Whether a rebuild is under way."""
        self.earlier_indexes = self.folder / "earlier-indexes"
        """The search indexes as they were before the last search rebuild (keep_earlier_indexes)."""
        shutil.rmtree(self.earlier_indexes, ignore_errors=True)  # an earlier preview's

    def rebuild(self, search: bool = False) -> bool:
        """Build if anything changed: the pages only, or (search) with the search indexes brought
        up to date. Any error is reported, never raised: the watcher goes on. Whether the site
        changed."""
        self.building = True
        try:
            return self._rebuild(search)
        finally:
            self.building = False

    def _rebuild(self, search: bool) -> bool:
        try:
            if search:
                self.keep_earlier_indexes()
            config: SiteConfig = load_config(self.config_path)
            config = config.with_base_url(self.base.rstrip("/") + config.base_path)
            # A search build is forced: a build of the pages alone counts as one with search (it
            # leaves the indexes as they are), and it may have been the last (a stopped preview's).
            result = build(self.project, config, self.output, state=self.folder / "state",
                           search=search, search_later=not search, force=search)
        except Exception as error:  # noqa: BLE001 - a preview must outlive any error in a rebuild
            if isinstance(error, DigestError):
                message = str(error)
            else:
                message = "".join(traceback.format_exception_only(error)).strip()
                message = f"unexpected error (a bug in digest, or an input it does not check): {message}"
            if message != self.last_error:
                after = " (still showing the last good build)" if self.version else ""
                print(f"digest: error: {message}{after}", flush=True)
                self.last_error = message
                self.version += 1  # open pages reload and show the error
            return False
        self.base_path = config.base_path  # also when up to date: a first build may find the kept site so
        if self.last_error:
            self.last_error = ""
            self.version += 1
        if result.up_to_date:
            return False
        if search:  # the indexes alone: the pages are as the build before left them
            self.search_version += 1
        else:
            self.version += 1
        what = "search indexes" if search else f"{result.articles} articles, {result.pages} pages"
        print(f"rebuilt: {what} in {result.seconds:.2f} s", flush=True)
        if result.damaged_state:
            print(f"warning: {result.damaged_state}: {DAMAGED_STATE}", flush=True)
        return True

    @property
    def label(self) -> str:
        """Which builds the server has: the pages' and the search indexes' (RELOAD)."""
        return f"{self.version}.{self.search_version}"

    def keep_earlier_indexes(self) -> None:
        """Hard links to the search indexes as they are, before a search rebuild replaces them.
        A search page opened before has read an index's entry file and goes on asking for the
        files it names (their names are their contents' digests: the new index has others)
        until it reloads; those are served from here (Handler), not answered 404."""
        shutil.rmtree(self.earlier_indexes, ignore_errors=True)
        try:
            indexes = self.output / urls.SEARCH_INDEXES
            if indexes.is_dir():
                shutil.copytree(indexes, self.earlier_indexes / urls.SEARCH_INDEXES, copy_function=os.link)
        except OSError:  # a file system without hard links: such a page then gets 404 until it reloads
            shutil.rmtree(self.earlier_indexes, ignore_errors=True)

    def earlier_index_file(self, relative: str) -> Path | None:
        """The file at relative (to the site) in the search indexes as they were before the last
        search rebuild, if it is one."""
        target = (self.earlier_indexes / relative).resolve()
        inside = target.is_relative_to(self.earlier_indexes.resolve())
        return target if inside and target.is_file() else None


class Handler(http.server.SimpleHTTPRequestHandler):
    timeout = TIMEOUT

    def __init__(self, *args, preview: Preview, **kwargs) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.output), **kwargs)

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet preview
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(405, b"", "text/plain")

    def do_GET(self) -> None:  # noqa: N802
        if self.headers.get("Host", "") not in self.preview.hosts:
            return self._send(403, b"this preview answers only requests to its own address", "text/plain")
        try:
            path = unquote(urlsplit(self.path).path, errors="strict")
        except (ValueError, UnicodeDecodeError):
            path = "\x00"
        if len(self.path) > MAX_PATH or "\x00" in path or not path.startswith("/"):
            return self._send(400, b"malformed request path", "text/plain")
        if path == "/__digest/version":
            return self._send(200, self.preview.label.encode(), "text/plain")
        label = self.preview.label  # before reading: a page may be newer than its label, never older
        base = self.preview.base_path
        if not path.startswith(base):
            return self._not_found()
        relative = path[len(base):]
        target = (self.preview.output / relative).resolve()
        if not target.is_relative_to(self.preview.output.resolve()):
            return self._not_found()
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return None
            target = target / "index.html"
        if not target.is_file():
            target = self.preview.earlier_index_file(relative)
        if target is None:
            return self._not_found()
        data = target.read_bytes()
        kind = self.guess_type(str(target))
        if target.suffix == ".html":
            data = with_reload(data, label, self.preview.last_error)
        return self._send(200, data, kind)

    def _not_found(self) -> None:
        page = self.preview.output / "404.html"
        data = with_reload(page.read_bytes(), self.preview.label, self.preview.last_error) \
            if page.is_file() else b"not found"
        self._send(404, data, "text/html; charset=utf-8")

    def _send(self, status: int, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


class BoundedServer(http.server.ThreadingHTTPServer):
    """A thread per connection, at most MAX_CONNECTIONS at once: the next waits to be accepted."""

    daemon_threads = True

    def __init__(self, *args, **kwargs) -> None:
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        self.slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        pass  # a client that went away or sent garbage: nothing for the editor to read


def watched(project: Path, config_path: Path) -> list[Path]:
    """What the site is made from: settings, content, themes, static files (those there)."""
    return [path for path in (config_path, project / "content", project / "themes", project / "static")
            if path.exists()]


def watch_and_rebuild(preview: Preview, stop: threading.Event, search_first: bool = False) -> None:
    """On every batch of changes: the pages at once, then the search indexes (also after a
    change that came while they were made: the next batch finds it). search_first: the search
    indexes are brought up to date before the watching starts (the first build made the pages
    only)."""
    from watchfiles import watch

    if search_first:
        preview.rebuild(search=True)

    settled = False
    for changes in watch(*watched(preview.project, preview.config_path), stop_event=stop, debounce=200,
                         raise_interrupt=False, yield_on_timeout=True, rust_timeout=1000):
        if not changes and settled:
            continue
        settled = True  # the first quiet second: a change made while the watch was being set up is caught here
        if changes:
            print(f"changed: {len(changes)} file(s); rebuilding", flush=True)
        if preview.rebuild() and not stop.is_set():
            preview.rebuild(search=True)


def _stop_on_sigterm(_signal, _frame) -> None:
    raise KeyboardInterrupt


def wait_for_stop_signal() -> None:
    """Returns when SIGINT or SIGTERM arrives, whichever thread the system hands it to. A Python
    signal handler runs only in the main thread, when that thread's interpreter notices the
    signal, and CPython 3.11 can lose the notice of a signal that another thread received (seen:
    a SIGTERM ignored while the main thread served requests). The handler's C part writes the
    signal's number to the wakeup socket from any thread, and this thread waits for that byte."""
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    previous = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    try:
        reader.recv(1)
    except KeyboardInterrupt:  # SIGINT, seen by the main thread's handler first
        pass
    finally:
        signal.set_wakeup_fd(previous)
        reader.close()
        writer.close()


def preview_folder(project: Path) -> Path:
    """Where the previews of project build and keep their site and its build state between
    sessions: $XDG_CACHE_HOME/digest (~/.cache/digest by default), a folder per project (by its
    path). It is a cache: removing it costs the next preview a build from nothing (a preview
    removes those unused for long: remove_unused_previews)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    place = str(project.resolve())
    key = hashlib.blake2b(place.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return cache / "digest" / f"preview-{key}"


UNUSED_PREVIEW_DAYS = 30
"""A kept preview folder unused this long (another project's, or one moved or removed) is
removed when a preview starts: the cache does not grow with every project ever previewed."""

USED_MARK = "used"
"""A file in a kept preview folder whose time is when a preview last started there."""


def remove_unused_previews(cache: Path, now: float) -> list[Path]:
    """The preview folders of the cache (preview_folder's parent) unused for UNUSED_PREVIEW_DAYS
    and held by no preview, removed; which. A link or a file of that name is left alone."""
    removed = []
    for folder in sorted(cache.glob("preview-*")):
        if folder.is_symlink() or not folder.is_dir():
            continue
        mark = folder / USED_MARK
        try:
            used = (mark if mark.exists() else folder).stat().st_mtime
        except OSError:
            continue
        if now - used < UNUSED_PREVIEW_DAYS * 86400:
            continue
        try:
            with locked_if_free(folder / "lock") as free:
                if free:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
        except (OSError, DigestError):
            continue
    return removed


def _session_folder(project: Path, session: ExitStack) -> tuple[Path, bool]:
    """The folder this preview builds into, and whether it is kept: the project's
    preview_folder, held for the session; else (another preview holds it, or it cannot be made)
    a temporary folder, removed when the session ends."""
    kept = preview_folder(project)
    try:
        kept.mkdir(parents=True, exist_ok=True, mode=0o700)
        if session.enter_context(locked_if_free(kept / "lock")):
            print(f"the preview is built in {kept} and kept there for the next one", flush=True)
            (kept / USED_MARK).touch()
            for folder in remove_unused_previews(kept.parent, time.time()):
                print(f"removed {folder}: no preview used it for {UNUSED_PREVIEW_DAYS} days", flush=True)
            return kept, True
        print("another preview of this project is running: this one builds from nothing into a temporary folder",
              flush=True)
    except (OSError, DigestError) as error:
        print(f"digest: cannot use {kept} ({error}): building into a temporary folder", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="digest-serve-"))
    session.callback(shutil.rmtree, folder, ignore_errors=True)
    return folder, False


def serve(project: Path, config_path: Path, host: str, port: int) -> None:
    if not 0 <= port <= 65535:
        raise DigestError(f"--port {port} is not a port number", hint="give a number from 1024 to 65535")
    try:
        server = BoundedServer((host, port), partial(Handler, preview=None))
    except OSError as exc:
        raise DigestError(f"cannot listen on {host}:{port}: {exc.strerror}",
                          hint="another program uses that port: try --port 8001") from None
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    stop = threading.Event()
    serving = watching = None
    kept = True
    session = ExitStack()
    try:
        folder, kept = _session_folder(project, session)
        preview = Preview(project, config_path, host, server.server_address[1], folder)
        server.RequestHandlerClass = partial(Handler, preview=preview)
        # In the kept folder the pages come first, and the search indexes in the background (an
        # open search page reloads when they are there): a first preview of a large archive
        # shows its pages in the time of a build without search. A temporary folder is removed
        # when the preview stops, which must not happen while a build writes into it: there the
        # first build makes the search indexes too.
        preview.rebuild(search=not kept)
        if preview.last_error:
            raise DigestError("the first build failed; fix the error above and run digest serve again")
        watching = threading.Thread(target=watch_and_rebuild, args=(preview, stop, kept), daemon=True)
        watching.start()
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        first = load_config(config_path).variants[0].prefix
        print(f"Serving the preview at {preview.base.rstrip('/')}{preview.base_path}{first}/ "
              f"(open it in a browser; it reloads when content/ or themes/ change; Ctrl+C stops)", flush=True)
        wait_for_stop_signal()
        print("stopped", file=sys.stderr, flush=True)
    except KeyboardInterrupt:  # during the first build
        print("stopped", file=sys.stderr, flush=True)
    finally:
        stop.set()
        if serving is not None:
            server.shutdown()
        server.server_close()
        signal.signal(signal.SIGTERM, previous)
        # A temporary folder is removed: not while a rebuild writes into it (it would leave
        # what it writes after). The kept folder needs no wait: a build stopped halfway leaves
        # the site as it was, and the next build finishes or discards what it left.
        if watching is not None and not kept:
            if preview.building:
                print("waiting for the rebuild under way to finish", file=sys.stderr, flush=True)
            watching.join()  # at once, or within the watch's second
        session.close()
