"""The written 责任单位 / 数据报送单位 give way to the unit records filled in by 0006."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_add_responsible_units_from_texts")]

    operations = [
        migrations.RemoveField("historicalproject", "department"),
        migrations.RemoveField("project", "department"),
        migrations.RemoveField("historicaltarget", "responsible_unit_text"),
        migrations.RemoveField("historicaltarget", "responsible_unit_en"),
        migrations.RemoveField("target", "responsible_unit_text"),
        migrations.RemoveField("target", "responsible_unit_en"),
    ]
