#!/usr/bin/python3
"""Real-client tests of `socketscope serve` with python3-websockets (Debian's) and urllib, and
JSON Web Tokens signed by PyJWT (python3-jwt) for `serve --jwt-*`.

    /usr/bin/python3 test_python_websockets.py PATH/TO/socketscope

Each check starts from its own channel; one server serves them all, a second one runs with
--token. Exit code 0 when all pass, 1 otherwise, 77 (ctest: skipped) when python3-websockets is
missing and SOCKETSCOPE_REQUIRE_EXTERNAL is not set.
"""

import asyncio
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from socketscope_serve import ServeProcess, require_binary  # noqa: E402

try:
    import jwt as pyjwt
    import websockets
    from websockets.exceptions import ConnectionClosed
except ImportError:
    message = f"python3-websockets or python3-jwt is not installed for {sys.executable} (apt-get install python3-websockets python3-jwt)"
    if os.environ.get("SOCKETSCOPE_REQUIRE_EXTERNAL"):
        print(message, file=sys.stderr)
        sys.exit(1)
    print("SKIP: " + message)
    sys.exit(77)

STEP_TIMEOUT = 10.0  # seconds for any single receive or request
TEST_TIMEOUT = 45.0  # seconds for a whole check


def fresh_channel(name):
    return f"{name}-{uuid.uuid4().hex[:8]}"


def connect(server, channel, query="", **kwargs):
    url = f"{server.ws}/ws?channel={channel}{query}"
    return websockets.connect(url, open_timeout=STEP_TIMEOUT, close_timeout=5, **kwargs)


async def recv_json(ws, timeout=STEP_TIMEOUT):
    raw = await asyncio.wait_for(ws.recv(), timeout)
    assert isinstance(raw, str), f"expected a text frame, got {raw!r}"
    return json.loads(raw)


async def expect_silence(ws, seconds=0.3):
    """Nothing more arrives within `seconds`."""
    try:
        raw = await asyncio.wait_for(ws.recv(), seconds)
    except asyncio.TimeoutError:
        return
    raise AssertionError(f"unexpected extra message: {raw}")


async def expect_close(ws, code, timeout=STEP_TIMEOUT):
    """Reads until the server closes; asserts its close code."""
    async def drain():
        try:
            while True:
                await ws.recv()
        except ConnectionClosed:
            pass

    await asyncio.wait_for(drain(), timeout)
    assert ws.close_code == code, f"close code {ws.close_code} ({ws.close_reason!r}), expected {code}"


