"""Notifications out: an escalated rebound, findings past their deadline, a crew's overdue
work and the Monday report reach the managers by email (as each chose) and the
departments' robots; a failing robot is retried, then logged as failed, and never undoes
the workflow that triggered it."""

import base64
import hashlib
import hmac
import time

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections import services
from inspections.models import Finding
from maintenance.models import WorkOrder
from reports import tasks
from reports.models import Delivery, Preference, Webhook
from reports.notify import events
from tests.inspections.conftest import *  # noqa: F403 — the zones, departments and findings
from tests.maintenance.factories import at, day
from tests.reports.test_notify_webhooks import serve

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


@pytest.fixture(autouse=True)
def outbound(settings):
    settings.NOTIFY_LANGUAGE = "en"
    settings.NOTIFY_SITE_URL = "https://shouwei.test"


@pytest.fixture
def receiver(settings):
    yield from serve(settings)


@pytest.fixture
def boss(manager):
    manager.email = "manager@example.org"
    manager.save()
    return manager


@pytest.fixture
def robots(receiver, municipal, social):
    """municipal works (the roads zone's lead) has a WeCom and a signed DingTalk robot;
    social development, an inactive one and a DingTalk one of its own."""
    return {
        "wecom": Webhook.objects.create(department=municipal, kind="wecom", url=receiver.url("wecom")),
        "dingtalk": Webhook.objects.create(
            department=municipal, kind="dingtalk", url=receiver.url("dingtalk"), secret="SECsecret"
        ),
        "off": Webhook.objects.create(department=municipal, kind="wecom", url=receiver.url("wecom"), active=False),
        "social": Webhook.objects.create(department=social, kind="dingtalk", url=receiver.url("dingtalk", "social")),
    }


def log() -> list[tuple]:
    return list(Delivery.objects.order_by("channel", "target").values_list("event", "channel", "status", "attempts"))


def test_an_escalation_reaches_the_managers_and_the_zones_lead_department(
    dispatched,
    boss,
    robots,
    receiver,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate(dispatched, boss)

    title = f"Escalated rebound: finding #{dispatched.pk}"
    text = "Exposed or piled rubbish at 道路及绿化 has come back 0 times."
    link = f"https://shouwei.test/inspections/findings/{dispatched.pk}/"
    markdown = f"### {title}\n{text}\n\n[Open in Shouwei]({link})"
    received = sorted(receiver.requests, key=lambda request: request[0])
    assert [(path, body) for path, _query, body in received] == [
        ("/cgi-bin/webhook/send", {"msgtype": "markdown", "markdown": {"content": markdown}}),
        ("/robot/send", {"msgtype": "markdown", "markdown": {"title": title, "text": markdown}}),
    ]
    assert received[0][1] == {"key": ["robot-key"]}
    # Signed (the robot has a secret), at the frozen moment.
    stamp = str(int(time.time() * 1000))
    digest = hmac.new(b"SECsecret", f"{stamp}\nSECsecret".encode(), hashlib.sha256).digest()
    assert received[1][1] == {
        "access_token": ["robot-key"],
        "timestamp": [stamp],
        "sign": [base64.b64encode(digest).decode()],
    }
    assert [(message.subject, message.body, message.to) for message in mail.outbox] == [
        (title, f"{text}\n\n{link}", ["manager@example.org"])
    ]
    assert log() == [
        ("escalated", "dingtalk", "sent", 1),
        ("escalated", "email", "sent", 1),
        ("escalated", "wecom", "sent", 1),
    ]


@pytest.mark.parametrize("mode", ["500", "slow", "refuse"])
def test_a_failing_robot_is_retried_then_failed_and_the_escalation_stands(
    dispatched,
    boss,
    robots,
    receiver,
    mode,
    django_capture_on_commit_callbacks,
):
    receiver.mode = mode
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate(dispatched, boss)

    assert Finding.objects.get(pk=dispatched.pk).is_escalated()
    assert len(receiver.requests) == 6  # two robots, three tries each
    assert log() == [
        ("escalated", "dingtalk", "failed", 3),
        ("escalated", "email", "sent", 1),
        ("escalated", "wecom", "failed", 3),
    ]
    errors = set(Delivery.objects.filter(status="failed").values_list("error", flat=True))
    assert all(error.startswith("attempt 3: ") for error in errors)
    assert len(mail.outbox) == 1


def test_nothing_is_sent_before_the_escalation_commits(dispatched, boss, robots, receiver):
    services.escalate(dispatched, boss)  # the test's transaction never commits

    assert (receiver.requests, mail.outbox) == ([], [])
    assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}


def test_the_nightly_job_tells_of_each_finding_past_its_deadline_once_a_day(
    dispatched,
    boss,
    robots,
    receiver,
    frozen,
    django_capture_on_commit_callbacks,
):
    frozen.move_to(at(day(9, 29), 10))  # rubbish has 4 working hours: due on the 28th
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.notify_overdue_job()

    assert log() == [
        ("finding_overdue", "dingtalk", "sent", 1),
        ("finding_overdue", "email", "sent", 1),
        ("finding_overdue", "wecom", "sent", 1),
    ]
    assert [message.subject for message in mail.outbox] == [f"Past its deadline: finding #{dispatched.pk}"]
    assert len(receiver.requests) == 2

    frozen.move_to(at(day(9, 30), 10))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.notify_overdue_job()
    assert Delivery.objects.count() == 6  # the next day, again


