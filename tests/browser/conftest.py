"""The built site served by a real nginx under /digest/, and a real Chromium driven by Playwright.

In CI (CI=true) a missing tool fails the tests; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.config import load_config
from support import free_port, require

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
CHROMIUM = os.environ.get("DIGEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  gzip on;
  gzip_types text/css application/javascript application/json application/xml image/svg+xml;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {tmp}/www;
    error_page 404 /digest/404.html;
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
"""


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """(base URL, site folder): the bundled site built for and served at http://127.0.0.1:PORT/digest/."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    require(Path(nginx).exists(), "nginx (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    base = f"http://127.0.0.1:{port}/digest/"
    config = load_config(ROOT / "site.yaml").with_base_url(base)
    build(ROOT, config, tmp / "www" / "digest")
    (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, port=port, user="user root;" if os.geteuid() == 0 else ""), encoding="utf-8")
    process = subprocess.Popen([nginx, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
    yield base, tmp / "www" / "digest"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def paged_site(server, tmp_path_factory):
    """(base URL, site folder) of a second site beside the first (support.paged_project: an issue
    spread over pages 1 and 5), served by the same nginx under /paged/."""
    from support import paged_project

    base, site = server
    project = paged_project(tmp_path_factory.mktemp("paged"))
    paged_base = base.replace("/digest/", "/paged/")
    build(project, load_config(project / "site.yaml").with_base_url(paged_base), site.parent / "paged", search=False)
    return paged_base, site.parent / "paged"


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists(), "Chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


