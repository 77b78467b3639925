"""AutoArr's MCP server driven by the real Python MCP client (PyPI `mcp`, a 1.x or a 2.x release), against `autoarr demo`.

Usage: python mcp_test.py AUTOARR_BINARY

Over Streamable HTTP (/mcp on the demo) and over stdio (`autoarr mcp` on the demo's data dir):
- lists the tools, checks the contract names, annotations and schemas, and calls every read tool, validating each
  structured result against the tool's outputSchema;
- a request from request_media to confirm_request;
- the destructive confirm flow (a preview that changes nothing, then the change), and read-only refusals;
- 401 without a key, a bad argument as a tool error naming the field, 20 concurrent sessions;
- every call recorded in the activity log under the client's name.
Stops the demo by its PID. Exits non-zero naming the first failed check.
"""
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import jsonschema
import mcp
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client

BINARY = os.path.abspath(sys.argv[1])
VERSION = getattr(mcp, "__version__", None)
try:
    from importlib.metadata import version as package_version
    VERSION = package_version("mcp")
except Exception:
    pass
MAJOR = int(VERSION.split(".")[0]) if VERSION else 1

CONTRACT = [
    "request_media", "confirm_request", "list_requests", "get_request", "cancel_request",
    "search_library", "upcoming", "list_wanted",
    "list_downloads", "list_failed_downloads", "download_history", "explain_download", "retry_download", "pause_download",
    "resume_download", "remove_download",
    "run_recovery", "list_recovery_attempts",
    "run_audit", "list_recommendations", "apply_recommendations", "list_config_changes", "rollback_change",
    "search_activity", "get_correlation",
    "list_services", "test_service", "system_status",
]
DESTRUCTIVE = {"remove_download", "apply_recommendations", "rollback_change", "cancel_request"}
failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_demo():
    port = free_port()
    demo = subprocess.Popen([BINARY, "demo", "--port", str(port), "--control-port", "0", "--speed", "120"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    key = data_dir = None
    deadline = time.time() + 120
    while time.time() < deadline and not (key and data_dir):
        line = demo.stdout.readline()
        if not line:
            break
        if line.strip().startswith("API key"):
            key = line.split()[-1]
        if line.strip().startswith("data dir"):
            data_dir = line.split()[2]
    if not (key and data_dir):
        demo.kill()
        raise SystemExit("the demo did not print its API key and data dir")
    threading.Thread(target=lambda: [None for _ in demo.stdout], daemon=True).start()
    return demo, f"http://127.0.0.1:{port}", key, data_dir


def rest(base, key, path):
    request = urllib.request.Request(base + path, headers={"X-Api-Key": key})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def http_session(url, key, name):
    """An async context manager giving an initialized ClientSession over Streamable HTTP, for this client release."""
    info = types.Implementation(name=name, version="1.0")

    class Session:
        async def __aenter__(self):
            self.stack = []
            if MAJOR >= 2:
                from mcp.client.streamable_http import streamable_http_client
                from mcp.shared._httpx_utils import create_mcp_http_client
                client = create_mcp_http_client(headers={"Authorization": f"Bearer {key}"})
                transport = streamable_http_client(url, http_client=client)
            else:
                from mcp.client.streamable_http import streamablehttp_client
                transport = streamablehttp_client(url, headers={"X-Api-Key": key})
            streams = await transport.__aenter__()
            self.stack.append(transport)
            session = ClientSession(streams[0], streams[1], client_info=info)
            await session.__aenter__()
            self.stack.append(session)
            self.result = await session.initialize()
            if name == "mcp-test-http":
                print(f"      http: protocol {field(self.result, 'protocolVersion')}")
            return session

        async def __aexit__(self, *exc):
            for item in reversed(self.stack):
                await item.__aexit__(None, None, None)

    return Session()


def field(obj, camel):
    """An attribute by its camelCase name (1.x) or its snake_case one (2.x)."""
    if hasattr(obj, camel):
        return getattr(obj, camel)
    return getattr(obj, re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), camel), None)


def structured(result):
    return field(result, "structuredContent")


def is_error(result):
    return bool(field(result, "isError"))


def text_of(result):
    return "\n".join(getattr(c, "text", "") for c in result.content)


async def call(session, name, arguments=None):
    return await session.call_tool(name, arguments or {})


