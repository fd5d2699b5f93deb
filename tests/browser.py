"""A real browser for tests: the app served by werkzeug in a thread on a free port, and
headless Chromium driven by Selenium through Debian's chromedriver (never a downloaded one)."""

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler, make_server

from crm import MIGRATIONS, create_app
from crm.extensions import db

CHROMIUM = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMEDRIVER = ("/usr/bin/chromedriver", "chromedriver")
DEMO_PASSWORD = "lotse-demo-2026"


def _found(names) -> str | None:
    return next((p for p in map(shutil.which, names) if p), None)


def require_chromium() -> tuple[str, str]:
    """Paths of chromium and chromedriver; without them the test is skipped, in CI it fails."""
    browser, driver = _found(CHROMIUM), _found(CHROMEDRIVER)
    if browser and driver:
        return browser, driver
    reason = (
        "browser tests need chromium and chromedriver (apt-get install chromium chromium-driver)"
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def chrome(width: int = 1280, height: int = 900):
    """A headless Chromium, in English, so nothing passes only thanks to a German browser."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    options.page_load_strategy = "eager"  # the page, not every image and font, is waited for
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # driver.get_log("browser")
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=en-US",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    session.implicitly_wait(0)
    try:
        yield session
    finally:
        session.quit()


def demo_app(folder: Path):
    """The demo county in a SQLite file of its own (each xdist worker has its own folder)."""
    from crm.sampledata.demo import build_demo

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test",
            "AUTO_MIGRATE": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'lotse.db'}",
            # Scripts and styles from the browser's cache, not asked for again on every page.
            "SEND_FILE_MAX_AGE_DEFAULT": 3600,
        }
    )
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        build_demo(password=DEMO_PASSWORD, echo=lambda text: None)
        db.session.remove()
    return app


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@contextmanager
def served(app):
    """The app on 127.0.0.1 at a free port, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.engine.dispose()