def http(server, method, path, body=None, headers=None):
    """(status, headers, body text) of one request, without raising on 4xx/5xx."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.http + path, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=STEP_TIMEOUT) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


async def ahttp(*args, **kwargs):
    return await asyncio.to_thread(http, *args, **kwargs)


async def welcome(ws, channel):
    message = await recv_json(ws)
    assert message["type"] == "session.welcome", message
    assert message["channel"] == channel, message
    assert isinstance(message["payload"]["connection"], str) and message["payload"]["connection"], message
    assert isinstance(message["payload"]["latest"], int), message
    return message


def check_delivered(message, channel, type_, id_, payload, seq=None):
    assert message["type"] == type_, message
    assert message["channel"] == channel, message
    assert message["id"] == id_, message
    assert message["payload"] == payload, message
    assert isinstance(message["seq"], int) and message["seq"] > 0, message
    if seq is not None:
        assert message["seq"] == seq, f"seq {message['seq']}, expected {seq}: {message}"
    # ts is the server's wall clock in ms; both sides share this machine's clock.
    assert abs(message["ts"] - time.time() * 1000) < 60_000, message


# --- checks against the plain server ----------------------------------------------------------

async def test_welcome_and_echo(server):
    channel = fresh_channel("echo")
    async with connect(server, channel) as a, connect(server, channel) as b:
        first = await welcome(a, channel)
        assert first["payload"]["latest"] == 0, first
        await welcome(b, channel)
        payload = {"n": 1, "text": "h\u00e9llo \u2713", "nested": {"list": [1, 2.5, None, True]}}
        await a.send(json.dumps({"type": "echo", "payload": payload, "id": "echo-1"}))
        echo = await recv_json(a)
        assert echo["type"] == "echo" and echo["id"] == "echo-1" and echo["payload"] == payload, echo
        assert "seq" not in echo and isinstance(echo["ts"], (int, float)), echo
        # The echo went to the sender only: B's next message is A's chat message, not the echo.
        await a.send(json.dumps({"type": "chat.message", "payload": {"text": "after echo"}, "id": "m-1"}))
        check_delivered(await recv_json(b), channel, "chat.message", "m-1", {"text": "after echo"}, seq=1)
        check_delivered(await recv_json(a), channel, "chat.message", "m-1", {"text": "after echo"}, seq=1)


async def test_chat_between_clients(server):
    channel = fresh_channel("chat")
    async with connect(server, channel) as a, connect(server, channel) as b:
        await welcome(a, channel)
        await welcome(b, channel)
        for n in range(1, 6):
            sender, other = (a, b) if n % 2 else (b, a)
            payload = {"text": f"message {n}", "from": "a" if sender is a else "b"}
            await sender.send(json.dumps({"type": "chat.message", "payload": payload, "id": f"c-{n}"}))
            got_sender = await recv_json(sender)
            got_other = await recv_json(other)
            check_delivered(got_sender, channel, "chat.message", f"c-{n}", payload, seq=n)
            assert got_other == got_sender, (got_other, got_sender)
        # Without an id the server assigns one.
        await a.send(json.dumps({"type": "chat.edit", "payload": {}}))
        edited = await recv_json(b)
        assert edited["type"] == "chat.edit" and edited["seq"] == 6 and edited["id"], edited
        assert (await recv_json(a))["id"] == edited["id"]
        # Invalid JSON gets an error envelope and the connection stays open.
        await a.send("{not json")
        error = await recv_json(a)
        assert error["type"] == "error" and error["payload"]["message"], error
        await a.send(json.dumps({"type": "echo", "payload": "still open", "id": "e"}))
        assert (await recv_json(a))["payload"] == "still open"
        await expect_silence(b)


async def test_publish_reaches_websocket_and_poll(server):
    channel = fresh_channel("cross")
    async with connect(server, channel) as a, connect(server, channel) as b:
        await welcome(a, channel)
        await welcome(b, channel)
        payload = {"text": "from HTTP", "n": 7}
        status, _, body = await ahttp(server, "POST", "/publish",
                                      {"channel": channel, "type": "chat.message", "payload": payload})
        assert status == 200, (status, body)
        answer = json.loads(body)
        assert answer == {"seq": 1, "delivered": 2}, answer
        for ws in (a, b):
            got = await recv_json(ws)
            assert got["type"] == "chat.message" and got["seq"] == 1 and got["payload"] == payload, got
            assert got["channel"] == channel and got["id"], got
        # The same message through long poll, at once because the client is behind.
        status, _, body = await ahttp(server, "GET", f"/poll?channel={channel}&since=0&timeout=5")
        assert status == 200, (status, body)
        poll = json.loads(body)
        assert poll["channel"] == channel and poll["last"] == 1 and poll["reset"] is False, poll
        assert [e["seq"] for e in poll["events"]] == [1] and poll["events"][0]["payload"] == payload, poll
        # A parked poll is answered by a WebSocket client's message.
        parked = asyncio.create_task(ahttp(server, "GET", f"/poll?channel={channel}&since=1&timeout=10"))
        await asyncio.sleep(0.3)
        await a.send(json.dumps({"type": "chat.message", "payload": {"text": "ws to poll"}, "id": "wp"}))
        status, _, body = await asyncio.wait_for(parked, STEP_TIMEOUT)
        poll = json.loads(body)
        assert status == 200 and [e["id"] for e in poll["events"]] == ["wp"] and poll["last"] == 2, poll
        # Unknown fields are refused.
        status, _, body = await ahttp(server, "POST", "/publish", {"channel": channel, "type": "x", "bogus": 1})
        assert status == 400, (status, body)
    status, _, body = await ahttp(server, "GET", "/healthz")
    assert status == 200 and body.strip() == "ok", (status, body)
    status, headers, body = await ahttp(server, "GET", "/metrics")
    assert status == 200 and headers.get_content_type() == "text/plain", (status, headers)
    assert "socketscope_messages_published_total" in body and "socketscope_connections" in body, body[:500]


async def test_resume_with_since(server):
    channel = fresh_channel("resume")
    async with connect(server, channel) as a:
        await welcome(a, channel)
        async with connect(server, channel) as b:
            await welcome(b, channel)
            await a.send(json.dumps({"type": "chat.message", "payload": {"n": 1}, "id": "r-1"}))
            seen = (await recv_json(b))["seq"]
            assert (await recv_json(a))["seq"] == seen
        # B is gone: these three are missed.
        missed = []
        for n in range(2, 5):
            await a.send(json.dumps({"type": "chat.message", "payload": {"n": n}, "id": f"r-{n}"}))
            missed.append(await recv_json(a))
        async with connect(server, channel, f"&since={seen}") as b:
            hello = await welcome(b, channel)
            assert hello["payload"]["latest"] == seen + 3, hello
            replayed = [await recv_json(b) for _ in missed]
            assert replayed == missed, (replayed, missed)
            # Then live messages, with nothing replayed twice.
            await a.send(json.dumps({"type": "chat.message", "payload": {"n": 5}, "id": "r-5"}))
            live = await recv_json(b)
            assert live["id"] == "r-5" and live["seq"] == seen + 4, live
            await expect_silence(b)
        # A resume point that is already current replays nothing.
        async with connect(server, channel, f"&since={seen + 4}") as c:
            await welcome(c, channel)
            await expect_silence(c)


async def test_exit_codes(server):
    # Bad flags: 2. Port in use: 1.
    proc = await asyncio.create_subprocess_exec(server.binary, "serve", "--no-such-flag",
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), STEP_TIMEOUT)
    assert proc.returncode == 2, (proc.returncode, err)
    proc = await asyncio.create_subprocess_exec(server.binary, "serve", "--listen", f"127.0.0.1:{server.port}",
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), STEP_TIMEOUT)
    assert proc.returncode == 1, (proc.returncode, err)


# --- checks against a server started with --token ----------------------------------------------

TOKEN = "s3cret-" + uuid.uuid4().hex[:6]


async def test_token_rejection(server):
    channel = fresh_channel("token")
    for query, headers in (("", {}), ("&token=wrong", {}), ("", {"Authorization": "Bearer wrong"})):
        async with connect(server, channel, query, extra_headers=headers) as ws:
            await expect_close(ws, 4001)
    async with connect(server, channel, f"&token={TOKEN}") as a, \
            connect(server, channel, extra_headers={"Authorization": f"Bearer {TOKEN}"}) as b:
        await welcome(a, channel)
        await welcome(b, channel)
        body = {"channel": channel, "type": "chat.message", "payload": {"text": "authorized"}}
        status, headers, text = await ahttp(server, "POST", "/publish", body)
        assert status == 401, (status, text)
        assert headers.get("WWW-Authenticate", "").startswith("Bearer"), dict(headers)
        status, _, text = await ahttp(server, "POST", "/publish", body, {"Authorization": "Bearer wrong"})
        assert status == 401, (status, text)
        status, _, text = await ahttp(server, "GET", f"/events?channel={channel}")
        assert status == 401, (status, text)
        status, _, text = await ahttp(server, "POST", "/publish", body, {"Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and json.loads(text)["delivered"] == 2, (status, text)
        status, _, text = await ahttp(server, "POST", f"/publish?token={TOKEN}", body)
        assert status == 200, (status, text)
        for ws in (a, b):
            assert [(await recv_json(ws))["seq"] for _ in range(2)] == [1, 2]
    status, _, text = await ahttp(server, "GET", "/healthz")
    assert status == 200 and text.strip() == "ok", (status, text)


JWT_SECRET = "a secret the tests share with serve"
JWT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server", "data", "jwt")


def signed(claims, key=JWT_SECRET, algorithm="HS256"):
    return pyjwt.encode(claims, key, algorithm=algorithm)


async def expect_refused(server, channel, token, reason):
    async with connect(server, channel, f"&token={token}") as ws:
        await expect_close(ws, 4001)
        assert ws.close_reason == reason, (ws.close_reason, reason)
    status, headers, text = await ahttp(server, "GET", f"/poll?channel={channel}&timeout=0",
                                        headers={"Authorization": f"Bearer {token}"})
    assert status == 401 and json.loads(text)["error"] == reason, (status, text)
    assert f'error_description="{reason}"' in headers.get("WWW-Authenticate", ""), dict(headers)


async def test_jwt_hs256(server):
    """Tokens from PyJWT, an implementation other than the server's libjwt."""
    channel = fresh_channel("jwt")
    now = int(time.time())
    async with connect(server, channel, f"&token={signed({'sub': 'carol', 'exp': now + 60})}") as ws:
        hello = await welcome(ws, channel)
        assert hello["payload"]["user"] == "carol", hello
    await expect_refused(server, channel, signed({"sub": "carol", "exp": now - 30}), "token expired")
    await expect_refused(server, channel, signed({"sub": "carol", "nbf": now + 300}), "token not yet valid")
    await expect_refused(server, channel, signed({"sub": "carol"}, key="another secret"), "invalid signature")
    await expect_refused(server, channel, signed({"sub": "carol"}, algorithm="HS512"), "wrong algorithm: HS512 (expected HS256)")
    await expect_refused(server, channel, signed({"sub": "carol"}, key=None, algorithm="none"), "wrong algorithm: none (expected HS256)")
    await expect_refused(server, channel, signed({"name": "carol"}), "token has no sub")
    # A token that runs out while its WebSocket is open closes it (exp has whole seconds).
    async with connect(server, channel, f"&token={signed({'sub': 'carol', 'exp': int(time.time()) + 2})}") as ws:
        await welcome(ws, channel)
        await expect_close(ws, 4001)
        assert ws.close_reason == "token expired", ws.close_reason


