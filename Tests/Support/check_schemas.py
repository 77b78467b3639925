#!/usr/bin/env python3
"""Checks JSON Schemas and instances for the action registry's tests.

Reads one JSON object on stdin: {"schemas": [schema, …], "cases": [{"schema": index, "instance": value}, …]}.
Writes {"invalid": [[index, message], …], "valid": [bool, …]}: the schemas that are not valid Draft 2020-12, and for
each case whether the instance is valid. Needs PyPI's or Debian's `jsonschema`.
"""
import json
import sys

import jsonschema

request = json.load(sys.stdin)
validators = []
invalid = []
for index, schema in enumerate(request["schemas"]):
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        invalid.append([index, error.message])
    validators.append(jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()))
valid = [validators[case["schema"]].is_valid(case["instance"]) for case in request["cases"]]
json.dump({"invalid": invalid, "valid": valid}, sys.stdout)
