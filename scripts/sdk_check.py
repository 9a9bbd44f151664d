"""Drives the casedash emulator with the official case.dev Python SDK (casedev 0.69.0, the
version the API reference was taken from), unchanged. Prints "N passed, N failed".
Usage: python sdk_check.py BASE_URL"""
import sys
import casedev

base = sys.argv[1]
client = casedev.Casedev(api_key="sk_case_sdk_check", base_url=base, max_retries=0)
v1 = client.agent.v1
passed = failed = 0


def check(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print(f"ok   - {name}")
    except Exception as e:  # noqa: BLE001 - report every failure and go on
        failed += 1
        print(f"FAIL - {name}: {type(e).__name__}: {e}")


state = {}


def create_agent():
    a = v1.agents.create(name="SDK Agent", instructions="Be precise.", model="anthropic/claude-sonnet-4.6")
    assert a.id.startswith("agent_") and a.name == "SDK Agent", a
    state["agent"] = a.id


def list_and_get_agent():
    page = v1.agents.list(limit=10)
    assert any(x.id == state["agent"] for x in page.agents), page
    assert v1.agents.retrieve(state["agent"]).instructions == "Be precise."


def update_agent():
    a = v1.agents.update(state["agent"], description="updated", enabled_tools=["bash"])
    assert a.description == "updated" and a.enabled_tools == ["bash"], a


def create_exec_and_poll_run():
    r = v1.run.create(agent_id=state["agent"], prompt="Review it #ok #duration=20 #runtime=linc")
    assert r.status == "queued", r
    e = v1.run.exec(r.id)
    assert e.status == "running" and e.workflow_id, e
    state["run"] = r.id
    import time
    for _ in range(200):
        s = v1.run.get_status(r.id)
        if s.status == "completed":
            break
        time.sleep(0.05)
    assert s.status == "completed" and s.duration_ms, s


def details():
    d = v1.run.get_details(state["run"])
    assert d.status == "completed" and d.result and d.result.output, d
    logs = d.result.logs
    assert logs.runner and "linc" in (logs.model_extra or {}), logs
    assert d.usage.summary.total_tokens > 0 and d.steps, d.usage


def list_runs_with_filters():
    page = v1.run.list(agent_id=state["agent"], status="completed", limit=5)
    assert [x.id for x in page.runs] == [state["run"]], page


def events_stream():
    events = list(v1.run.events(state["run"]))
    assert events and events[-1]["type"] == "done", events[-3:]
    rest = list(v1.run.events(state["run"], last_event_id=3))
    assert rest[0]["seq"] == 4 and len(rest) == len(events) - 3


def exec_twice_is_conflict():
    try:
        v1.run.exec(state["run"])
    except casedev.ConflictError as e:
        assert e.status_code == 409
        return
    raise AssertionError("no ConflictError")


def cancel_is_idempotent():
    r = v1.run.create(agent_id=state["agent"], prompt="wait #hang")
    v1.run.exec(r.id)
    assert v1.run.cancel(r.id).status == "cancelled"
    assert v1.run.cancel(r.id).status == "cancelled"
    done = v1.run.cancel(state["run"])
    assert done.status == "completed" and done.message, done


def watch_requires_https():
    try:
        v1.run.watch(state["run"], callback_url="http://example.com/hook")
    except casedev.BadRequestError:
        pass
    else:
        raise AssertionError("http callback accepted")
    w = v1.run.watch(state["run"], callback_url="https://hooks.example.com/casedash")
    assert w.ok


def execute_sync():
    x = v1.execute.create(prompt="Summarise #ok #duration=10", timeout=120)
    extra = x.model_extra or {}
    assert x.status == "completed" and extra.get("output") and extra.get("logs", {}).get("linc"), x


def not_found_and_auth():
    try:
        v1.run.get_status("run_missing")
    except casedev.NotFoundError:
        pass
    else:
        raise AssertionError("no NotFoundError")
    bad = casedev.Casedev(api_key="nope", base_url=base, max_retries=0)
    try:
        bad.agent.v1.agents.list()
    except casedev.AuthenticationError:
        return
    raise AssertionError("no AuthenticationError")


def delete_agent():
    assert v1.agents.delete(state["agent"]).ok
    try:
        v1.agents.retrieve(state["agent"])
    except casedev.NotFoundError:
        return
    raise AssertionError("deleted agent still found")


for name, fn in [("create agent", create_agent), ("list and retrieve agent", list_and_get_agent),
                 ("update agent", update_agent), ("create, exec and poll a run to completion", create_exec_and_poll_run),
                 ("run details: output, logs runner+linc, usage, steps", details),
                 ("list runs by agent and status", list_runs_with_filters), ("SSE events and resume", events_stream),
                 ("second exec is ConflictError", exec_twice_is_conflict), ("cancel is idempotent", cancel_is_idempotent),
                 ("watch wants https", watch_requires_https), ("synchronous execute", execute_sync),
                 ("NotFoundError and AuthenticationError", not_found_and_auth), ("delete agent", delete_agent)]:
    check(name, fn)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
