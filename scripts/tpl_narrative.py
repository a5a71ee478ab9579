"""Narrative parts of the Word template: title, 目录, 第一部分, 第二部分 一–十一
(before the self-evaluation tables) and 十二, 第三部分, 第四部分's list (after them).

All fixed wording of the document lives here and therefore in the .docx; the
generator supplies formatted figures and computed phrases (see
docs/template-context.md). Each paragraph is one run, so every Jinja tag stays
inside a single run. A reason is printed with its lead-in only when there is one
(`{% if x.reason %}，主要原因是：{{ x.reason }}{% endif %}`): a sentence never ends
in an empty "主要原因是：".
"""

from __future__ import annotations

from docxkit import add_directive, add_page_break, add_para, add_toc

H1, H2, H3 = "Heading 1", "Heading 2", "Heading 3"


def _p(doc, text: str, style: str | None = None) -> None:
    add_para(doc, text, style)


def _ctl(doc, tag: str) -> None:
    """A {%p … %} control paragraph: readable (grey 9pt) in Word, removed by docxtpl when rendering."""
    add_directive(doc, tag)


def add_front(doc) -> None:
    _p(doc, "{{ unit_name }}", "Title")
    _p(doc, "{{ year }}年度部门决算公开说明", "Title")
    add_toc(doc)
    add_page_break(doc)

    _p(doc, "第一部分 单位概况", H1)
    _p(doc, "一、主要职能", H2)
    _p(doc, "{{ functions_intro }}")
    _ctl(doc, "{%p for f in functions %}")
    _p(doc, "（{{ f.num }}）{{ f.text }}")
    _ctl(doc, "{%p endfor %}")
    _p(doc, "二、机构设置及人员情况", H2)
    _p(doc, "{{ unit_name }}{{ year }}年度，实有人数{{ staff.total }}人，其中：在职人员{{ staff.active }}人，"
            "离休人员{{ staff.retired_cadre }}人，退休人员{{ staff.retired }}人。")
    _p(doc, "{% if subordinates.count != '0' %}单位有下属预算单位{{ subordinates.count }}个，分别是："
            "{{ subordinates.names }}{% else %}单位无下属预算单位{% endif %}，"
            "{% if offices.count != '0' %}下设{{ offices.count }}个处室，分别是：{{ offices.names }}。"
            "{% else %}未设内设处室。{% endif %}")

    _p(doc, "第二部分 部门决算情况说明", H1)
    _p(doc, "一、收入支出决算总体情况说明", H2)
    _p(doc, "{{ year }}年度收入总计{{ s1.income_grand }}万元，其中：本年收入合计{{ s1.income_total }}万元，"
            "使用非财政拨款结余{{ s1.nonfiscal_surplus }}万元，年初结转和结余{{ s1.opening }}万元。")
    _p(doc, "{{ year }}年度支出总计{{ s1.expense_grand }}万元，其中：本年支出合计{{ s1.expense_total }}万元，"
            "结余分配{{ s1.distribution }}万元，年末结转和结余{{ s1.closing }}万元。")
    _p(doc, "收入支出总体{{ s1.yoy.change }}{% if s1.yoy.reason %}，主要原因是：{{ s1.yoy.reason }}{% endif %}。")

    _p(doc, "二、收入决算情况说明", H2)
    _p(doc, "本年收入{{ s2.total }}万元，其中：财政拨款收入{{ s2.fiscal.amount }}万元，占{{ s2.fiscal.share }}；"
            "上级补助收入{{ s2.superior.amount }}万元，占{{ s2.superior.share }}；"
            "事业收入{{ s2.business.amount }}万元，占{{ s2.business.share }}；"
            "经营收入{{ s2.operating.amount }}万元，占{{ s2.operating.share }}；"
            "附属单位上缴收入{{ s2.affiliated.amount }}万元，占{{ s2.affiliated.share }}；"
            "其他收入{{ s2.other.amount }}万元，占{{ s2.other.share }}。")

    _p(doc, "三、支出决算情况说明", H2)
    _p(doc, "本年支出{{ s3.total }}万元，其中：基本支出{{ s3.basic.amount }}万元，占{{ s3.basic.share }}；"
            "项目支出{{ s3.project.amount }}万元，占{{ s3.project.share }}；"
            "上缴上级支出{{ s3.superior.amount }}万元，占{{ s3.superior.share }}；"
            "经营支出{{ s3.operating.amount }}万元，占{{ s3.operating.share }}；"
            "对附属单位补助支出{{ s3.affiliated.amount }}万元，占{{ s3.affiliated.share }}。")

    _p(doc, "四、财政拨款收入支出决算总体情况说明", H2)
    _p(doc, "{{ year }}年度财政拨款收入总计{{ s4.income_grand }}万元，其中：年初财政拨款结转和结余{{ s4.opening }}万元，"
            "本年财政拨款收入{{ s4.income }}万元。财政拨款支出总计{{ s4.expense_grand }}万元，其中：年末财政拨款结转和结余"
            "{{ s4.closing }}万元，本年财政拨款支出{{ s4.expense }}万元。")
    _p(doc, "财政拨款收入支出总体{{ s4.yoy.change }}{% if s4.yoy.reason %}，主要原因是：{{ s4.yoy.reason }}{% endif %}。与年初预算相比，年初预算数"
            "{{ s4.budget.budget }}万元，决算数{{ s4.budget.actual }}万元，{{ s4.budget.gap }}{% if s4.budget.reason %}，主要原因是："
            "{{ s4.budget.reason }}{% endif %}。")

    _p(doc, "五、一般公共预算财政拨款支出决算情况说明", H2)
    _p(doc, "（一）一般公共预算财政拨款支出决算总体情况", H3)
    _p(doc, "{{ year }}年度一般公共预算财政拨款支出{{ s5.amount }}万元，占本年支出合计的{{ s5.share_of_expense }}。"
            "{{ s5.yoy.change }}{% if s5.yoy.reason %}，主要原因是：{{ s5.yoy.reason }}{% endif %}。与年初预算相比，年初预算数{{ s5.budget.budget }}万元，"
            "决算数{{ s5.budget.actual }}万元，{{ s5.budget.gap }}{% if s5.budget.reason %}，主要原因是：{{ s5.budget.reason }}{% endif %}。")
    _p(doc, "（二）一般公共预算财政拨款支出决算结构情况", H3)
    _ctl(doc, "{%p for c in s5.classes %}")
    _p(doc, "{{ c.num }}.{{ c.name }}（类）{{ c.amount }}万元，占{{ c.share }}。")
    _ctl(doc, "{%p endfor %}")
    _p(doc, "（三）一般公共预算财政拨款支出决算具体情况", H3)
    _ctl(doc, "{%p for i in s5.details %}")
    _p(doc, "{{ i.num }}.{{ i.path }}：支出决算数为{{ i.amount }}万元，{{ i.change }}{% if i.reason %}，主要原因是：{{ i.reason }}{% endif %}。")
    _ctl(doc, "{%p endfor %}")

    _p(doc, "六、一般公共预算财政拨款基本支出决算情况说明", H2)
    _p(doc, "{{ year }}年度一般公共预算财政拨款基本支出{{ s6.basic }}万元，其中：人员经费{{ s6.personnel }}万元，"
            "包括：{{ s6.personnel_items }}。")
    _p(doc, "公用经费{{ s6.public }}万元，包括：{{ s6.public_items }}。")

    _p(doc, "七、财政拨款“三公”经费支出决算情况说明", H2)
    _p(doc, "{{ year }}年度财政拨款“三公”经费支出{{ s7.total.amount }}万元，{{ s7.total.change }}{% if s7.total.reason %}，主要原因是："
            "{{ s7.total.reason }}{% endif %}。其中：因公出国（境）费支出{{ s7.abroad.amount }}万元，占{{ s7.abroad.share }}，"
            "{{ s7.abroad.change }}{% if s7.abroad.reason %}，主要原因是：{{ s7.abroad.reason }}{% endif %}；公务用车购置及运行维护费支出{{ s7.car.amount }}万元，"
            "占{{ s7.car.share }}，{{ s7.car.change }}{% if s7.car.reason %}，主要原因是：{{ s7.car.reason }}{% endif %}；公务接待费支出"
            "{{ s7.reception.amount }}万元，占{{ s7.reception.share }}，{{ s7.reception.change }}{% if s7.reception.reason %}，主要原因是："
            "{{ s7.reception.reason }}{% endif %}。")
    _p(doc, "具体情况如下：")
    _p(doc, "因公出国（境）费支出{{ s7.abroad.amount }}万元，开支内容包括{{ s7.abroad_content }}。单位全年安排的因公出国（境）团组"
            "{{ s7.abroad_groups }}个，因公出国（境）{{ s7.abroad_people }}人次。")
    _p(doc, "公务用车购置及运行维护费{{ s7.car.amount }}万元，其中：公务用车购置费{{ s7.car.buy }}万元，公务用车运行维护费"
            "{{ s7.car.run }}万元。公务用车运行维护费开支内容包括{{ s7.car_run_content }}。公务用车购置数{{ s7.car_bought }}辆，"
            "公务用车保有量{{ s7.car_held }}辆。国有资产占用情况中固定资产车辆{{ s7.asset_vehicles }}辆，"
            "{% if s7.vehicles_match %}与公务用车保有量一致。{% elif s7.car_gap_reason %}与公务用车保有量差异原因是："
            "{{ s7.car_gap_reason }}。{% else %}与公务用车保有量不一致。{% endif %}")
    _p(doc, "公务接待费{{ s7.reception.amount }}万元，开支内容包括{{ s7.reception_content }}。单位全年安排的国内公务接待"
            "{{ s7.reception_batches }}批次，{{ s7.reception_people }}人次。")
    _p(doc, "与全年预算相比，财政拨款“三公”经费支出全年预算数{{ s7.budget.total.budget }}万元，决算数"
            "{{ s7.budget.total.actual }}万元，{{ s7.budget.total.gap }}{% if s7.budget.total.reason %}，主要原因是：{{ s7.budget.total.reason }}{% endif %}。其中："
            "因公出国（境）费全年预算数{{ s7.budget.abroad.budget }}万元，决算数{{ s7.budget.abroad.actual }}万元，"
            "{{ s7.budget.abroad.gap }}{% if s7.budget.abroad.reason %}，主要原因是：{{ s7.budget.abroad.reason }}{% endif %}；公务用车购置费全年预算数"
            "{{ s7.budget.car_buy.budget }}万元，决算数{{ s7.budget.car_buy.actual }}万元，{{ s7.budget.car_buy.gap }}"
            "{% if s7.budget.car_buy.reason %}，主要原因是：{{ s7.budget.car_buy.reason }}{% endif %}；公务用车运行费全年预算数{{ s7.budget.car_run.budget }}万元，决算数"
            "{{ s7.budget.car_run.actual }}万元，{{ s7.budget.car_run.gap }}{% if s7.budget.car_run.reason %}，主要原因是：{{ s7.budget.car_run.reason }}{% endif %}；"
            "公务接待费全年预算数{{ s7.budget.reception.budget }}万元，决算数{{ s7.budget.reception.actual }}万元，"
            "{{ s7.budget.reception.gap }}{% if s7.budget.reception.reason %}，主要原因是：{{ s7.budget.reception.reason }}{% endif %}。")

    for num, key, fund in (("八", "s8", "政府性基金预算"), ("九", "s9", "国有资本经营预算")):
        _p(doc, f"{num}、{fund}财政拨款收入支出决算情况说明", H2)
        _p(doc, f"{{% if {key}.empty %}}我单位本年度无{fund}财政拨款收入、支出及结转和结余，"
                f"{fund}财政拨款收入支出决算表为空表。{{% else %}}{{{{ year }}}}年度{fund}财政拨款年初结转和结余"
                f"{{{{ {key}.opening }}}}万元，本年收入{{{{ {key}.income }}}}万元，本年支出{{{{ {key}.expense }}}}万元"
                f"（基本支出{{{{ {key}.basic }}}}万元，项目支出{{{{ {key}.project }}}}万元），年末结转和结余"
                f"{{{{ {key}.closing }}}}万元。{{% endif %}}")

    _p(doc, "十、其他重要事项的情况说明", H2)
    _p(doc, "（一）机关运行经费支出情况", H3)
    _p(doc, "{{ year }}年度{{ unit_name }}{{ s10.unit_kind_note }}机关运行经费支出{{ s10.running.amount }}万元，"
            "{{ s10.running.change }}{% if s10.running.reason %}，主要原因是：{{ s10.running.reason }}{% endif %}。")
    _p(doc, "（二）政府采购情况", H3)
    _p(doc, "{% if s10.procurement.any %}{{ year }}年度政府采购支出总额{{ s10.procurement.total }}万元，其中："
            "政府采购货物支出{{ s10.procurement.goods }}万元、政府采购工程支出{{ s10.procurement.works }}万元、"
            "政府采购服务支出{{ s10.procurement.services }}万元。{% else %}{{ year }}年度本单位无政府采购支出。{% endif %}")
    _ctl(doc, "{%p if s10.procurement.any %}")
    _p(doc, "授予中小企业合同金额{{ s10.procurement.sme }}万元，占政府采购支出总额的{{ s10.procurement.sme_share }}，"
            "其中：授予小微企业合同金额{{ s10.procurement.micro }}万元，占政府采购支出总额的{{ s10.procurement.micro_share }}。")
    _ctl(doc, "{%p endif %}")
    _p(doc, "（三）国有资产占用情况说明", H3)
    _p(doc, "截至{{ year }}年12月31日，固定资产原值{{ s10.assets.original }}万元，房屋{{ s10.assets.building_area }}平方米，"
            "价值{{ s10.assets.building_value }}万元。车辆{{ s10.assets.vehicles }}辆，价值{{ s10.assets.vehicles_value }}万元，"
            "其中：副部（省）级及以上领导用车{{ s10.assets.veh_minister }}辆、主要负责人用车{{ s10.assets.veh_head }}辆、"
            "机要通信用车{{ s10.assets.veh_confidential }}辆、应急保障用车{{ s10.assets.veh_emergency }}辆、"
            "执法执勤用车{{ s10.assets.veh_enforcement }}辆、特种专业技术用车{{ s10.assets.veh_special }}辆、"
            "离退休干部服务用车{{ s10.assets.veh_retiree }}辆、其他用车{{ s10.assets.veh_other }}辆"
            "{% if s10.assets.other_use %}，其他用车主要是：{{ s10.assets.other_use }}{% endif %}；"
            "单价100万元（含）以上设备（不含车辆）{{ s10.assets.big_equipment }}台（套）。")

    _p(doc, "十一、预算绩效的情况说明", H2)
    _p(doc, "根据预算绩效管理要求，我单位{{ year }}年度预算绩效管理整体支出绩效自评表{{ s11.overall_count }}个，"
            "全年预算总额{{ s11.overall_budget }}万元，实际执行总额{{ s11.overall_executed }}万元；预算绩效评价项目"
            "{{ s11.project_count }}个，全年预算数{{ s11.project_budget }}万元，全年执行数{{ s11.project_executed }}万元。"
            "预算绩效管理取得的成效：{{ s11.achievements }}。发现的问题及原因：{{ s11.problems }}。下一步改进措施："
            "{{ s11.improvements }}。具体项目自评情况附绩效自评表及自评报告。")


