"""Errors as application/problem+json (RFC 9457), each naming the field at fault."""

from __future__ import annotations

from typing import Any

from flask import Response, json

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid request",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}


class ApiProblem(Exception):
    """Stop a request and answer with a problem document."""

    def __init__(self, status: int, detail: str, *, errors: list[dict[str, str]] | None = None,
                 headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None,
                 code: str | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}
        self.extra = extra or {}
        self.code = code


def field_error(field: str, message: str, where: str = "body") -> dict[str, str]:
    return {"field": field, "in": where, "message": message}


def problem_response(status: int, detail: str, *, errors: list[dict[str, str]] | None = None,
                     headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None,
                     code: str | None = None) -> Response:
    body: dict[str, Any] = {
        "type": f"/api/v1/docs#problem-{code or status}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if code:
        body["code"] = code
    if errors:
        body["errors"] = errors
    body.update(extra or {})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_exception(problem: ApiProblem) -> Response:
    return problem_response(problem.status, problem.detail, errors=problem.errors,
                            headers=problem.headers, extra=problem.extra, code=problem.code)
