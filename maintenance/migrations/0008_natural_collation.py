# "natural": text compared with its runs of digits as numbers (ICU's numeric ordering), so
# that road segment WX-2 comes before WX-10. Today lists a day's stops along the road by
# their asset codes in this order (maintenance/models/orders.py, day_order).

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("maintenance", "0007_order_list_indexes")]

    operations = [CreateCollation("natural", provider="icu", locale="und-u-kn-true")]