GLOSSARY = (
    ("财政拨款收入", "指同级财政当年拨付的资金。"),
    ("上级补助收入", "指事业单位从主管部门和上级单位取得的非财政补助收入。"),
    ("事业收入", "指事业单位开展专业业务活动及其辅助活动所取得的收入。"),
    ("经营收入", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"),
    ("附属单位上缴收入", "指事业单位附属的独立核算单位按有关规定上缴的收入。"),
    ("其他收入", "指除上述“财政拨款收入”、“事业收入”、“经营收入”、“附属单位上缴收入”等之外取得的收入。"),
    ("年初结转和结余", "指以前年度支出预算因客观条件变化未执行完毕、结转到本年度按有关规定继续使用的资金，"
                       "既包括财政拨款结转和结余，也包括事业收入、经营收入、其他收入的结转和结余。"),
    ("年末结转和结余", "指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需要延迟到以后年度按有关规定"
                       "继续使用的资金，既包括财政拨款结转和结余，也包括事业收入、经营收入、其他收入的结转和结余。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    ("经营支出", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。"),
    ("对附属单位补助支出", "指事业单位发生的用非财政预算资金对附属单位的补助支出。"),
    ("“三公”经费", "指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。其中，因公出国（境）费反映单位"
                  "公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置费反映"
                  "公务用车购置支出（含车辆购置税、牌照费）；公务用车运行维护费反映单位按规定保留的公务用车燃料费、维修费、"
                  "过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）费用。"),
    ("机关运行经费", "行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。"),
)

TABLE_LIST = (
    "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
)
NUMERALS = "一二三四五六七八九十"


def add_back(doc) -> None:
    _p(doc, "十二、其他需说明的事项", H2)
    _p(doc, "{% if s12.overall_published %}本年度部门整体绩效自评表随本说明一并公开，见附表。"
            "{% else %}本年度部门整体绩效自评表不予公开。{% endif %}")
    _ctl(doc, "{%p for para in s12.paragraphs %}")
    _p(doc, "{{ para }}")
    _ctl(doc, "{%p endfor %}")

    _p(doc, "第三部分 专业名词解释", H1)
    for i, (term, text) in enumerate(GLOSSARY):
        num = NUMERALS[i] if i < 10 else "十" + NUMERALS[i - 10]
        _p(doc, f"{num}、{term}：{text}")

    _p(doc, "第四部分 部门决算报表（见附表）", H1)
    for i, name in enumerate(TABLE_LIST):
        _p(doc, f"{NUMERALS[i]}、《{name}》")