def test_a_crews_overdue_work_goes_to_its_department(
    sweeping,
    boss,
    robots,
    receiver,
    frozen,
    django_capture_on_commit_callbacks,
):
    from maintenance.services import generate_work_orders

    generate_work_orders()
    order = WorkOrder.objects.order_by("due").first()
    WorkOrder.objects.filter(pk=order.pk).update(due=day(9, 25))
    overdue = WorkOrder.objects.overdue(day(9, 28)).count()
    assert overdue == 1
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            events.crews_overdue(day(9, 28))

    assert [(message.subject, message.body) for message in mail.outbox] == [
        ("Overdue work: Sanitation crew", "Sanitation crew has 1 overdue work order.")
    ]
    assert len(receiver.requests) == 2


def test_each_manager_chooses_what_they_receive(
    dispatched, boss, administrator, inspector, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=boss, escalated=False)
    administrator.email = "admin@example.org"
    administrator.save()
    inspector.email = "inspector@example.org"
    inspector.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.escalate(dispatched, boss)
    assert mail.outbox == []  # the manager said no; the administrator and inspector never chose

    Preference.objects.create(user=administrator, escalated=True)
    with django_capture_on_commit_callbacks(execute=True):
        events.weekly_report_ready("/reports/week/2026-39/", "12 orders done")
        events.finding_escalated(finding=dispatched)
    assert sorted((message.to[0], message.subject) for message in mail.outbox) == [
        ("admin@example.org", f"Escalated rebound: finding #{dispatched.pk}"),
        ("admin@example.org", "The Monday report"),
        ("manager@example.org", "The Monday report"),
    ]


def test_the_monday_report_goes_to_every_active_robot_once(
    boss,
    robots,
    receiver,
    django_capture_on_commit_callbacks,
):
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            events.weekly_report_ready("/reports/week/2026-39/", "12 orders done, 1 late")
    assert sorted(
        query["access_token" if "access_token" in query else "key"][0] for _p, query, _b in receiver.requests
    ) == [
        "robot-key",
        "robot-key",
        "social",
    ]
    assert mail.outbox[0].body == "12 orders done, 1 late\n\nhttps://shouwei.test/reports/week/2026-39/"


def test_a_manager_saves_their_choices(signed_in, boss):
    client = signed_in(boss)
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200
    assert page.content.decode().count("checked") == 4  # all four, until they choose

    response = client.post("/notifications/preferences/", {"finding_overdue": "on", "weekly_report": "on"})
    assert response.status_code == 302
    assert Preference.objects.filter(user=boss).values_list(
        "escalated", "finding_overdue", "crew_overdue", "weekly_report"
    ).get() == (False, True, False, True)


def test_a_crew_member_receives_no_mail_and_may_not_choose(signed_in, crew_member):
    client = signed_in(crew_member)
    assert "go to managers and administrators" in client.get("/notifications/preferences/").content.decode()
    assert client.post("/notifications/preferences/", {"escalated": "on"}).status_code == 403
    assert not Preference.objects.exists()


def test_managers_read_the_log_in_the_admin_and_change_nothing(signed_in, boss, dispatched):
    services.escalate(dispatched, boss)
    row = Delivery.objects.get()
    client = signed_in(boss)
    assert client.get("/admin/reports/delivery/").status_code == 200
    assert client.get(f"/admin/reports/delivery/{row.pk}/change/").status_code == 200
    assert client.post(f"/admin/reports/delivery/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/reports/delivery/add/").status_code == 403
    assert Delivery.objects.filter(pk=row.pk).exists()


def test_a_webhooks_address_is_checked_when_saved(municipal):
    from django.core.exceptions import ValidationError

    robot = Webhook(department=municipal, kind="wecom", url="https://example.org/cgi-bin/webhook/send?key=k")
    with pytest.raises(ValidationError):
        robot.full_clean()
    robot.url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    robot.full_clean()


def test_the_escalation_stands_when_its_messages_cannot_be_logged(dispatched, boss, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the log is full")

    monkeypatch.setattr("reports.notify.events.announce", broken)
    services.escalate(dispatched, boss)
    assert Finding.objects.get(pk=dispatched.pk).is_escalated()
    assert not Delivery.objects.exists()


def test_the_nightly_job_is_among_the_schedules():
    from maintenance.schedules import all_schedules

    assert ("send-overdue-messages", "reports.tasks.notify_overdue_job", "30 6 * * *") in all_schedules()


def test_an_inspector_reads_neither_the_log_nor_a_robots_keys(signed_in, inspector, municipal, boss, dispatched):
    inspector.is_staff = True
    inspector.save()
    robot = Webhook.objects.create(
        department=municipal, kind="dingtalk", url="https://oapi.dingtalk.com/robot/send?access_token=t0k3n"
    )
    services.escalate(dispatched, boss)
    client = signed_in(inspector)
    assert client.get("/admin/reports/delivery/").status_code == 403
    page = client.get(f"/admin/reports/webhook/{robot.pk}/change/")
    assert page.status_code == 200 and "t0k3n" not in page.content.decode()


def test_the_log_reads_in_constant_queries(signed_in, boss, municipal, dispatched):
    """The admin's log at two sizes: the session, the user and their groups, the count,
    the rows, the date hierarchy's years, the filters' — never a query per row."""
    client = signed_in(boss)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/reports/delivery/").status_code == 200
        return len(captured)

    services.escalate(dispatched, boss)
    small = queries()
    for _more in range(5):
        events.weekly_report_ready(f"/reports/week/{_more}/", "summary")
    assert Delivery.objects.count() == 6
    assert queries() == small
