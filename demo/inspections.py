"""Inspections' demo data: rounds and findings in every state across the five zones, so
that managers and inspectors meet real work on the first start.

Made through the services, as it would have happened, at moments in the past (each
service takes ``now``): a closed finding whose re-inspections were held; a street-vendor
spot that came back twice and is escalated; findings registered, dispatched (one
overdue), refused, disposed through a crew's corrective work order, sent back for
rework, voided; a public report pending and one rejected; a round that found nothing.
The places, categories and texts are invented for the demo (DOMAIN.md's problems, its
zones and departments); the photos are plain coloured pictures made here.

Create-only, like every demo loader: each story is keyed by its round's notes (or a
public report's text) and made only if absent, so a second run changes nothing.
"""

import datetime
import io
from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from assets.models import Asset, Village, Zone
from inspections import services
from inspections.choices import FindingSource
from inspections.models import Category, Finding, Reinspection, Round
from maintenance import services as maintenance

from .loader import DemoLoader

# Places inside each zone's area (demo.registry), away from its roads and green belts.
PLACES = {
    "villages": (120.0340, 28.9120),
    "communities": (120.0520, 28.9150),
    "construction": (120.0500, 28.8840),
    "enterprises": (120.0700, 28.9050),
}

# Each story's round, by its notes (the natural key of the demo's rounds).
HELD = "演示：村庄范围例行巡查（结案后复查保持）"
CHAIN = "演示：社区范围流动摊贩整治（反弹升级）"
ENTERPRISES = "演示：企业范围周边环境巡查"
CONSTRUCTION = "演示：建设范围工地周边巡查"
ROADS = "演示：皇城路及九鼎公园巡查"
NOTHING = "演示：重点村例行巡查（未发现问题）"
PENDING_REPORT = "小区门口垃圾桶满了好几天没人清运，气味很大。"
REJECTED_REPORT = "邻居家的车每天停在我家门口。"


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def picture(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A plain picture for the demo: a coloured ground with a darker block on it."""
    image = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(image).rectangle((180, 140, 460, 340), fill=tuple(part // 2 for part in colour))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def before() -> SimpleUploadedFile:
    return picture("before.jpg", (150, 110, 70))


def after() -> SimpleUploadedFile:
    return picture("after.jpg", (90, 160, 90))


class InspectionsLoader(DemoLoader):
    def __init__(self, stdout: TextIO | None):
        super().__init__(stdout)
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)

    def ago(self, days: int, hour: int, minute: int = 0) -> datetime.datetime:
        """A moment ``days`` before today at ``hour`` in the zone; never later than now."""
        day = self.today - datetime.timedelta(days=days)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return min(moment, self.now - datetime.timedelta(minutes=1))

    def load(self) -> None:
        User = get_user_model()
        self.inspector = User.objects.get(username="inspector")
        self.manager = User.objects.get(username="manager")
        self.categories = {category.code: category for category in Category.objects.all()}
        self.zones = {zone.code: zone for zone in Zone.objects.all()}
        findings, checks = Finding.objects.count(), Reinspection.objects.count()
        for notes, story in [
            (CHAIN, self.chain),
            (HELD, self.held),
            (ENTERPRISES, self.enterprises),
            (CONSTRUCTION, self.construction),
            (ROADS, self.roads),
            (NOTHING, self.nothing_found),
        ]:
            if Round.objects.filter(notes=notes).exists():
                self.kept[Round] += 1
                continue
            story(notes)
            self.created[Round] += 1
        self.end_past_rounds()
        self.reports()
        self.created[Finding] = Finding.objects.count() - findings
        self.created[Reinspection] = Reinspection.objects.count() - checks
        self.report(Round)

    def round(self, notes: str, days: int, **area) -> Round:
        round = Round.objects.create(date=self.today - datetime.timedelta(days=days), notes=notes, **area)
        round.inspectors.add(self.inspector)
        return round

    def register(self, round, category: str, description: str, when, *, place=None, asset=None) -> Finding:
        return services.register(
            self.inspector, self.categories[category], description, point=point(*place) if place else None,
            asset=asset, round=round, photos=[before()], now=when,
        )  # fmt: skip

    def close(self, finding: Finding, disposed_at, closed_at, done: str) -> Finding:
        services.dispose(finding, self.inspector, done, photos=[after()], now=disposed_at)
        return services.verify(finding, self.inspector, accept=True, reason="现场核查合格", now=closed_at)

    def checked_at(self, check: Reinspection) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(check.due, datetime.time(10)))

    # --- The stories -----------------------------------------------------------------------------

    def held(self, notes: str) -> None:
        """A closed finding whose re-inspections (those already due) were held; a duplicate voided."""
        round = self.round(notes, 40, zone=self.zones["villages"])
        finding = self.register(
            round, "piled-anywhere", "村口空地堆放建筑垃圾和杂物约5立方米", self.ago(40, 9, 30),
            place=PLACES["villages"],
        )  # fmt: skip
        services.dispatch(finding, self.inspector, now=self.ago(40, 10))
        self.close(finding, self.ago(39, 15), self.ago(38, 10), "已清运杂物，空地平整并撒播草籽")
        for check in finding.reinspections.filter(due__lt=self.today).order_by("offset"):
            services.record_reinspection(
                check, self.inspector, "held", photo=after(), note="空地保持整洁，无新增堆放",
                now=self.checked_at(check),
            )  # fmt: skip
        twin = self.register(
            round, "piled-anywhere", "村口空地堆放杂物（重复登记）", self.ago(40, 9, 40), place=PLACES["villages"]
        )
        services.void(twin, self.inspector, "与同一次巡查的上一条重复登记", now=self.ago(40, 9, 45))

    def chain(self, notes: str) -> None:
        """A street-vendor spot closed, back at its 7-day check, closed again, back again:
        the second rebound is escalated, and waits for a manager."""
        round = self.round(notes, 75, zone=self.zones["communities"])
        finding = self.register(
            round, "street-vendors", "社区南门流动摊贩占道经营，早晚高峰尤甚", self.ago(75, 8, 30),
            place=PLACES["communities"],
        )  # fmt: skip
        services.dispatch(finding, self.inspector, now=self.ago(75, 9))
        self.close(finding, self.ago(75, 11), self.ago(74, 9), "劝离摊贩，引导进入农贸市场经营")
        for note in ["摊贩又回到南门口摆摊", "摊贩再次回到南门口，数量增加"]:
            check = finding.reinspections.get(offset=7)
            moment = self.checked_at(check)
            if moment >= self.now:
                return  # the calendar put the check after today: the chain stops here
            finding = services.record_reinspection(
                check, self.inspector, "rebound", photo=before(), note=note, now=moment
            )
            if finding.is_escalated():
                return
            self.close(
                finding, moment + datetime.timedelta(hours=1), moment + datetime.timedelta(days=1),
                "再次劝离，张贴告示，安排早晚值守",
            )  # fmt: skip

    def enterprises(self, notes: str) -> None:
        """One finding registered today, one dispatched ten days ago and now overdue."""
        round = self.round(notes, 0, zone=self.zones["enterprises"])
        self.register(
            round, "out-of-shop", "五金店在人行道上摆放货架和样品", self.ago(0, 9), place=PLACES["enterprises"]
        )
        lon, lat = PLACES["enterprises"]
        posters = self.register(
            round, "illegal-posters", "厂区围墙张贴“牛皮癣”小广告十余处", self.ago(10, 9),
            place=(lon + 0.002, lat - 0.004),
        )  # fmt: skip
        services.dispatch(posters, self.inspector, now=self.ago(10, 9, 30))

    def construction(self, notes: str) -> None:
        """One dispatched with days to go; one refused by its party, waiting to go elsewhere."""
        round = self.round(notes, 1, zone=self.zones["construction"])
        lon, lat = PLACES["construction"]
        shed = self.register(
            round, "illegal-building", "工地围挡外私自搭建彩钢板工棚一处", self.ago(1, 10), place=(lon, lat)
        )
        services.dispatch(shed, self.inspector, now=self.ago(1, 10, 30))
        piles = self.register(
            round, "piled-anywhere", "人行道上堆放钢管和模板", self.ago(1, 11), place=(lon + 0.003, lat + 0.002)
        )
        services.dispatch(piles, self.inspector, now=self.ago(1, 11, 30))
        services.refuse(piles, self.inspector, "该处为企业自有场地，不属建设范围，请转企业主管部门", now=self.ago(0, 9))

    def roads(self, notes: str) -> None:
        """Findings about assets, for the crews that work on them: one disposed through its
        corrective work order (waiting for verification), one open on the plant
        operators' Today, one sent back for rework."""
        codes = ["GS-JIUDING-01", "EQ-PLANT-02", "RD-HUANGCHENG-02"]
        assets = {asset.code: asset for asset in Asset.objects.filter(code__in=codes)}
        road = assets.get("RD-HUANGCHENG-02")
        round = self.round(notes, 1, **({"road": road} if road else {"zone": self.zones["roads-greening"]}))
        if "GS-JIUDING-01" in assets:
            lawn = self.register(
                round,
                "greening-damaged",
                "公园草坪被踩出多条小路，花境缺株",
                self.ago(1, 14),
                asset=assets["GS-JIUDING-01"],
            )
            services.dispatch(lawn, self.inspector, now=self.ago(1, 14, 30))
            order = Finding.objects.get(pk=lawn.pk).work_order
            if order is not None:
                worker = order.crew.members.order_by("username").first() or self.manager
                maintenance.add_photo(order, worker, after())
                maintenance.complete_work_order(order, worker, notes="补植花苗30株，设置护栏和提示牌")
        if "EQ-PLANT-02" in assets:
            machine = self.register(
                round,
                "equipment-fault",
                "破碎制浆机运行异响，出料不畅",
                self.ago(0, 8, 30),
                asset=assets["EQ-PLANT-02"],
            )
            services.dispatch(machine, self.inspector, now=self.ago(0, 8, 45))
        if road is not None:
            paving = self.register(round, "road-damaged", "人行道透水砖松动破损约6平方米", self.ago(3, 9), asset=road)
            services.dispatch(paving, self.inspector, now=self.ago(3, 9, 30))
            services.dispose(paving, self.inspector, "更换破损透水砖", photos=[after()], now=self.ago(2, 16))
            services.verify(
                paving, self.inspector, accept=False, reason="仍有两块砖松动，基层未压实", now=self.ago(1, 9)
            )

    def nothing_found(self, notes: str) -> None:
        village = Village.objects.filter(is_key=True).order_by("code").first()
        area = {"village": village} if village else {"zone": self.zones["villages"]}
        self.round(notes, 3, **area)

    def end_past_rounds(self) -> None:
        """The rounds of days gone by ended that evening (today's stays under way, for the
        inspector's Today); the one without findings is "nothing found"."""
        for round in Round.objects.filter(ended__isnull=True, date__lt=self.today, inspectors=self.inspector):
            days = (self.today - round.date).days
            services.end_round(round, self.inspector, now=self.ago(days, 17))

    def reports(self) -> None:
        """Two reports from the public: one pending, one rejected with its reason."""
        category = self.categories["exposed-rubbish"]
        lon, lat = PLACES["communities"]
        for text, days in [(PENDING_REPORT, 0), (REJECTED_REPORT, 2)]:
            if Finding.objects.filter(source=FindingSource.PUBLIC, description=text).exists():
                self.kept[Finding] += 1
                continue
            report = services.report(
                category, text, point=point(lon + 0.004, lat - 0.003), photo=before(), now=self.ago(days, 8)
            )
            if text == REJECTED_REPORT:
                services.reject_report(
                    report, self.inspector, "私家车停放问题请联系交警中队，不属市容巡查范围", now=self.ago(days, 10)
                )

    def summary(self) -> str:
        created, kept = self.created, sum(self.kept.values())
        if not created[Round] and not created[Finding]:
            return _(
                "Demo inspections already loaded: all %(kept)d rounds and reports were there and were left unchanged."
            ) % {"kept": kept}
        escalated = Finding.objects.filter(escalated__isnull=False, escalation_cleared__isnull=True).count()
        return _(
            "Demo inspections loaded: created %(rounds)d rounds, %(findings)d findings and %(checks)d re-inspections "
            "(%(escalated)d escalated); %(kept)d rounds and reports were already there and were left unchanged."
        ) % {
            "rounds": created[Round],
            "findings": created[Finding],
            "checks": created[Reinspection],
            "escalated": escalated,
            "kept": kept,
        }


def load(stdout: TextIO | None = None) -> str:
    """Load the demo rounds and findings where they are missing; return a one-line summary.

    Needs demo.registry and demo.maintenance first (zones, assets, logins, crews and
    their plans, which route findings about assets to their crews)."""
    return InspectionsLoader(stdout).run()
