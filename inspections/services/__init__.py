"""The inspections workflows, one function per workflow, one module per topic.

Pages, the admin, the public report page, Open311, commands and django-q2 jobs call
these (as ``services.<name>``), so each rule exists once. The modules are layered, each
importing only those below it (an import-linter contract in pyproject.toml):

    rebound                   re-inspections recorded (held, rebound), escalation and its clearing
    loop, orders              register, report, accept, reject, dispatch, refuse, dispose, verify,
                              void; a corrective work order done disposes its findings
    reinspections             scheduling re-inspections after closure (the nightly job)
    routing, steps, photos,   the zone and party of a place; the one path for changes; photos;
    rounds                    starting and ending inspection rounds
"""

from .loop import (
    accept_report,
    check_category,
    check_door_duty,
    dispatch,
    dispose,
    refuse,
    register,
    reject_report,
    report,
    suggested_party,
    verify,
    void,
)
from .orders import order_done
from .photos import check_photo_room, has_after_photo, store_photo
from .rebound import check_reinspection, clear_escalation, escalate, escalation_recipients, record_reinspection
from .reinspections import schedule_reinspections
from .rounds import check_round_open, end_round, is_round_inspector, may_end_round, start_round
from .routing import (
    DOOR_UNIT_RADIUS_M,
    Party,
    asset_crews,
    check_party,
    nearest_door_unit,
    place_of,
    suggest_party,
    zone_containing,
    zone_for,
)
from .steps import TransitionError, transition

__all__ = [
    "DOOR_UNIT_RADIUS_M",
    "Party",
    "TransitionError",
    "accept_report",
    "asset_crews",
    "check_category",
    "check_door_duty",
    "check_party",
    "check_photo_room",
    "check_reinspection",
    "check_round_open",
    "clear_escalation",
    "dispatch",
    "dispose",
    "end_round",
    "escalate",
    "escalation_recipients",
    "has_after_photo",
    "is_round_inspector",
    "may_end_round",
    "nearest_door_unit",
    "order_done",
    "place_of",
    "record_reinspection",
    "refuse",
    "register",
    "reject_report",
    "report",
    "schedule_reinspections",
    "start_round",
    "store_photo",
    "suggest_party",
    "suggested_party",
    "transition",
    "verify",
    "void",
    "zone_containing",
    "zone_for",
]