async def test_jwt_rs256(server):
    channel = fresh_channel("rs256")
    with open(os.path.join(JWT_DATA, "rsa-private.pem")) as f:
        private_key = f.read()
    with open(os.path.join(JWT_DATA, "rsa-public.pem")) as f:
        public_key = f.read()
    async with connect(server, channel, extra_headers={
            "Authorization": f"Bearer {signed({'sub': 'dave'}, key=private_key, algorithm='RS256')}"}) as ws:
        hello = await welcome(ws, channel)
        assert hello["payload"]["user"] == "dave", hello
    # The algorithm confusion attack: HS256 "signed" with the public key as the secret.
    forged = pyjwt.api_jws.PyJWS(algorithms=None)
    forged._algorithms["HS256"] = pyjwt.algorithms.HMACAlgorithm(pyjwt.algorithms.HMACAlgorithm.SHA256)
    forged._algorithms["HS256"].prepare_key = lambda key: key.encode()
    token = forged.encode(json.dumps({"sub": "dave"}).encode(), public_key, algorithm="HS256")
    await expect_refused(server, channel, token, "wrong algorithm: HS256 (expected RS256)")


async def test_sigterm_closes_with_1001(server):
    """Runs last: SIGTERM closes connected clients with 1001 and serve exits 0."""
    channel = fresh_channel("bye")
    async with connect(server, channel) as ws:
        await welcome(ws, channel)
        code = await asyncio.to_thread(server.stop)
        await expect_close(ws, 1001)
        assert code == 0, f"serve exited with {code} after SIGTERM"


