"""The plan form's recurrence builder, through the pages: the rule made from its fields
(with or without script), a raw rule kept for experts, a rule it cannot show opened raw
and intact; the live preview's JSON (rule, words, dates, errors); the checklist's rows.

Time is frozen on Monday 2 March 2026, 09:00 in the zone.
"""

import datetime

import pytest
from django.urls import reverse

from maintenance.choices import CalendarPolicy, NonWorkingDayRule, PlanMode
from maintenance.models import Plan
from tests.maintenance.plan_pages import TODAY, make_plan
from tests.maintenance.test_plan_form import form_data
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]

MAY_TO_OCTOBER = ["5", "6", "7", "8", "9", "10"]


def built(crew, cleaning, asset, **builder) -> dict:
    """The new-plan form with the builder's fields (and an old rule left in the raw field,
    as a page without script sends it)."""
    data = form_data(crew, cleaning, asset_codes=asset.code, rrule="FREQ=YEARLY")
    del data["rule_raw"]
    data.update({"repeat_every": "1", "repeat_unit": "WEEKLY", "repeat_day": "start", "repeat_nth": "1",
                 "repeat_nth_weekday": "MO", "repeat_month_day": ""})  # fmt: skip
    data.update(builder)
    return data


def test_the_builder_makes_the_rule_saved(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager)
    data = built(crew, cleaning, asset, repeat_every="3", repeat_unit="DAILY", repeat_months=MAY_TO_OCTOBER)
    response = client.post(reverse("plan-create"), data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.rrule == "FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10"
    assert plan.start == TODAY


def test_the_last_working_day_sets_the_calendar(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager)
    data = built(crew, cleaning, asset, repeat_unit="MONTHLY", repeat_day="last_working")
    assert (data["calendar"], data["non_working"]) == (CalendarPolicy.EVERY_DAY, NonWorkingDayRule.NEXT)
    client.post(reverse("plan-create"), data)
    plan = Plan.objects.get()
    assert (plan.rrule, plan.calendar, plan.non_working) == (
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        CalendarPolicy.WORKING_DAYS,
        NonWorkingDayRule.PREVIOUS,
    )


def test_choices_that_make_no_rule_are_said_on_the_builder_and_nothing_is_saved(
    client, manager, crew, cleaning, asset, signed_in
):
    signed_in(manager)
    data = built(crew, cleaning, asset, repeat_unit="MONTHLY", repeat_day="number", repeat_month_day="")
    response = client.post(reverse("plan-create"), data)
    assert response.status_code == 200
    assert not Plan.objects.exists()
    assert response.context["form"].errors == {"repeat_month_day": ["Enter the day of the month, from 1 to 31."]}
    assert "nothing has been saved" in body(response)


def test_a_rule_typed_raw_is_used_and_the_builder_ignored(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager)
    data = built(crew, cleaning, asset, rule_raw="on", rrule="FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
                 repeat_every="many")  # fmt: skip
    client.post(reverse("plan-create"), data)
    assert Plan.objects.get().rrule == "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"


def test_a_meter_plan_built_has_no_rule(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager)
    data = built(crew, cleaning, asset, mode=PlanMode.METER, meter="running_hours", meter_interval="250")
    client.post(reverse("plan-create"), data)
    assert Plan.objects.get().rrule == ""


def test_preview_without_script_shows_the_built_rules_words_and_dates(
    client, manager, crew, cleaning, asset, signed_in
):
    signed_in(manager)
    data = built(crew, cleaning, asset, repeat_unit="MONTHLY", repeat_day="nth", repeat_nth="-1",
                 repeat_nth_weekday="FR", preview="1")  # fmt: skip
    del data["save"]
    response = client.post(reverse("plan-create"), data)
    assert not Plan.objects.exists()
    assert [date.due for date in response.context["preview"]][:3] == [
        datetime.date(2026, 3, 27), datetime.date(2026, 4, 24), datetime.date(2026, 5, 29)
    ]  # fmt: skip
    assert '<p class="rule-words" id="rule-words" aria-live="polite">Every month on the last Friday</p>' in body(
        response
    )


def test_the_form_opens_a_plans_rule_in_the_builder(client, manager, crew, signed_in):
    plan = make_plan(crew, rrule="FREQ=MONTHLY;INTERVAL=2;BYDAY=+2TU;BYMONTH=3,4,5", generate=False)
    response = signed_in(manager).get(reverse("plan-edit", args=[plan.pk]))
    form = response.context["form"]
    assert {name: form[name].value() for name in ("rule_raw", "repeat_every", "repeat_unit", "repeat_day",
                                                   "repeat_nth", "repeat_nth_weekday", "repeat_months")} == {
        "rule_raw": False, "repeat_every": 2, "repeat_unit": "MONTHLY", "repeat_day": "nth", "repeat_nth": 2,
        "repeat_nth_weekday": "TU", "repeat_months": [3, 4, 5],
    }  # fmt: skip
    assert "Every 2 months on the 2nd Tuesday, only in March–May" in body(response)


def test_a_rule_the_builder_cannot_show_opens_raw_and_intact(client, manager, crew, signed_in):
    rule = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
    plan = make_plan(crew, rrule=rule, generate=False)
    response = signed_in(manager).get(reverse("plan-edit", args=[plan.pk]))
    page = body(response)
    assert 'name="rule_raw" aria-describedby="id_rule_raw_helptext" id="id_rule_raw" checked' in page
    assert f'name="rrule" value="{rule}"' in page
    assert f"A custom rule: {rule}" in page


def test_the_new_plan_form_starts_in_the_builder(client, manager, signed_in):
    response = signed_in(manager, "zh-hans").get(reverse("plan-create"))
    form = response.context["form"]
    assert (form["rule_raw"].value(), form["repeat_every"].value(), form["repeat_unit"].value()) == (
        False,
        1,
        "WEEKLY",
    )
    page = body(response)
    assert "每月最后一个工作日" in page and "手动填写规则（RFC 5545 RRULE）" in page


# --- The live preview -------------------------------------------------------------------


def test_the_live_preview_answers_the_rule_its_words_and_ten_dates(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager)
    data = built(crew, cleaning, asset, repeat_every="3", repeat_unit="DAILY", repeat_months=MAY_TO_OCTOBER,
                 name="")  # fmt: skip
    response = client.post(reverse("plan-preview"), data)
    assert response.status_code == 200
    answer = response.json()
    assert answer["rrule"] == "FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10"
    assert answer["words"] == "Every 3 days, only in May–October"
    # Every 3 days from Monday 2 March (60 days before 1 May), in May to October only.
    assert answer["dates"] == [
        "2026-05-01", "2026-05-04", "2026-05-07", "2026-05-10", "2026-05-13", "2026-05-16", "2026-05-19",
        "2026-05-22", "2026-05-25", "2026-05-28",
    ]  # fmt: skip
    assert '<time datetime="2026-05-01">' in answer["html"]
    assert answer["builder"]["repeat_months"] == [5, 6, 7, 8, 9, 10]
    assert not Plan.objects.exists()


def test_the_live_preview_speaks_the_pages_language(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager, "zh-hans")
    data = built(crew, cleaning, asset, repeat_unit="MONTHLY", repeat_day="last_working")
    answer = client.post(reverse("plan-preview"), data).json()
    assert answer["words"] == "每月的最后一个工作日"
    assert (answer["calendar"], answer["non_working"]) == (CalendarPolicy.WORKING_DAYS, NonWorkingDayRule.PREVIOUS)
    assert answer["dates"][:2] == ["2026-03-31", "2026-04-30"]


def test_the_live_preview_reads_a_raw_rule_back_into_the_builder(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager)
    data = built(crew, cleaning, asset, rule_raw="on", rrule="freq=weekly;byday=fr,mo")
    answer = client.post(reverse("plan-preview"), data).json()
    assert answer["rrule"] == "FREQ=WEEKLY;BYDAY=FR,MO"
    assert answer["builder"] == {
        "repeat_every": 1, "repeat_unit": "WEEKLY", "repeat_weekdays": ["MO", "FR"], "repeat_day": "start",
        "repeat_month_day": None, "repeat_nth": 1, "repeat_nth_weekday": "MO", "repeat_months": [],
    }  # fmt: skip
    data["rrule"] = "FREQ=WEEKLY;BYDAY=MO;COUNT=4"
    answer = client.post(reverse("plan-preview"), data).json()
    assert (answer["builder"], answer["words"]) == (None, "Every week on Monday, 4 times in all")
    assert answer["dates"] == ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"]


@pytest.mark.parametrize(
    "fields, errors",
    [
        ({"rule_raw": "on", "rrule": "FREQ=DAILY;INTERVAL=0"},
         {"rrule": ["INTERVAL must be a whole number from 1 to 10000."]}),
        ({"repeat_every": "0"}, {"repeat_every": ["Ensure this value is greater than or equal to 1."]}),
        ({"repeat_every": ""}, {"repeat_every": ["Enter how often: a whole number from 1 to 1000."]}),
        ({"repeat_unit": "YEARLY", "repeat_day": "number", "repeat_month_day": "30", "repeat_months": ["2"]},
         {"repeat_month_day": [
             "None of the months in BYMONTH has the days in BYMONTHDAY: the rule would never occur."
         ]}),
        ({"start": "2026-02-30"}, {"start": ["Enter a valid date."]}),
    ],
)  # fmt: skip
def test_the_live_preview_answers_the_schedules_field_errors(
    client, manager, crew, cleaning, asset, fields, errors, signed_in
):
    signed_in(manager)
    data = built(crew, cleaning, asset, name="", **fields)
    data["crew"] = ""  # other fields' errors are not the preview's concern
    response = client.post(reverse("plan-preview"), data)
    assert response.status_code == 400
    assert response.json() == {"errors": errors}


@pytest.mark.parametrize(("role", "status"), [("crew_member", 404), ("planner", 403), ("inspector", 403)])
def test_the_live_preview_is_for_those_who_make_plans(client, role, status, request, signed_in):
    signed_in(request.getfixturevalue(role))
    assert client.post(reverse("plan-preview"), {"repeat_unit": "DAILY", "repeat_every": "1"}).status_code == status


def test_the_live_preview_takes_only_posts(client, manager, signed_in):
    assert signed_in(manager).get(reverse("plan-preview")).status_code == 405


# --- The checklist's rows ---------------------------------------------------------------


def test_the_page_holds_an_empty_row_for_the_script_to_copy(client, manager, signed_in):
    page = body(signed_in(manager).get(reverse("plan-create")))
    template = page[page.index('<template id="checklist-empty-row">') : page.index("</template>")]
    assert 'name="checklist-__prefix__-label"' in template
    assert 'name="checklist-TOTAL_FORMS" value="3"' in page


def test_rows_added_beyond_the_three_are_saved(client, manager, crew, cleaning, asset, signed_in):
    signed_in(manager)
    data = built(crew, cleaning, asset, repeat_unit="DAILY")
    data["checklist-TOTAL_FORMS"] = "5"
    for index, label in [(3, "Gate locked"), (4, "Lights off")]:
        data.update({f"checklist-{index}-label": label, f"checklist-{index}-kind": "pass_fail",
                     f"checklist-{index}-position": "", f"checklist-{index}-unit": "",
                     f"checklist-{index}-required": "on"})  # fmt: skip
    client.post(reverse("plan-create"), data)
    labels = list(Plan.objects.get().checklist.order_by("position").values_list("label", flat=True))
    assert labels == ["Benches wiped", "Rubbish collected", "Gate locked", "Lights off"]


def test_the_plan_page_says_the_rule_in_words(client, manager, crew, signed_in):
    plan = make_plan(crew, rrule="FREQ=MONTHLY;BYMONTHDAY=-1", calendar=CalendarPolicy.WORKING_DAYS,
                     non_working=NonWorkingDayRule.PREVIOUS, generate=False)  # fmt: skip
    page = body(signed_in(manager, "zh-hans").get(plan.get_absolute_url()))
    assert '<span class="rule-words">每月的最后一个工作日</span>' in page
