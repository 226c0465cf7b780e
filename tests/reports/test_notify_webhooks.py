"""The group robots' formats: WeCom's and DingTalk's markdown messages exactly as their
documentation gives them, DingTalk's signature, and a POST to a local receiver."""

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from reports.notify import webhooks

pytestmark = pytest.mark.usefixtures("english")


class Receiver:
    """A robot on 127.0.0.1: records each POST (path with query, JSON body) and answers as
    its mode says: "ok" (errcode 0), "500", "slow" (past NOTIFY_TIMEOUT) or "refuse"
    (errcode 310000, as DingTalk answers a bad signature)."""

    def __init__(self):
        self.mode = "ok"
        self.requests: list[tuple[str, dict, dict]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                parts = urllib.parse.urlsplit(self.path)
                receiver.requests.append((parts.path, urllib.parse.parse_qs(parts.query), json.loads(body)))
                if receiver.mode == "slow":
                    time.sleep(1.5)
                status, answer = {
                    "500": (500, {"errcode": -1, "errmsg": "system busy"}),
                    "refuse": (200, {"errcode": 310000, "errmsg": "sign not match"}),
                }.get(receiver.mode, (200, {"errcode": 0, "errmsg": "ok"}))
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (timeout)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def url(self, kind: str, token: str = "robot-key") -> str:
        path = "/cgi-bin/webhook/send?key=" if kind == "wecom" else "/robot/send?access_token="
        return f"http://127.0.0.1:{self.port}{path}{token}"


def serve(settings):
    """A local robot, allowed over http, with a short timeout and no wait between tries
    (the body of each module's receiver fixture)."""
    settings.NOTIFY_ALLOW_HOSTS = ["127.0.0.1"]
    settings.NOTIFY_TIMEOUT = 0.5
    settings.NOTIFY_BACKOFF = 0
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def receiver(settings):
    yield from serve(settings)


def test_wecom_markdown_is_the_documented_message():
    assert webhooks.wecom_payload("Escalated", "Rubbish is back", "https://shouwei.test/f/1/") == {
        "msgtype": "markdown",
        "markdown": {"content": "### Escalated\nRubbish is back\n\n[Open in Shouwei](https://shouwei.test/f/1/)"},
    }


def test_dingtalk_markdown_is_the_documented_message():
    assert webhooks.dingtalk_payload("Escalated", "Rubbish is back", "") == {
        "msgtype": "markdown",
        "markdown": {"title": "Escalated", "text": "### Escalated\nRubbish is back"},
    }


def test_the_dingtalk_signature_is_hmac_sha256_of_timestamp_and_secret():
    secret, timestamp = "SEC1234567890abcdef", 1790000000000
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    expected = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    assert webhooks.dingtalk_sign(secret, timestamp) == expected
    assert webhooks.signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", secret, timestamp) == (
        f"https://oapi.dingtalk.com/robot/send?access_token=t&timestamp={timestamp}&sign={expected}"
    )
    assert webhooks.signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", "") == (
        "https://oapi.dingtalk.com/robot/send?access_token=t"
    )


@pytest.mark.parametrize(
    ("kind", "url", "code"),
    [
        ("wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "url"),
        ("wecom", "https://evil.example.org/cgi-bin/webhook/send?key=k", "url"),
        ("wecom", "https://oapi.dingtalk.com/robot/send?access_token=k", "url"),
        ("dingtalk", "https://oapi.dingtalk.com:8443/robot/send?access_token=k", "url"),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send", "url_key"),
        ("dingtalk", "http://127.0.0.1:9/robot/send?access_token=k", "url"),
        ("slack", "https://hooks.slack.com/x", "kind"),
    ],
)
def test_an_address_off_the_vendors_https_host_is_refused(kind, url, code):
    with pytest.raises(ValidationError) as error:
        webhooks.check_url(kind, url)
    assert error.value.code == code


def test_the_vendors_addresses_are_accepted():
    webhooks.check_url("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx")
    webhooks.check_url("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc")


def test_a_signed_dingtalk_post_reaches_the_robot(receiver, time_machine):
    time_machine.move_to(1790000000.0, tick=False)
    payload = webhooks.dingtalk_payload("标题", "内容", "")
    webhooks.post("dingtalk", receiver.url("dingtalk", "tok"), payload, secret="SECabc")

    [(path, query, body)] = receiver.requests
    digest = hmac.new(b"SECabc", b"1790000000000\nSECabc", hashlib.sha256).digest()
    assert (path, body) == ("/robot/send", payload)
    # parse_qs decodes once: the signature as base64 again.
    assert query == {
        "access_token": ["tok"],
        "timestamp": ["1790000000000"],
        "sign": [base64.b64encode(digest).decode()],
    }


@pytest.mark.parametrize(
    ("mode", "error"),
    [("500", "HTTP 500"), ("refuse", "errcode 310000: sign not match"), ("slow", "timed out")],
)
def test_a_robot_that_fails_raises_a_send_error(receiver, mode, error):
    receiver.mode = mode
    with pytest.raises(webhooks.SendError, match=error):
        webhooks.post("wecom", receiver.url("wecom"), webhooks.wecom_payload("t", "x", ""))