async def run(binary):
    results = []

    async def check(test, server):
        started = time.monotonic()
        try:
            await asyncio.wait_for(test(server), TEST_TIMEOUT)
            results.append(True)
            print(f"PASS {test.__name__} ({time.monotonic() - started:.2f}s)", flush=True)
        except Exception:  # noqa: BLE001 - report every failure and go on
            results.append(False)
            print(f"FAIL {test.__name__} ({time.monotonic() - started:.2f}s)", flush=True)
            traceback.print_exc()

    plain = ServeProcess(binary, "--workers", "2").start()
    try:
        print(plain.first_line, flush=True)
        plain.binary = binary
        for test in (test_welcome_and_echo, test_chat_between_clients, test_publish_reaches_websocket_and_poll,
                     test_resume_with_since, test_exit_codes, test_sigterm_closes_with_1001):
            await check(test, plain)
    finally:
        plain.kill()

    secured = ServeProcess(binary, "--token", TOKEN).start()
    try:
        await check(test_token_rejection, secured)

        async def test_sigterm_exit_code_with_token(server):
            assert await asyncio.to_thread(server.stop) == 0

        await check(test_sigterm_exit_code_with_token, secured)
    finally:
        secured.kill()

    secret_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"socketscope-jwt-{uuid.uuid4().hex}")
    with open(secret_file, "w") as f:
        f.write(JWT_SECRET + "\n")
    try:
        hs256 = ServeProcess(binary, "--jwt-algorithm", "HS256", "--jwt-secret-file", secret_file).start()
    finally:
        os.unlink(secret_file)
    try:
        await check(test_jwt_hs256, hs256)
    finally:
        hs256.kill()
    rs256 = ServeProcess(binary, "--jwt-algorithm", "RS256", "--jwt-public-key", os.path.join(JWT_DATA, "rsa-public.pem")).start()
    try:
        await check(test_jwt_rs256, rs256)
    finally:
        rs256.kill()

    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(run(require_binary())))
