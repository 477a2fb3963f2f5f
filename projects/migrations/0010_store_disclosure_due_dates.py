"""Each disclosure item keeps its due date, so that lists filter on it in the database.

The dates of items already there are counted after this migration by the post_migrate step of
``projects.services.disclosure_due`` (it counts every item without one, and again every
estimated one, each time ``migrate`` runs).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0009_approvals_become_disclosure_items'),
    ]

    operations = [
        migrations.AddField(
            model_name='disclosureitem',
            name='due_estimated',
            field=models.BooleanField(default=False, editable=False, help_text='推算时用到尚未公布节假日安排的年份，只按周末计算。', verbose_name='截止日期为推算'),
        ),
        migrations.AddField(
            model_name='disclosureitem',
            name='due_on',
            field=models.DateField(blank=True, editable=False, help_text='信息形成或变更日期后的第 20 个（行政许可、处罚第 7 个）工作日，由网站推算。', null=True, verbose_name='公开截止日期'),
        ),
        migrations.AddField(
            model_name='historicaldisclosureitem',
            name='due_estimated',
            field=models.BooleanField(default=False, editable=False, help_text='推算时用到尚未公布节假日安排的年份，只按周末计算。', verbose_name='截止日期为推算'),
        ),
        migrations.AddField(
            model_name='historicaldisclosureitem',
            name='due_on',
            field=models.DateField(blank=True, editable=False, help_text='信息形成或变更日期后的第 20 个（行政许可、处罚第 7 个）工作日，由网站推算。', null=True, verbose_name='公开截止日期'),
        ),
        migrations.AddIndex(
            model_name='disclosureitem',
            index=models.Index(fields=['is_published', 'due_on'], name='disclosure_pub_due'),
        ),
    ]
