"""The API's operations, declared once: each becomes a Flask route and an OpenAPI entry."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, request
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema

from .problems import ApiProblem, field_error
from .schemas import DB_INT_MAX, Problem

COMMON_ERRORS = {
    400: "The body is not JSON, or a number is out of range.",
    401: "No token, or the token is unknown, revoked or expired.",
    403: "The token's scope or its owner's role does not allow this.",
    404: "No such resource, or the token's owner cannot see it.",
    413: "The request is larger than the server accepts.",
    422: "A field is invalid; `errors` names each one.",
    429: "Too many requests with this token; wait `Retry-After` seconds.",
}


@dataclass
class Operation:
    method: str
    rule: str
    view: Callable[..., Any]
    summary: str
    tag: str
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    # A body that is not JSON (text/csv): the view gets its bytes as `body`.
    raw_body: str | None = None
    idempotency_key: bool = False
    conflict: bool = False
    description: str = ""
    extra_errors: dict[int, str] = field(default_factory=dict)

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    @property
    def path(self) -> str:
        return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", self.rule)

    @property
    def path_params(self) -> list[tuple[str, str]]:
        return re.findall(r"<(?:(\w+):)?(\w+)>", self.rule)


class Api:
    """Collect operations on a blueprint and describe them as OpenAPI 3.1."""

    def __init__(self, bp: Blueprint, authenticate: Callable[[Operation], Any]):
        self.bp = bp
        self.operations: list[Operation] = []
        self._authenticate = authenticate

    def operation(self, method: str, rule: str, **options: Any):
        def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
            op = Operation(method=method, rule=rule, view=view, **options)
            self.operations.append(op)

            @wraps(view)
            def handle(**path: Any) -> Any:
                user = self._authenticate(op)
                arguments: dict[str, Any] = {}
                if op.query is not None:
                    arguments["query"] = parse_model(op.query, _query_dict(), "query")
                if op.body is not None:
                    arguments["body"] = parse_model(op.body, _json_body(), "body")
                elif op.raw_body is not None:
                    arguments["body"] = _raw_body(op.raw_body)
                return view(user, **path, **arguments)

            self.bp.add_url_rule(rule, endpoint=view.__name__, view_func=handle,
                                 methods=[method])
            return handle

        return decorate

    def document(self, *, title: str, version: str, description: str,
                 server: str) -> dict[str, Any]:
        models: list[tuple[type[BaseModel], str]] = [(Problem, "serialization")]
        for op in self.operations:
            if op.body is not None:
                models.append((op.body, "validation"))
            if op.response is not None:
                models.append((op.response, "serialization"))
        refs, top = models_json_schema(models, ref_template="#/components/schemas/{model}")
        paths: dict[str, dict[str, Any]] = {}
        for op in self.operations:
            paths.setdefault(op.path, {})[op.method.lower()] = self._describe(op, refs)
        return {
            "openapi": "3.1.0",
            "info": {"title": title, "version": version, "description": description},
            "servers": [{"url": server}],
            "security": [{"bearer": []}],
            "paths": paths,
            "components": {
                "schemas": top.get("$defs", {}),
                "securitySchemes": {"bearer": {
                    "type": "http", "scheme": "bearer",
                    "description": "A personal access token from Settings → API tokens."}},
            },
        }

    def _describe(self, op: Operation, refs: dict) -> dict[str, Any]:
        parameters: list[dict[str, Any]] = []
        for converter, name in op.path_params:
            schema: dict[str, Any] = ({"type": "integer", "minimum": 0, "maximum": DB_INT_MAX}
                                      if converter == "int" else
                                      {"type": "string", "minLength": 1, "maxLength": 80,
                                       "pattern": r"^[A-Za-z0-9_.-]+$"})
            parameters.append({"name": name, "in": "path", "required": True,
                               "schema": schema})
        if op.query is not None:
            schema = op.query.model_json_schema(ref_template="#/components/schemas/{model}")
            required = set(schema.get("required", ()))
            for name, prop in schema["properties"].items():
                parameters.append({"name": name, "in": "query", "required": name in required,
                                   "schema": _without_titles(prop),
                                   **({"description": prop["description"]}
                                      if "description" in prop else {})})
        if op.idempotency_key:
            parameters.append({
                "name": "Idempotency-Key", "in": "header", "required": True,
                "description": "Any 8 to 80 letters, digits, - or _, new for each change; "
                               "a retry with the same key gets the first answer back.",
                "schema": {"type": "string", "pattern": r"^[A-Za-z0-9_-]{8,80}$"}})
        problem = {"application/problem+json": {
            "schema": refs[(Problem, "serialization")]}}
        responses: dict[str, Any] = {}
        if op.response is not None:
            responses[str(op.status)] = {
                "description": "OK", "content": {"application/json": {
                    "schema": refs[(op.response, "serialization")]}}}
        else:
            responses[str(op.status)] = {"description": "Done"}
        errors = dict(COMMON_ERRORS)
        if op.body is not None:
            errors[415] = "The body was not sent as application/json."
        elif op.raw_body is not None:
            errors[415] = f"The body was not sent as {op.raw_body}."
        if op.conflict:
            errors[409] = "The resource changed, or is in a state that does not allow this."
        errors.update(op.extra_errors)
        for status, text in sorted(errors.items()):
            entry: dict[str, Any] = {"description": text, "content": problem}
            if status == 429:
                entry["headers"] = {"Retry-After": {"schema": {"type": "integer"},
                                                    "description": "Seconds to wait."}}
            responses[str(status)] = entry
        described: dict[str, Any] = {
            "operationId": op.view.__name__, "summary": op.summary, "tags": [op.tag],
            "parameters": parameters, "responses": responses,
        }
        if op.description:
            described["description"] = op.description
        if op.body is not None:
            described["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": refs[(op.body, "validation")]}}}
        elif op.raw_body is not None:
            described["requestBody"] = {"required": True, "content": {op.raw_body: {
                "schema": {"type": "string"}}}}
        if op.writes:
            described["x-scope"] = "read_write"
        return described


def _without_titles(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in ("title", "description")}


def _query_dict() -> dict[str, str]:
    return {key: request.args.get(key, "") for key in request.args}


def _json_body() -> Any:
    if not request.is_json:
        raise ApiProblem(415, "Send the body with Content-Type: application/json.")
    if not request.get_data(cache=True):
        raise ApiProblem(400, "Send the request body as JSON.",
                         errors=[field_error("", "the body is empty")])
    data = request.get_json(silent=True)
    if data is None:
        raise ApiProblem(400, "The body is not valid JSON.",
                         errors=[field_error("", "not valid JSON")])
    return data


def _raw_body(media_type: str) -> bytes:
    if request.mimetype != media_type:
        raise ApiProblem(415, f"Send the body with Content-Type: {media_type}.")
    return request.get_data(cache=True)


def parse_model(model: type[BaseModel], data: Any, where: str) -> BaseModel:
    """Validate input against its model; a 422 names every field at fault."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        errors = [field_error(".".join(str(part) for part in item["loc"]) or "(body)",
                              _message(item), where)
                  for item in error.errors(include_url=False, include_input=False)]
        raise ApiProblem(422, f"{len(errors)} invalid field{'s' if len(errors) != 1 else ''}"
                              f": {', '.join(e['field'] for e in errors[:5])}.",
                         errors=errors, code="invalid_fields") from None


def _message(item: dict[str, Any]) -> str:
    if item["type"] == "extra_forbidden":
        return "unknown field"
    if item["type"] == "missing":
        return "required"
    return str(item["msg"])


def wants_problem(path: str) -> bool:
    return path.startswith("/api/v1/") and not path.startswith("/api/v1/docs")
