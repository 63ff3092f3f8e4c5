"""Response headers that lock the doors: a CSP with no inline script, and friends; cookies
marked Secure on every response to an HTTPS request."""

from flask import Flask, Response, has_request_context, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'"
)


class SecureCookieResponse(Response):
    """Cookies set on a response to an HTTPS request (directly, or through a proxy trusted by
    ``FORWARDED_ALLOW_IPS``) are Secure, whatever ``SESSION_COOKIE_SECURE`` says: the session,
    the remember-me cookie and any other all go through ``set_cookie``."""

    def set_cookie(self, key, *args, **kwargs):
        if has_request_context() and request.is_secure:
            kwargs["secure"] = True
        super().set_cookie(key, *args, **kwargs)


def register_security(app: Flask) -> None:
    app.response_class = SecureCookieResponse

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.endpoint != "static":
            # pages, JSON and CSV downloads carry someone's data: no browser or proxy keeps them
            response.headers.setdefault("Cache-Control", "no-store")
        return response
