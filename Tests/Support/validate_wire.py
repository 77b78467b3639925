#!/usr/bin/env python3
"""Validates the simulator's recorded responses (JSON lines from ExchangeRecorder).

- Sonarr and Radarr: against the response schema of the matching operation in the official OpenAPI specs, with
  every object closed (no property the spec does not name) and enums, types and date-times checked. The
  simulator claims the specs' versions (Sonarr 4.0.19, Radarr 6.0.3); recordings from older versions carry
  fields these specs dropped, so only the simulator is held to closed objects.
- SABnzbd (no published spec): every key, at every level, must appear in a response recorded from a real
  SABnzbd (Tests/Fixtures/sabnzbd), with the same JSON type.
- Plex (no published spec): a JSON `MediaContainer` object, or Plex's HTML 401/404.

Usage: validate_wire.py RECORD.jsonl FIXTURES_DIR
Exits 1 and lists the failures when any response does not match. Needs PyPI's `jsonschema`.
"""
import copy
import datetime
import json
import re
import sys

import jsonschema

# Where the real *arrs' wire format and their generated specs disagree. Each was checked against a real
# response (Tests/Fixtures) or the *arr source.
SPEC_QUIRKS = {
    # Sonarr serialises HttpUri as a plain string ("https://wiki.servarr.com/..."), the spec says object.
    ("sonarr", "HealthResource", "wikiUrl"): {"type": ["string", "null"]},
    # A provider field's value is whatever the setting is (string, number, bool, array), the spec says object.
    ("sonarr", "Field", "value"): {},
    ("radarr", "Field", "value"): {},
}
# Command bodies carry the command's own properties (episodeIds, seriesId, movieIds...), beyond the base class.
OPEN_SCHEMAS = {"Command"}

VALIDATION_FAILURE = {
    "type": "array", "minItems": 1,
    "items": {"type": "object", "required": ["propertyName", "errorMessage", "severity"],
              "properties": {"propertyName": {"type": "string"}, "errorMessage": {"type": "string"},
                             "severity": {"enum": ["error", "warning", "info"]}}},
}
SERVARR_ERROR = {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}


def close_schemas(node, app, name=None):
    """OpenAPI 3.0 → JSON Schema: `nullable`, closed objects, quirks."""
    if isinstance(node, dict):
        if node.get("nullable"):
            if "type" in node:
                node["type"] = [node["type"], "null"]
            elif "$ref" in node:
                ref = node.pop("$ref")
                node["anyOf"] = [{"$ref": ref}, {"type": "null"}]
            if "enum" in node:
                node["enum"] = node["enum"] + [None]
        if name in OPEN_SCHEMAS:
            node.pop("additionalProperties", None)  # the specs close Command; the *arrs send its subclass's fields
        elif "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for key, value in list(node.get("properties", {}).items()):
            quirk = SPEC_QUIRKS.get((app, name, key))
            if quirk is not None:
                node["properties"][key] = quirk
            else:
                close_schemas(value, app)
        for key, value in node.items():
            if key != "properties":
                close_schemas(value, app)
    elif isinstance(node, list):
        for value in node:
            close_schemas(value, app)


def load_spec(path, app):
    spec = json.load(open(path))
    for name, schema in spec["components"]["schemas"].items():
        close_schemas(schema, app, name)
    for item in spec["paths"].values():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                close_schemas(response.get("content", {}), app)
    routes = []
    for template, item in spec["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$")
        for method, operation in item.items():
            routes.append((template.count("{"), method.upper(), pattern, template, operation))
    routes.sort(key=lambda route: route[0])  # literal segments win over {id}
    return spec, routes


def is_datetime(value):
    if not isinstance(value, str):
        return True
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False


FORMATS = jsonschema.FormatChecker()
FORMATS.checks("date-time")(is_datetime)
FORMATS.checks("int32")(lambda value: not isinstance(value, int) or -2**31 <= value < 2**31)


def check_servarr(line, spec, routes):
    match = next(((template, operation) for _, method, pattern, template, operation in routes
                  if method == line["method"] and pattern.match(line["path"])), None)
    if match is None:
        return f"no operation {line['method']} {line['path']} in the spec"
    template, operation = match
    status, body = line["status"], line["body"]
    if status == 401:
        return None if body == "" else "401 must have no body"
    document = json.loads(body) if body else None
    if status == 400:
        schema = VALIDATION_FAILURE
    elif status in (404, 500):
        schema = SERVARR_ERROR
    else:
        # The *arrs answer PUTs with 202 Accepted and the resource; their specs only list 200.
        response = operation["responses"].get(str(status)) or (operation["responses"].get("200") if status == 202 else None)
        if response is None:
            return f"{template}: status {status} is not in the spec"
        content = response.get("content", {})
        media = content.get("application/json") or content.get("text/json")
        if media is None:
            return None if body == "" else f"{template}: the spec has no body for {status}, got {body[:80]}"
        schema = media["schema"]
    if document is None:
        return f"{template}: empty body, the spec expects JSON"
    resolver_schema = dict(schema)
    resolver_schema["components"] = spec["components"]
    validator = jsonschema.Draft7Validator(resolver_schema, format_checker=FORMATS)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.absolute_path)
        return f"{template} {status}: {len(errors)} schema errors; first at /{where}: {first.message[:300]}"
    return None


