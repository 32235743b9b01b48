"""`digest serve`: a local preview that rebuilds when the content changes and reloads the page.

The site is built into a temporary folder for http://HOST:PORT with the configured base path.
Twice a second the preview asks the build whether anything changed (the build's own
up-to-date check: settings, theme, content), so no change is missed however early it comes.
HTML is served with a small script that asks the server every second whether a rebuild
happened and reloads the page when one did; the built files themselves are never changed.
"""

from __future__ import annotations

import http.server
import tempfile
import threading
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .build import build
from .config import SiteConfig, load_config
from .errors import DigestError

RELOAD = ("<script>(function(){{var v='{version}';setInterval(function(){{fetch('/__digest/version').then("
          "function(r){{return r.text()}}).then(function(t){{if(t!==v){{location.reload()}}}})"
          ".catch(function(){{}})}},1000)}})();</script>")


def with_reload(html: bytes, version: int) -> bytes:
    """The page, knowing which build it came from, reloads as soon as the server has a newer one."""
    return html.replace(b"</body>", RELOAD.format(version=version).encode() + b"</body>")


class Preview:
    """The preview's state: where the site is and how many times it was built."""

    def __init__(self, project: Path, config_path: Path, host: str, port: int) -> None:
        self.project = project
        self.config_path = config_path
        self.base = f"http://{host}:{port}/"
        self.folder = Path(tempfile.mkdtemp(prefix="digest-serve-"))
        self.output = self.folder / "site"
        self.version = 0
        self.base_path = "/"
        self.last_error = ""

    def rebuild(self) -> None:
        try:
            config: SiteConfig = load_config(self.config_path)
            config = config.with_base_url(self.base.rstrip("/") + config.base_path)
            result = build(self.project, config, self.output)
        except DigestError as error:
            message = str(error)
            if message != self.last_error:
                print(f"digest: error: {message} (still showing the last good build)", flush=True)
            self.last_error = message
            return
        self.last_error = ""
        if result.up_to_date:
            return
        self.base_path = config.base_path
        self.version += 1
        print(f"rebuilt: {result.articles} articles, {result.pages} pages in {result.seconds:.2f} s", flush=True)


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, preview: Preview, **kwargs) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.output), **kwargs)

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet preview
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = unquote(urlsplit(self.path).path)
        if path == "/__digest/version":
            return self._send(200, str(self.preview.version).encode(), "text/plain")
        version = self.preview.version  # before reading: a page may be newer than its label, never older
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
            return self._not_found()
        data = target.read_bytes()
        kind = self.guess_type(str(target))
        if target.suffix == ".html":
            data = with_reload(data, version)
        return self._send(200, data, kind)

    def _not_found(self) -> None:
        page = self.preview.output / "404.html"
        data = with_reload(page.read_bytes(), self.preview.version) if page.is_file() else b"not found"
        self._send(404, data, "text/html; charset=utf-8")

    def _send(self, status: int, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def watch_and_rebuild(preview: Preview, stop: threading.Event, every: float = 0.5) -> None:
    while not stop.wait(every):
        preview.rebuild()


def serve(project: Path, config_path: Path, host: str, port: int) -> None:
    preview = Preview(project, config_path, host, port)
    preview.rebuild()
    if preview.version == 0:
        raise DigestError("the first build failed; fix the error above and run digest serve again")
    server = http.server.ThreadingHTTPServer((host, port), partial(Handler, preview=preview))
    stop = threading.Event()
    watcher = threading.Thread(target=watch_and_rebuild, args=(preview, stop), daemon=True)
    watcher.start()
    first = load_config(config_path).variants[0].prefix
    print(f"Serving the preview at {preview.base.rstrip('/')}{preview.base_path}{first}/ "
          f"(open it in a browser; it reloads when content/ or themes/ change; Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