async def read_tools(session, tools):
    """Calls every read-only tool with the arguments it needs, validating each result against its outputSchema."""
    by_name = {t.name: t for t in tools}
    downloads = structured(await call(session, "list_downloads"))["items"]
    services = structured(await call(session, "list_services"))["services"]
    activity = structured(await call(session, "search_activity", {"limit": 5}))["items"]
    requests = structured(await call(session, "list_requests"))["items"]
    runs = structured(await call(session, "list_audit_runs"))["items"]
    arguments = {
        "get_request": {"id": requests[0]["id"]} if requests else None,
        "search_library": {"term": "Dune"},
        "upcoming": {"days": 30},
        "list_wanted": {"kind": "missing"},
        "explain_download": {"id": downloads[0]["downloadId"]} if downloads else None,
        "test_service": {"name": services[0]["name"]},
        "get_correlation": {"correlationId": activity[0]["correlationId"]},
        "get_audit_run": {"id": runs[0]["id"]} if runs else None,
    }
    called = 0
    for tool in tools:
        if not field(tool.annotations, 'readOnlyHint'):
            continue
        args = arguments.get(tool.name, {})
        if args is None:
            check(False, f"{tool.name}: had something to call it on")
            continue
        result = await call(session, tool.name, args)
        ok = not is_error(result) and structured(result) is not None
        check(ok, f"{tool.name} answers ({text_of(result)[:80]!r})")
        if ok:
            try:
                jsonschema.validate(structured(result), field(by_name[tool.name], 'outputSchema'))
                check(bool(text_of(result)), f"{tool.name}: structuredContent matches its outputSchema, with a text rendering")
            except jsonschema.ValidationError as error:
                check(False, f"{tool.name}: structuredContent matches its outputSchema ({error.message})")
        called += 1
    return called


async def http_checks(base, key):
    url = base + "/mcp"
    # Without a key: 401 in the API's JSON error shape.
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}).encode()
    try:
        urllib.request.urlopen(urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}), timeout=10)
        check(False, "/mcp without a key is refused")
    except urllib.error.HTTPError as error:
        shape = json.loads(error.read())
        check(error.code == 401 and shape["error"]["code"] == "unauthorized", "/mcp without a key: 401 with the API's error shape")

    async with http_session(url, key, "mcp-test-http") as session:
        tools = (await session.list_tools()).tools
        names = [t.name for t in tools]
        check(all(name in names for name in CONTRACT), f"every contract tool is listed ({len(names)} tools)")
        for tool in tools:
            jsonschema.Draft202012Validator.check_schema(field(tool, 'inputSchema'))
            jsonschema.Draft202012Validator.check_schema(field(tool, 'outputSchema'))
        check(True, "every tool's input and output schema is valid JSON Schema")
        annotated = {t.name: t.annotations for t in tools}
        check(field(annotated["list_downloads"], "readOnlyHint") and not field(annotated["list_downloads"], "destructiveHint"), "list_downloads is read-only")
        check(all(field(annotated[name], 'destructiveHint') for name in DESTRUCTIVE), "the destructive tools say so")
        check("confirm" in field(next(t for t in tools if t.name == "remove_download"), "inputSchema")["properties"], "remove_download takes confirm")

        # A request, from request_media to confirm_request.
        created = await call(session, "request_media", {"query": "the Arrival movie"})
        request = structured(created)
        check(not is_error(created) and request["status"] in ("awaiting_choice", "parsed"), f"request_media finds candidates ({request and request['status']})")
        confirmed = await call(session, "confirm_request", {"id": request["id"], "position": 1})
        check(not is_error(confirmed) and structured(confirmed)["status"] in ("searching", "added", "downloading", "available"),
              f"confirm_request adds it ({text_of(confirmed)[:80]!r})")
        by_title = await call(session, "get_request", {"id": "arrival"})
        check(not is_error(by_title) and structured(by_title)["id"] == request["id"], "get_request finds it by a word of its query")

        audit = await call(session, "run_audit", {})
        check(not is_error(audit) and structured(audit)["score"] is not None, f"run_audit scores the demo ({text_of(audit)[:60]!r})")

        called = await read_tools(session, tools)
        check(called >= 18, f"called every read tool ({called})")

        # A bad argument is a tool error naming the field, not a protocol error.
        bad = await call(session, "list_requests", {"limit": 9999})
        check(is_error(bad) and "limit" in text_of(bad), f"a bad argument is a tool error naming the field ({text_of(bad)!r})")
        unknown = await call(session, "list_downloads", {"colour": "red"})
        check(is_error(unknown) and "colour" in text_of(unknown), "an unknown argument is a tool error naming it")
        missing = await call(session, "search_library", {})
        check(is_error(missing) and "term" in text_of(missing), "a missing argument is a tool error naming it")

        # The destructive flow: a preview that changes nothing, then the change.
        downloads = structured(await call(session, "list_downloads"))["items"]
        target = next((d for d in downloads if "remove" in d["actions"]), None)
        check(target is not None, "the demo has a download to remove")
        if target:
            preview = await call(session, "remove_download", {"id": target["downloadId"]})
            data = structured(preview)
            check(not is_error(preview) and data.get("confirmRequired") is True and "confirm" in text_of(preview),
                  f"remove_download without confirm previews ({text_of(preview)[:80]!r})")
            still = [d["downloadId"] for d in structured(await call(session, "list_downloads"))["items"]]
            check(target["downloadId"] in still, "the preview changed nothing")
            done = await call(session, "remove_download", {"id": target["downloadId"], "confirm": True})
            check(not is_error(done) and "removed" in structured(done)["done"], f"with confirm: true it removes ({text_of(done)[:80]!r})")
            attempts = structured(await call(session, "list_recovery_attempts"))["items"]
            check(any(a["strategy"] == "removeJob" and "mcp-test-http" in (a.get("actor") or "") for a in attempts),
                  "the removal is in the recovery attempt log, attributed to the client")

        # A destructive call confirmed by mistake with a non-boolean is refused.
        odd = await call(session, "rollback_change", {"id": 1, "confirm": "yes"})
        check(is_error(odd) and "confirm" in text_of(odd), "confirm must be true or false")

        resources = (await session.list_resources()).resources
        check({str(r.uri) for r in resources} >= {"autoarr://activity/recent", "autoarr://downloads/queue"}, "activity and queue resources listed")
        queue = await session.read_resource("autoarr://downloads/queue")
        check("items" in json.loads(queue.contents[0].text), "the queue resource reads as JSON")

    # Every call is activity attributed to the client.
    calls = rest(base, key, "/api/v1/activity?type=action.called&limit=500")["items"]
    check(any("MCP client mcp-test-http" in entry["message"] for entry in calls), "MCP calls show in the activity log under the client's name")

    # 20 sessions at once, each listing tools and reading the queue.
    async def one(index):
        async with http_session(url, key, f"concurrent-{index}") as session:
            tools = (await session.list_tools()).tools
            result = await call(session, "list_downloads")
            return len(tools) > 20 and not is_error(result)

    results = await asyncio.gather(*[one(i) for i in range(20)], return_exceptions=True)
    check(all(r is True for r in results), f"20 concurrent sessions ({[r for r in results if r is not True][:2]})")


