"""Today's approvals (审批信息) become the disclosure items of category 2 (批准结果信息).

The table, its history and every id are kept (renamed, not copied); each approval's type becomes
its matter (审批、核准、备案 are matters of category 2), its date the date the information was
formed, and the day it first went public on this site (its earliest public version in the
history) its publication date. Permissions granted on approvals, and changes waiting for review,
follow the renamed model and field.
"""

import django.core.validators
import django.db.models.deletion
import projects.models.disclosure
from django.db import migrations, models
from django.utils import timezone

ACTIONS = ("add", "change", "delete", "view")


def forward(apps, schema_editor):
    DisclosureItem = apps.get_model("projects", "DisclosureItem")
    History = apps.get_model("projects", "HistoricalDisclosureItem")
    DisclosureItem.objects.update(formed_on=models.F("date"))
    History.objects.update(formed_on=models.F("date"))
    first_public = (
        History.objects.filter(id=models.OuterRef("pk"), is_published=True)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    for item in DisclosureItem.objects.filter(is_published=True).annotate(since=first_public):
        if item.since is not None:
            day = timezone.localdate(item.since)
            DisclosureItem.objects.filter(pk=item.pk).update(published_on=day)
    _follow_rename(apps, "approval", "disclosureitem", "kind", "matter", "信息公开事项")


def backward(apps, schema_editor):
    _follow_rename(apps, "disclosureitem", "approval", "matter", "kind", "审批信息")


def _follow_rename(apps, old, new, old_field, new_field, label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Revision = apps.get_model("projects", "Revision")
    # ``migrate`` renames the content type itself right after RenameModel; run otherwise
    # (a migration executor of its own), it is renamed here.
    content_type = ContentType.objects.filter(app_label="projects", model=new).first()
    if content_type is None:
        content_type = ContentType.objects.filter(app_label="projects", model=old).first()
        if content_type is None:
            return
        content_type.model = new
        content_type.save(update_fields=["model"])
    for action in ACTIONS:
        Permission.objects.filter(content_type=content_type, codename=f"{action}_{old}").update(
            codename=f"{action}_{new}", name=f"Can {action} {label}"
        )
    for revision in Revision.objects.filter(content_type=content_type):
        if old_field in revision.changes:
            revision.changes[new_field] = revision.changes.pop(old_field)
            revision.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0008_add_review_before_publishing"),
    ]

    operations = [
        migrations.RenameModel("Approval", "DisclosureItem"),
        migrations.RenameModel("HistoricalApproval", "HistoricalDisclosureItem"),
        migrations.RenameField("disclosureitem", "kind", "matter"),
        migrations.RenameField("historicaldisclosureitem", "kind", "matter"),
        migrations.AlterModelOptions(
            name="disclosureitem",
            options={
                "ordering": ["project", "category", "formed_on", "pk"],
                "verbose_name": "信息公开事项",
                "verbose_name_plural": "信息公开事项",
            },
        ),
        migrations.AlterModelOptions(
            name="historicaldisclosureitem",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical 信息公开事项",
                "verbose_name_plural": "historical 信息公开事项",
            },
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="单位：万元。",
                max_digits=14,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0, message="金额和数量不能为负数。")
                ],
                verbose_name="金额",
            ),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="category",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "批准服务信息"),
                    (2, "批准结果信息"),
                    (3, "招标投标信息"),
                    (4, "征收土地信息"),
                    (5, "重大设计变更信息"),
                    (6, "施工有关信息"),
                    (7, "质量安全监督信息"),
                    (8, "竣工有关信息"),
                ],
                default=2,
                verbose_name="公开类别",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="content",
            field=models.TextField(blank=True, verbose_name="内容"),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="document",
            field=models.FileField(
                blank=True,
                help_text="PDF、JPG 或 PNG；随事项公开，未公开前公众无法下载。",
                storage=projects.models.disclosure.PrivateStorage(),
                upload_to=projects.models.disclosure.document_path,
                validators=[projects.models.disclosure.check_document],
                verbose_name="附件",
            ),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="formed_on",
            field=models.DateField(
                blank=True,
                help_text="公开时限从这一天起算：主动公开 20 个工作日，行政许可、处罚 7 个工作日。",
                null=True,
                verbose_name="信息形成或变更日期",
            ),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="link",
            field=projects.models.disclosure.HttpsURLField(blank=True, max_length=500, verbose_name="链接"),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="published_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="本条当前内容公开之日，由网站在发布时记下。",
                null=True,
                verbose_name="公开日期",
            ),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="reason",
            field=models.TextField(
                blank=True,
                help_text="不适用时说明为何不适用；不予公开时写明所依据的法律条款。网站公开这段说明。",
                verbose_name="说明或依据",
            ),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="result",
            field=models.CharField(blank=True, max_length=500, verbose_name="结果"),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="state",
            field=models.CharField(
                choices=[
                    ("disclosed", "公开"),
                    ("not_applicable", "不适用"),
                    ("withheld", "不予公开"),
                ],
                default="disclosed",
                max_length=16,
                verbose_name="公开情况",
            ),
        ),
        migrations.AddField(
            model_name="disclosureitem",
            name="withheld_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("state_secret", "国家秘密"),
                    ("commercial_secret", "商业秘密"),
                    ("privacy", "个人隐私"),
                    ("other_law", "法律、行政法规规定不予公开的其他情形"),
                ],
                max_length=20,
                verbose_name="不予公开的理由",
            ),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="单位：万元。",
                max_digits=14,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0, message="金额和数量不能为负数。")
                ],
                verbose_name="金额",
            ),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="category",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "批准服务信息"),
                    (2, "批准结果信息"),
                    (3, "招标投标信息"),
                    (4, "征收土地信息"),
                    (5, "重大设计变更信息"),
                    (6, "施工有关信息"),
                    (7, "质量安全监督信息"),
                    (8, "竣工有关信息"),
                ],
                default=2,
                verbose_name="公开类别",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="content",
            field=models.TextField(blank=True, verbose_name="内容"),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="document",
            field=models.TextField(
                blank=True,
                help_text="PDF、JPG 或 PNG；随事项公开，未公开前公众无法下载。",
                max_length=100,
                validators=[projects.models.disclosure.check_document],
                verbose_name="附件",
            ),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="formed_on",
            field=models.DateField(
                blank=True,
                help_text="公开时限从这一天起算：主动公开 20 个工作日，行政许可、处罚 7 个工作日。",
                null=True,
                verbose_name="信息形成或变更日期",
            ),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="link",
            field=projects.models.disclosure.HttpsURLField(blank=True, max_length=500, verbose_name="链接"),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="published_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="本条当前内容公开之日，由网站在发布时记下。",
                null=True,
                verbose_name="公开日期",
            ),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="reason",
            field=models.TextField(
                blank=True,
                help_text="不适用时说明为何不适用；不予公开时写明所依据的法律条款。网站公开这段说明。",
                verbose_name="说明或依据",
            ),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="result",
            field=models.CharField(blank=True, max_length=500, verbose_name="结果"),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="state",
            field=models.CharField(
                choices=[
                    ("disclosed", "公开"),
                    ("not_applicable", "不适用"),
                    ("withheld", "不予公开"),
                ],
                default="disclosed",
                max_length=16,
                verbose_name="公开情况",
            ),
        ),
        migrations.AddField(
            model_name="historicaldisclosureitem",
            name="withheld_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("state_secret", "国家秘密"),
                    ("commercial_secret", "商业秘密"),
                    ("privacy", "个人隐私"),
                    ("other_law", "法律、行政法规规定不予公开的其他情形"),
                ],
                max_length=20,
                verbose_name="不予公开的理由",
            ),
        ),
        migrations.AlterField(
            model_name="disclosureitem",
            name="authority",
            field=models.CharField(blank=True, max_length=120, verbose_name="单位/机关"),
        ),
        migrations.AlterField(
            model_name="disclosureitem",
            name="date",
            field=models.DateField(blank=True, null=True, verbose_name="事项日期"),
        ),
        migrations.AlterField(
            model_name="disclosureitem",
            name="matter",
            field=models.CharField(
                blank=True,
                choices=[
                    ("批准服务信息", [("service_guide", "批准服务信息（办事指南）")]),
                    (
                        "批准结果信息",
                        [
                            ("proposal", "项目建议书审批结果"),
                            ("feasibility", "可行性研究报告审批结果"),
                            ("preliminary_design", "初步设计文件审批结果"),
                            ("approval", "项目审批结果"),
                            ("verification", "项目核准结果"),
                            ("filing", "项目备案"),
                            ("energy", "节能审查意见"),
                            ("site_selection", "建设项目选址意见"),
                            ("land_planning", "建设用地规划许可"),
                            ("works_planning", "建设工程规划许可"),
                            ("construction_permit", "施工许可（开工报告）"),
                            ("bidding_approval", "招标事项审批核准结果"),
                            ("land_pre_review", "建设项目用地（用海）预审结果"),
                            ("eia", "环境影响评价审批文件"),
                            ("water", "取水许可、水土保持、洪水影响评价等涉水事项审批结果"),
                        ],
                    ),
                    (
                        "招标投标信息",
                        [
                            ("prequalification", "资格预审公告"),
                            ("tender_notice", "招标公告"),
                            ("candidates", "中标候选人公示"),
                            ("award", "中标结果公示"),
                            ("contract", "合同订立及履行情况"),
                            ("bid_penalty", "招标投标违法处罚信息"),
                        ],
                    ),
                    (
                        "征收土地信息",
                        [
                            ("land_notice", "征地告知书及报批前程序证明材料"),
                            ("land_report", "建设项目用地呈报说明书"),
                            ("farmland_conversion", "农用地转用方案"),
                            ("farmland_supplement", "补充耕地方案"),
                            ("expropriation_plan", "征收土地方案"),
                            ("supply_plan", "供地方案"),
                            ("expropriation_notice", "征地公告"),
                            ("compensation_notice", "征地补偿安置方案公告"),
                        ],
                    ),
                    ("重大设计变更信息", [("design_change", "重大设计变更")]),
                    (
                        "施工有关信息",
                        [
                            ("legal_person", "项目法人单位及其主要负责人信息"),
                            (
                                "participants",
                                "设计、施工、监理单位及其主要负责人、项目负责人、资质情况",
                            ),
                            ("site_management", "施工单位项目管理机构设置、工作职责、主要管理制度"),
                            ("environment", "施工期环境保护措施落实情况"),
                        ],
                    ),
                    (
                        "质量安全监督信息",
                        [
                            ("supervisor", "质量安全监督机构及其联系方式"),
                            ("quality_penalty", "质量安全行政处罚情况"),
                        ],
                    ),
                    (
                        "竣工有关信息",
                        [
                            ("acceptance", "竣工验收"),
                            ("acceptance_filing", "竣工验收备案"),
                            ("handover", "交付使用"),
                            ("final_audit", "竣工决算审计"),
                        ],
                    ),
                ],
                max_length=32,
                verbose_name="公开事项",
            ),
        ),
        migrations.AlterField(
            model_name="disclosureitem",
            name="number",
            field=models.CharField(blank=True, max_length=120, verbose_name="文号/编号"),
        ),
        migrations.AlterField(
            model_name="disclosureitem",
            name="project",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="disclosure_items",
                to="projects.project",
                verbose_name="项目",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldisclosureitem",
            name="authority",
            field=models.CharField(blank=True, max_length=120, verbose_name="单位/机关"),
        ),
        migrations.AlterField(
            model_name="historicaldisclosureitem",
            name="date",
            field=models.DateField(blank=True, null=True, verbose_name="事项日期"),
        ),
        migrations.AlterField(
            model_name="historicaldisclosureitem",
            name="matter",
            field=models.CharField(
                blank=True,
                choices=[
                    ("批准服务信息", [("service_guide", "批准服务信息（办事指南）")]),
                    (
                        "批准结果信息",
                        [
                            ("proposal", "项目建议书审批结果"),
                            ("feasibility", "可行性研究报告审批结果"),
                            ("preliminary_design", "初步设计文件审批结果"),
                            ("approval", "项目审批结果"),
                            ("verification", "项目核准结果"),
                            ("filing", "项目备案"),
                            ("energy", "节能审查意见"),
                            ("site_selection", "建设项目选址意见"),
                            ("land_planning", "建设用地规划许可"),
                            ("works_planning", "建设工程规划许可"),
                            ("construction_permit", "施工许可（开工报告）"),
                            ("bidding_approval", "招标事项审批核准结果"),
                            ("land_pre_review", "建设项目用地（用海）预审结果"),
                            ("eia", "环境影响评价审批文件"),
                            ("water", "取水许可、水土保持、洪水影响评价等涉水事项审批结果"),
                        ],
                    ),
                    (
                        "招标投标信息",
                        [
                            ("prequalification", "资格预审公告"),
                            ("tender_notice", "招标公告"),
                            ("candidates", "中标候选人公示"),
                            ("award", "中标结果公示"),
                            ("contract", "合同订立及履行情况"),
                            ("bid_penalty", "招标投标违法处罚信息"),
                        ],
                    ),
                    (
                        "征收土地信息",
                        [
                            ("land_notice", "征地告知书及报批前程序证明材料"),
                            ("land_report", "建设项目用地呈报说明书"),
                            ("farmland_conversion", "农用地转用方案"),
                            ("farmland_supplement", "补充耕地方案"),
                            ("expropriation_plan", "征收土地方案"),
                            ("supply_plan", "供地方案"),
                            ("expropriation_notice", "征地公告"),
                            ("compensation_notice", "征地补偿安置方案公告"),
                        ],
                    ),
                    ("重大设计变更信息", [("design_change", "重大设计变更")]),
                    (
                        "施工有关信息",
                        [
                            ("legal_person", "项目法人单位及其主要负责人信息"),
                            (
                                "participants",
                                "设计、施工、监理单位及其主要负责人、项目负责人、资质情况",
                            ),
                            ("site_management", "施工单位项目管理机构设置、工作职责、主要管理制度"),
                            ("environment", "施工期环境保护措施落实情况"),
                        ],
                    ),
                    (
                        "质量安全监督信息",
                        [
                            ("supervisor", "质量安全监督机构及其联系方式"),
                            ("quality_penalty", "质量安全行政处罚情况"),
                        ],
                    ),
                    (
                        "竣工有关信息",
                        [
                            ("acceptance", "竣工验收"),
                            ("acceptance_filing", "竣工验收备案"),
                            ("handover", "交付使用"),
                            ("final_audit", "竣工决算审计"),
                        ],
                    ),
                ],
                max_length=32,
                verbose_name="公开事项",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldisclosureitem",
            name="number",
            field=models.CharField(blank=True, max_length=120, verbose_name="文号/编号"),
        ),
        migrations.AddIndex(
            model_name="disclosureitem",
            index=models.Index(fields=["project", "category"], name="disclosure_project_cat"),
        ),
        migrations.AddIndex(
            model_name="disclosureitem",
            index=models.Index(fields=["is_published", "published_on"], name="disclosure_pub_on"),
        ),
        migrations.RunPython(forward, backward),
    ]
