"""The standard wording of the three duties per kind of unit (administrators edit it)."""

from django.db import migrations

COMMON_SANITATION = "门前责任区内保持整洁，无垃圾、无污水、无积雪积冰，垃圾分类投放、日产日清。"
COMMON_GREENING = "爱护门前树木花草和绿化设施，不损毁、不践踏、不在绿地内堆放杂物。"
COMMON_ORDER = "不出店经营、不乱堆乱放、不乱搭乱建、不乱贴乱画，车辆有序停放。"

WORDINGS = {
    "shop": (COMMON_SANITATION, COMMON_GREENING, COMMON_ORDER),
    "restaurant": (
        COMMON_SANITATION + "餐厨垃圾和废弃油脂交有资质单位收运，不倒入下水道。",
        COMMON_GREENING,
        COMMON_ORDER + "油烟净化设施正常使用，不占道摆放桌椅。",
    ),
    "enterprise": (
        "厂区门前及周边责任区保持整洁，无垃圾、无积水，运输车辆出入不带泥上路。",
        "养护好厂区门前绿化，枯死苗木及时补植。",
        "门前不乱堆物料、不乱搭乱建，车辆停放有序，围墙和宣传栏整洁完好。",
    ),
    "market_stall": (
        "摊位及周边每日收市后清扫干净，垃圾入桶，不留污水。",
        COMMON_GREENING,
        "在划定范围内经营，不越线占道，不流动叫卖。",
    ),
    "other": (COMMON_SANITATION, COMMON_GREENING, COMMON_ORDER),
}


def seed(apps, schema_editor):
    PledgeWording = apps.get_model("frontage", "PledgeWording")
    for kind, (sanitation, greening, order) in WORDINGS.items():
        PledgeWording.objects.get_or_create(
            kind=kind, defaults={"sanitation": sanitation, "greening": greening, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("frontage", "0001_units_pledges_checks")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
