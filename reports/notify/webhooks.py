"""The group robots' documented formats: WeCom (企业微信) and DingTalk (钉钉) markdown
messages, DingTalk's signed-secret option, and one POST with the vendor's reply checked."""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Each kind's one documented host and path:
# https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… and
# https://oapi.dingtalk.com/robot/send?access_token=…
HOSTS = {"wecom": ("qyapi.weixin.qq.com", "/cgi-bin/webhook/send"), "dingtalk": ("oapi.dingtalk.com", "/robot/send")}


class SendError(Exception):
    """A robot refused or could not be reached: the message is retried, then failed."""


def check_url(kind: str, url: str) -> None:
    """An https address on the vendor's own host and path (a key in the query), so that a
    department's secret goes nowhere else. settings.NOTIFY_ALLOW_HOSTS lets tests post
    over http to a receiver of their own (127.0.0.1)."""
    parts = urllib.parse.urlsplit(url or "")
    if kind not in HOSTS:
        raise ValidationError(_("Choose WeCom or DingTalk."), code="kind")
    host, path = HOSTS[kind]
    if parts.hostname in getattr(settings, "NOTIFY_ALLOW_HOSTS", []) and parts.scheme in ("http", "https"):
        return
    if parts.scheme != "https" or parts.hostname != host or parts.port not in (None, 443) or parts.path != path:
        raise ValidationError(
            _("The address must start with https://%(host)s%(path)s (copy it from the group robot's settings).")
            % {"host": host, "path": path},
            code="url",
        )
    if not urllib.parse.parse_qs(parts.query).get("key" if kind == "wecom" else "access_token"):
        raise ValidationError(_("The address lacks the robot's key."), code="url_key")


def markdown(title: str, text: str, url: str) -> str:
    body = f"### {title}\n{text}"
    label = _("Open in Shouwei")
    return f"{body}\n\n[{label}]({url})" if url else body


def wecom_payload(title: str, text: str, url: str) -> dict:
    """WeCom's markdown message: {"msgtype": "markdown", "markdown": {"content": …}}."""
    return {"msgtype": "markdown", "markdown": {"content": markdown(title, text, url)}}


def dingtalk_payload(title: str, text: str, url: str) -> dict:
    """DingTalk's markdown message: the title shows in the chat list, the text in the group."""
    return {"msgtype": "markdown", "markdown": {"title": title, "text": markdown(title, text, url)}}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret,
    base64, URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    if not secret:
        return url
    timestamp_ms = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
    return f"{url}&timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def post(kind: str, url: str, payload: dict, secret: str = "") -> None:
    """POST the message; raise SendError unless the robot answers errcode 0."""
    check_url(kind, url)
    if kind == "dingtalk":
        url = signed_url(url, secret)
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFY_TIMEOUT) as response:
            reply = response.read()
    except urllib.error.HTTPError as error:
        raise SendError(f"HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SendError(f"{type(error).__name__}: {error}") from error
    try:
        answer = json.loads(reply)
    except ValueError as error:
        raise SendError(f"not JSON: {reply[:200]!r}") from error
    if not isinstance(answer, dict) or answer.get("errcode") != 0:
        errcode = answer.get("errcode") if isinstance(answer, dict) else None
        errmsg = answer.get("errmsg") if isinstance(answer, dict) else answer
        raise SendError(f"errcode {errcode}: {errmsg}")
