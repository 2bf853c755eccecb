#!/usr/bin/env python3
"""Checks that openapi.yaml is a valid OpenAPI document and describes exactly the /api/v1 routes.

Usage: python3 scripts/check_openapi.py --binary PATH [--spec PATH]

  1. validates the document with openapi-spec-validator;
  2. runs `BINARY routes` (Vapor's route table, with a throwaway MINYI_DATA_DIR and no
     DATABASE_URL) and compares its (method, path) pairs under /api/v1 with the document's
     paths and operations, `{x}` in the document matching `:x` in the table.

Prints each difference and a final line `openapi: N passed, M failed`; exits 1 if any check
failed, 2 on a usage or setup error (a missing Python package, a binary that will not run).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import yaml
    from openapi_spec_validator import validate as validate_openapi
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
except ImportError as error:
    print(f"error: {error}. The contract check needs openapi-spec-validator and PyYAML:\n"
          "    python3 -m pip install --quiet openapi-spec-validator pyyaml", file=sys.stderr)
    sys.exit(2)

ROOT = Path(__file__).resolve().parent.parent
API_PREFIX = "/api/v1"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ROUTE_LINE = re.compile(r"^\|\s*([A-Z]+)\s*\|\s*(\S+)\s*\|$")


def load_spec(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def check_valid(spec: dict) -> bool:
    try:
        validate_openapi(spec)
    except OpenAPIValidationError as error:
        where = getattr(error, "json_path", None) or "$"
        print(f"FAIL  the document is not valid OpenAPI: at {where}: {getattr(error, 'message', error)}")
        return False
    except Exception as error:  # an unresolvable $ref and the like surface as other exceptions
        print(f"FAIL  the document is not valid OpenAPI: {type(error).__name__}: {str(error)[:200]}")
        return False
    print(f"ok    the document is valid OpenAPI {spec.get('openapi')}")
    return True


def spec_operations(spec: dict) -> set[tuple[str, str]]:
    operations = set()
    for path, item in (spec.get("paths") or {}).items():
        # `{matterID}` -> `:matterID`, the form of Vapor's route table.
        vapor_path = re.sub(r"\{([^}]+)\}", r":\1", path)
        for method in HTTP_METHODS:
            if method in (item or {}):
                operations.add((method.upper(), vapor_path))
    return operations


def route_table(binary: str) -> set[tuple[str, str]]:
    with tempfile.TemporaryDirectory(prefix="minyi-openapi-") as data_dir:
        env = dict(os.environ, MINYI_DATA_DIR=data_dir, MINYI_SWEEP_INTERVAL="0")
        env.pop("DATABASE_URL", None)
        try:
            result = subprocess.run([binary, "routes"], env=env, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as error:
            print(f"error: could not run {binary} routes: {error}", file=sys.stderr)
            sys.exit(2)
    if result.returncode != 0:
        print(f"error: {binary} routes exited with {result.returncode}:\n{result.stderr}{result.stdout}", file=sys.stderr)
        sys.exit(2)
    routes = set()
    for line in result.stdout.splitlines():
        match = ROUTE_LINE.match(line.strip())
        if match:
            routes.add((match.group(1), match.group(2)))
    if not routes:
        print(f"error: no routes found in the output of {binary} routes:\n{result.stdout}", file=sys.stderr)
        sys.exit(2)
    return routes


def under_api(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def check_routes(spec: dict, binary: str) -> bool:
    routes = {(m, p) for (m, p) in route_table(binary) if under_api(p)}
    documented = spec_operations(spec)
    outside = sorted((m, p) for (m, p) in documented if not under_api(p))
    documented_api = {(m, p) for (m, p) in documented if under_api(p)}
    missing = sorted(routes - documented_api)
    unrouted = sorted(documented_api - routes)
    for method, path in missing:
        print(f"      route missing from the document: {method} {path}")
    for method, path in unrouted:
        print(f"      documented but not routed:       {method} {path}")
    for method, path in outside:
        print(f"      documented outside {API_PREFIX}:     {method} {path}")
    if missing or unrouted or outside:
        print(f"FAIL  the document and the routes differ ({len(routes)} routes under {API_PREFIX}, "
              f"{len(documented)} documented operations)")
        return False
    print(f"ok    the document describes exactly the {len(routes)} routes under {API_PREFIX}")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description="Check openapi.yaml against the built server's routes.")
    parser.add_argument("--binary", required=True, help="the built minyi executable")
    parser.add_argument("--spec", default=str(ROOT / "Sources/App/Resources/openapi.yaml"), help="the OpenAPI document")
    args = parser.parse_args()

    if not os.access(args.binary, os.X_OK):
        print(f"error: {args.binary} is not an executable", file=sys.stderr)
        return 2
    try:
        spec = load_spec(Path(args.spec))
    except (OSError, yaml.YAMLError) as error:
        print(f"error: cannot read {args.spec}: {error}", file=sys.stderr)
        return 2

    results = [check_valid(spec), check_routes(spec, args.binary)]
    passed = sum(results)
    failed = len(results) - passed
    print(f"openapi: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
