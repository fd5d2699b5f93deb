"""The security headers of every response, and the request size limit's German answer.

A small after_request hook rather than Flask-Talisman: Talisman's original is archived and its
fork adds HTTPS redirects and cookie settings the reverse proxy and crm.config already own;
what Lotse needs is these few headers and a per-request nonce shared with Flask-Admin.

The Content-Security-Policy allows scripts only from Lotse itself or with the request's nonce
(``csp_nonce()`` in templates; Flask-Admin's script tags get it from ``csp_nonce_generator``),
so no inline script or ``onclick=`` runs. Styles may be inline: Flask-Admin's templates and
Select2 set ``style=`` attributes, and a style cannot run code.
"""

import secrets

from flask import Flask, g, request

CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    """The nonce of this request's scripts, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def add_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = CSP.format(nonce=csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"  # frame-ancestors for browsers that predate it
    headers["Referrer-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    endpoint = request.endpoint or ""
    if endpoint != "static" and not endpoint.endswith(".static"):
        # Pages, downloads and feeds hold personal data: no copy in any cache.
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(add_headers)