SAB_FIXTURES = {
    "version": ["local371_version.json"],
    "queue": ["local371_queue_downloading.json", "local371_queue_paused_slot.json", "ha_queue_4.3.3_paused_empty.json"],
    "history": ["local371_history_failed_and_completed.json"],
    "get_cats": ["local371_get_cats.json"],
    "warnings": ["local371_warnings.json"],
    "fullstatus": ["local371_fullstatus.json"],
    "get_config": ["local371_get_config.json"],
    "set_config": ["local371_get_config.json"],
}


def merge_shapes(documents):
    """One shape from several real answers: the union of their keys, element shapes merged for arrays."""
    def merge(a, b):
        if isinstance(a, dict) and isinstance(b, dict):
            out = dict(a)
            for key, value in b.items():
                out[key] = merge(out[key], value) if key in out else value
            return out
        if isinstance(a, list) and isinstance(b, list):
            return a + b
        return a if a is not None else b
    shape = None
    for document in documents:
        shape = document if shape is None else merge(shape, document)
    return shape


def type_name(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def compare_shape(value, real, path="", section_free=False):
    """Every key in `value` must exist in `real`, with the same JSON type (null matches anything)."""
    if value is None or real is None:
        return None
    if isinstance(real, list) and isinstance(value, list):
        if not real:
            return None if not value else None  # nothing recorded to compare elements with
        element = merge_shapes(real) if all(isinstance(item, dict) for item in real) else real[0]
        for index, item in enumerate(value):
            problem = compare_shape(item, element, f"{path}[{index}]")
            if problem:
                return problem
        return None
    if type_name(value) != type_name(real):
        return f"{path or '/'}: {type_name(value)} where the real SABnzbd sends {type_name(real)}"
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in real:
                return f"{path}/{key}: a key the real SABnzbd does not send"
            problem = compare_shape(item, real[key], f"{path}/{key}")
            if problem:
                return problem
    return None


def check_sabnzbd(line, fixtures):
    query = dict(pair.split("=", 1) if "=" in pair else (pair, "") for pair in line["query"].split("&") if pair)
    mode = query.get("mode", "")
    if line["status"] == 403:
        return None if line["body"] in ("API Key Required", "API Key Incorrect") else "403 must say which key problem"
    if line["status"] != 200:
        return f"mode={mode}: status {line['status']}"
    document = json.loads(line["body"])
    if "name" in query or mode in ("pause", "resume", "retry", "addfile", "addurl") or isinstance(document.get("status"), bool):
        if not isinstance(document.get("status"), bool):
            return f"mode={mode}: an action answer needs a boolean status"
        return None if set(document) <= {"status", "nzo_ids", "nzo_id", "error"} else f"mode={mode}: unexpected keys {sorted(document)}"
    if mode not in fixtures:
        return f"mode={mode}: no recorded real answer to compare with"
    return compare_shape(document, fixtures[mode])


def check_plex(line):
    if line["status"] in (401, 404):
        return None if line["contentType"].startswith("text/html") else "Plex answers 401/404 with HTML"
    if line["body"] == "":
        return None
    document = json.loads(line["body"])
    if not isinstance(document.get("MediaContainer"), dict):
        return "Plex JSON must be a MediaContainer object"
    return None


def main():
    record, fixtures_dir = sys.argv[1], sys.argv[2]
    specs = {app: load_spec(f"{fixtures_dir}/specs/{app}-openapi.json", app) for app in ("sonarr", "radarr")}
    sab = {mode: merge_shapes([json.load(open(f"{fixtures_dir}/sabnzbd/{name}")) for name in names])
           for mode, names in SAB_FIXTURES.items()}
    counts, failures = {}, []
    for number, text in enumerate(open(record), 1):
        line = json.loads(text)
        app = line["app"]
        counts[app] = counts.get(app, 0) + 1
        try:
            if app in specs:
                problem = check_servarr(line, *specs[app])
            elif app == "sabnzbd":
                problem = check_sabnzbd(line, sab)
            else:
                problem = check_plex(line)
        except (ValueError, KeyError) as error:
            problem = f"unreadable: {error}"
        if problem:
            query = re.sub(r"(apikey|X-Plex-Token)=[^&]*", r"\1=***", line["query"])
            failures.append(f"line {number} {app} {line['method']} {line['path']}?{query[:80]}: {problem}")
    print("validated responses: " + ", ".join(f"{app} {count}" for app, count in sorted(counts.items())))
    for failure in failures[:40]:
        print("FAIL " + failure)
    if not counts:
        print("FAIL no responses recorded")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