async def stdio_checks(data_dir, read_only):
    arguments = ["mcp", "--data-dir", data_dir] + (["--read-only"] if read_only else [])
    parameters = StdioServerParameters(command=BINARY, args=arguments)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write, client_info=types.Implementation(name="mcp-test-stdio", version="1.0")) as session:
            initialized = await session.initialize()
            label = "stdio --read-only" if read_only else "stdio"
            print(f"      {label}: protocol {field(initialized, 'protocolVersion')}")
            tools = (await session.list_tools()).tools
            if read_only:
                check(all(field(t.annotations, 'readOnlyHint') for t in tools) and len(tools) >= 18, f"{label} lists only read-only tools ({len(tools)})")
                refused = await call(session, "remove_download", {"id": "x", "confirm": True})
                check(is_error(refused) and "read-only" in text_of(refused), f"{label} refuses a write ({text_of(refused)[:60]!r})")
                refused = await call(session, "run_audit", {})
                check(is_error(refused), f"{label} refuses run_audit")
            else:
                check(len(tools) >= len(CONTRACT), f"{label} lists every tool ({len(tools)})")
                services = await call(session, "list_services")
                check(not is_error(services) and len(structured(services)["services"]) >= 3, f"{label} reads the demo's services")
                status = await call(session, "system_status")
                check(not is_error(status) and structured(status)["schemaVersion"] >= 13, f"{label} system_status")


async def main():
    print(f"mcp {VERSION}")
    demo, base, key, data_dir = start_demo()
    try:
        # Let the demo's first monitor pass and audit settle.
        deadline = time.time() + 60
        while time.time() < deadline and not rest(base, key, "/api/v1/downloads")["items"]:
            time.sleep(0.5)
        await http_checks(base, key)
        await stdio_checks(data_dir, read_only=False)
        await stdio_checks(data_dir, read_only=True)
    finally:
        demo.terminate()
        try:
            demo.wait(timeout=15)
        except subprocess.TimeoutExpired:
            demo.kill()
    if failures:
        raise SystemExit(f"{len(failures)} MCP check(s) failed: {failures}")
    print("all MCP checks passed")


asyncio.run(main())
