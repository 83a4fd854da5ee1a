#!/usr/bin/env python3
"""Checks the written API contract: openapi.yaml itself, and every wire fixture against it.

Fixtures live in Tests/Fixtures/api/ and are named
    <operationId>.<request|response>[.<variant>].json
A response variant that starts with a status code (`404`, `404-unknown-id`) is checked against
that status's schema; any other variant, or none, against the operation's 2xx response.
Webhook operations (under `webhooks:`) are matched by operationId too.

Also insists that every operation has at least one fixture for its request body (when it has
one) and for its success response (when it has a body), so a new endpoint cannot skip the check.

Usage: check_contract.py [--spec openapi.yaml] [--fixtures Tests/Fixtures/api]
Exit status 0 when everything matches, 1 with one line per problem otherwise.
"""

import argparse
import json
import pathlib
import re
import sys

try:
    import yaml
    from jsonschema import Draft202012Validator
    from openapi_spec_validator import validate as validate_spec
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
except ImportError as missing:  # pragma: no cover - depends on the machine
    print(f"error: {missing}", file=sys.stderr)
    print("hint: run '.ci/bootstrap.sh --python' to install the contract tools", file=sys.stderr)
    sys.exit(1)

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC_URI = "urn:codecloud:openapi"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
FIXTURE_NAME = re.compile(r"^(?P<operation>[A-Za-z]+)\.(?P<direction>request|response)(?:\.(?P<variant>[A-Za-z0-9_-]+))?\.json$")


def pointer(*parts):
    """A JSON pointer fragment for `parts`, escaped per RFC 6901."""
    return "#/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def operations(spec):
    """Yields (operationId, JSON-pointer parts of the operation, operation) for paths and webhooks."""
    for section in ("paths", "webhooks"):
        for path, item in (spec.get(section) or {}).items():
            for method, operation in item.items():
                if method in HTTP_METHODS:
                    yield operation["operationId"], (section, path, method), operation


def json_schema_pointer(spec, base, content_parts):
    """Pointer to the application/json schema under `base + content_parts`, following one $ref."""
    node = spec
    for part in base:
        node = node[part]
    parts = list(base)
    for part in content_parts:
        node = node[part]
        parts.append(part)
        if isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            parts = [p.replace("~1", "/").replace("~0", "~") for p in ref.lstrip("#/").split("/")]
            node = spec
            for p in parts:
                node = node[p]
    content = node.get("content", {}).get("application/json")
    if content is None:
        return None
    return pointer(*parts, "content", "application/json", "schema")


def success_status(operation):
    return next((code for code in operation.get("responses", {}) if str(code).startswith("2")), None)


def check(spec_path, fixtures_dir):
    problems = []
    spec = yaml.safe_load(spec_path.read_text())
    try:
        validate_spec(spec)
    except Exception as error:  # the validator raises several unrelated types
        return [f"{spec_path.name}: not a valid OpenAPI document: {str(error).splitlines()[0]}"], 0

    registry = Registry().with_resource(SPEC_URI, Resource(contents=spec, specification=DRAFT202012))
    by_id = {}
    for operation_id, parts, operation in operations(spec):
        by_id[operation_id] = (parts, operation)

    covered = set()
    fixtures = sorted(fixtures_dir.glob("*.json"))
    if not fixtures:
        problems.append(f"{fixtures_dir}: no fixtures found")
    for fixture in fixtures:
        match = FIXTURE_NAME.match(fixture.name)
        if not match:
            problems.append(f"{fixture.name}: name is not <operationId>.<request|response>[.<variant>].json")
            continue
        operation_id, direction, variant = match["operation"], match["direction"], match["variant"]
        if operation_id not in by_id:
            problems.append(f"{fixture.name}: no operation '{operation_id}' in {spec_path.name}")
            continue
        parts, operation = by_id[operation_id]
        if direction == "request":
            if "requestBody" not in operation:
                problems.append(f"{fixture.name}: {operation_id} takes no request body")
                continue
            schema_pointer = json_schema_pointer(spec, parts, ["requestBody"])
        else:
            status_match = re.match(r"^(\d{3})(?:-|$)", variant or "")
            status = status_match[1] if status_match else success_status(operation)
            if status not in operation.get("responses", {}):
                problems.append(f"{fixture.name}: {operation_id} documents no {status} response")
                continue
            schema_pointer = json_schema_pointer(spec, parts, ["responses", status])
            if schema_pointer is None:
                problems.append(f"{fixture.name}: {operation_id}'s {status} response has no JSON body")
                continue
            if not status_match:
                covered.add((operation_id, "response"))
        if direction == "request":
            covered.add((operation_id, "request"))

        try:
            body = json.loads(fixture.read_text())
        except json.JSONDecodeError as error:
            problems.append(f"{fixture.name}: not JSON: {error}")
            continue
        validator = Draft202012Validator(
            {"$ref": SPEC_URI + schema_pointer},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            problems.append(f"{fixture.name}: at {where}: {error.message}")

    for operation_id, (parts, operation) in by_id.items():
        if "requestBody" in operation and (operation_id, "request") not in covered:
            problems.append(f"{operation_id}: no request fixture ({operation_id}.request.json)")
        status = success_status(operation)
        has_body = status and json_schema_pointer(spec, parts, ["responses", status]) is not None
        if has_body and parts[0] == "paths" and (operation_id, "response") not in covered:
            problems.append(f"{operation_id}: no success response fixture ({operation_id}.response.json)")
    return problems, len(fixtures)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=pathlib.Path, default=ROOT / "openapi.yaml")
    parser.add_argument("--fixtures", type=pathlib.Path, default=ROOT / "Tests" / "Fixtures" / "api")
    arguments = parser.parse_args()
    problems, count = check(arguments.spec, arguments.fixtures)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"contract check failed: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"contract ok: {arguments.spec.name} valid, {count} fixtures match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
