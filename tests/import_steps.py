"""The import's steps as a user goes through them: upload, the mapping step (taken as it is
suggested unless columns are given), the preview, the confirmation with the preview's form."""

import html
import io
import re

SELECT = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
SELECTED = re.compile(r'<option value="([^"]*)" selected>')
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')


def hidden_fields(page: str) -> list[tuple[str, str]]:
    """(name, value) of every hidden input of a page, in order."""
    found = []
    for tag in HIDDEN.findall(page):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrf_token":
            found.append((name.group(1), html.unescape(value.group(1) if value else "")))
    return found


def selected(page: str) -> list[tuple[str, str]]:
    """(name, chosen value) of every select of a page, in order."""
    found = []
    for name, options in SELECT.findall(page):
        chosen = SELECTED.search(options)
        found.append((name, chosen.group(1) if chosen else ""))
    return found


def as_form(pairs) -> dict:
    form: dict = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


def upload_only(browser, data: bytes, name="kontakte.csv", kind="contacts"):
    """The upload: a redirect to the mapping step, or the start page with the refusal."""
    return browser.post(
        "/admin/import/",
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def mapping_step(browser, data: bytes, name="kontakte.csv", kind="contacts"):
    uploaded = upload_only(browser, data, name, kind)
    if uploaded.status_code != 302 or "/spalten" not in uploaded.location:
        return uploaded
    return browser.get(uploaded.location)


def preview_from(
    browser, step, on_duplicate="skip", columns=None, save_as="", create_missing=False
):
    """Send the mapping step: its suggested fields, or ``columns`` {column index: field key}."""
    page = step.get_data(as_text=True)
    form = as_form((n, v) for n, v in hidden_fields(page) if n in ("token", "file_name", "kind"))
    chosen = [v for n, v in selected(page) if n == "column"]
    for index, key in (columns or {}).items():
        chosen[index] = key or ""
    form |= {"column": chosen, "on_duplicate": on_duplicate, "save_as": save_as}
    if create_missing:
        form["create_missing"] = "y"
    return browser.post("/admin/import/vorschau", data=form)


def upload(
    browser, data: bytes, name="kontakte.csv", kind="contacts", on_duplicate="skip", **options
):
    """Upload and take the suggested mapping: the preview (or the refusal); ``options``
    as :func:`preview_from` takes them."""
    step = mapping_step(browser, data, name, kind)
    if step.status_code != 200 or 'name="column"' not in step.get_data(as_text=True):
        return step
    return preview_from(browser, step, on_duplicate, **options)


def confirm(browser, preview, kind="contacts", on_duplicate=None, name=None, rows=None, url=None):
    """Send the preview's form: its choice for all (or ``on_duplicate``), its per-row choices
    (changed by ``rows`` {line: choice}) to the confirmation (or ``url``)."""
    page = preview.get_data(as_text=True)
    form = as_form(hidden_fields(page))
    for field, value in selected(page):
        form[field] = [value]
    if on_duplicate is not None:
        form["on_duplicate"] = [on_duplicate]
    for line, choice in (rows or {}).items():
        form[f"row-{line}"] = [choice]
    return browser.post(url or "/admin/import/bestaetigen", data=form)
