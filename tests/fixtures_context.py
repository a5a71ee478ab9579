"""A hand-written template context (see docs/template-context.md).

Figures follow the published 2023 reference where it has them; the second
project is made up to stress the layout (30 indicators, long texts). Every
value is a preformatted string, as the generator produces them.
"""

from __future__ import annotations

import copy

DASH = "—"
TRICKY = "R&D <x> {{ y }}"  # must come out literally (autoescape, no re-templating)

UNIT = "中共昌吉回族自治州委员会组织部"


def _row(name, target, actual, weight, score, reason=""):
    return {"name": name, "target": target, "actual": actual, "weight": weight,
            "score": score, "reason": reason}


def _fund(label, initial, full, executed, weight=DASH, rate=DASH, score=DASH):
    return {"label": label, "initial": initial, "full": full, "executed": executed,
            "weight": weight, "rate": rate, "score": score}


PROJECT_1 = {
    "name": "2023年乡镇（街道）党政正职关心关爱工作经费",
    "department": UNIT,
    "implementer": UNIT,
    "funds": [
        _fund("年度资金总额", "32.40", "44.00", "43.73", "10", "99.38%", "9.84"),
        _fund("其中：当年财政拨款", "32.40", "32.40", "32.20"),
        _fund("上年结转资金", "0.00", "11.60", "11.53"),
        _fund("其他资金", "0.00", "0.00", "0.00"),
    ],
    "goal_expected": "通过对乡镇（街道）党政正职的关心关爱，乡镇（街道）党政正职体检人数（162人）"
                     "有效提高身体健康水平，持续保障为基层领导提供可持续医疗保障。",
    "goal_actual": "通过对乡镇（街道）党政正职的关心关爱，乡镇（街道）党政正职体检人数（161人）"
                   "有效提高身体健康水平。有一名正职领导未配备，故结余2000元。" + TRICKY,
    "levels": [
        {"name": "产出指标", "seconds": [
            {"name": "数量指标", "rows": [
                _row("乡镇（街道）党政正职体检人数（人）", "≤162人", "=161人", "10", "9.94",
                     "有一名党政正职未配备"),
                _row("体检机构数量", "=1家", "=1家", "5", "5.00"),
            ]},
            {"name": "质量指标", "rows": [
                _row("乡镇（街道）党政正职关心关爱覆盖率", "=100%", "=99.38%", "15", "14.77",
                     "有一名党政正职未配备"),
            ]},
            {"name": "时效指标", "rows": [
                _row("乡镇（街道）党政正职关心关爱及时率", "=100%", "=100%", "10", "10.00"),
            ]},
        ]},
        {"name": "成本指标", "seconds": [
            {"name": "经济成本指标", "rows": [
                _row("预算成本控制率", "≤100%", "=99.38%", "10", "9.84", "有一名党政正职未配备"),
                _row("人均体检费用", "≤2000元", "=2000元", "10", "10.00"),
            ]},
        ]},
        {"name": "效益指标", "seconds": [
            {"name": "社会效益指标", "rows": [
                _row("通过对乡镇（街道）党政正职关心关爱提高身体健康水平", "有效提高", "有效提高", "10", "10.00"),
                _row("为基层领导提供可持续医疗保障", "持续保障", "持续保障", "10", "10.00"),
            ]},
            {"name": "可持续影响指标", "rows": [
                _row("基层干部队伍稳定", "长期", "长期", "10", "10.00"),
            ]},
        ]},
    ],
    "total_weight": "100",
    "total_score": "99.07分",
}

_LONG_REASON = ("受项目实施进度影响，部分采购与培训活动延后至次年开展，资金未能全部支付；"
                "下一步将加强预算执行监控，细化季度用款计划，确保资金及时足额使用。")


def _project_2_levels():
    groups = [
        ("产出指标", "数量指标", 10), ("产出指标", "质量指标", 6), ("产出指标", "时效指标", 4),
        ("成本指标", "经济成本指标", 4),
        ("效益指标", "社会效益指标", 3), ("效益指标", "可持续影响指标", 1),
        ("满意度指标", "满意度指标", 2),
    ]
    levels: list[dict] = []
    n = 0
    for first, second, count in groups:
        if not levels or levels[-1]["name"] != first:
            levels.append({"name": first, "seconds": []})
        rows = []
        for i in range(count):
            n += 1
            rows.append(_row(
                f"第{n}项指标：组织开展援疆干部人才服务保障与教育培训相关工作（第{i + 1}项）",
                f">={n * 10}人次", f"={n * 10 - (n % 3)}人次", "3", "2.90" if n % 3 else "3.00",
                _LONG_REASON if n % 4 == 0 else ""))
        levels[-1]["seconds"].append({"name": second, "rows": rows})
    assert n == 30
    return levels


PROJECT_2 = {
    "name": "2023年援疆干部人才服务保障及教育培训综合项目（含援疆干部人才公寓楼运转、医疗保障、"
            "干部教育培训、人才引进与交流交往交融等多项子任务）",
    "department": UNIT,
    "implementer": "中共昌吉回族自治州委员会组织部人才工作科、援疆工作科、干部教育科",
    "funds": [
        _fund("年度资金总额", "1,994.00", "1,994.00", "693.68", "10", "34.79%", "0.00"),
        _fund("其中：当年财政拨款", "0.00", "0.00", "0.00"),
        _fund("其他资金", "1,994.00", "1,994.00", "693.68"),
    ],
    "goal_expected": ("认真做好我州援疆干部服务保障工作，保障援疆干部263人，保障援疆干部人才公寓楼运转2个，"
                      "持续深化接受两地交流交往交融；组织开展干部教育培训不少于20期，培训人数不少于2000人次，"
                      "培训合格率达到100%；开展人才引进与交流活动，引进各类急需紧缺人才不少于50人；"
                      "通过项目实施，充分调动援疆干部人才的积极性、主动性、创造性，提高组织工作效率，"
                      "服务对象满意度达到95%以上。") * 2,
    "goal_actual": ("完成援疆干部服务保障工作，保障援疆干部263人，保障援疆干部人才公寓楼运转2个；"
                    "组织开展干部教育培训22期，培训2150人次，培训合格率100%；引进各类急需紧缺人才52人。"
                    "受项目实施进度影响，部分资金结转下年使用。") * 2,
    "levels": _project_2_levels(),
    "total_weight": "100",
    "total_score": "70分",
}


def _code_rows(n_values: int, rows: list[tuple[str, str, str, list[str]]]):
    out = []
    for code, indent, name, v in rows:
        assert len(v) == n_values, (name, v)
        out.append({"code": code, "indent": indent, "name": name, "v": v})
    return out


IND1, IND2 = "\u3000", "\u3000\u3000"

ANNEX = {
    "t1": {"rows": [
        {"inc_label": "一、一般公共预算财政拨款收入", "inc_line": "1", "inc_amount": "1,891.20",
         "exp_label": "一、一般公共服务支出", "exp_line": "31", "exp_amount": "2,245.37"},
        {"inc_label": "二、政府性基金预算财政拨款收入", "inc_line": "2", "inc_amount": "0.00",
         "exp_label": "二、社会保障和就业支出", "exp_line": "32", "exp_amount": "132.11"},
        {"inc_label": "三、国有资本经营预算财政拨款收入", "inc_line": "3", "inc_amount": "0.00",
         "exp_label": "三、卫生健康支出", "exp_line": "33", "exp_amount": "47.41"},
        {"inc_label": "八、其他收入", "inc_line": "8", "inc_amount": "142.20",
         "exp_label": "四、住房保障支出", "exp_line": "34", "exp_amount": "86.19"},
        {"inc_label": "", "inc_line": "", "inc_amount": "",
         "exp_label": "五、其他支出", "exp_line": "35", "exp_amount": "73.80"},
        {"inc_label": "本年收入合计", "inc_line": "9", "inc_amount": "2,033.40",
         "exp_label": "本年支出合计", "exp_line": "36", "exp_amount": "2,584.88"},
        {"inc_label": "年初结转和结余", "inc_line": "11", "inc_amount": "634.01",
         "exp_label": "年末结转和结余", "exp_line": "38", "exp_amount": "82.54"},
        {"inc_label": "总计", "inc_line": "12", "inc_amount": "2,667.41",
         "exp_label": "总计", "exp_line": "39", "exp_amount": "2,667.41"},
    ]},
    "t2": {"rows": _code_rows(7, [
        ("", "", "合计", ["2,033.40", "1,891.20", "0.00", "0.00", "0.00", "0.00", "142.20"]),
        ("201", "", "一般公共服务支出", ["1,693.88", "1,551.68", "0.00", "0.00", "0.00", "0.00", "142.20"]),
        ("20132", IND1, "组织事务", ["1,693.88", "1,551.68", "0.00", "0.00", "0.00", "0.00", "142.20"]),
        ("2013201", IND2, "行政运行", ["739.98", "739.98", "0.00", "0.00", "0.00", "0.00", "0.00"]),
        ("2013202", IND2, "一般行政管理事务（" + TRICKY + "）",
         ["433.87", "433.87", "0.00", "0.00", "0.00", "0.00", "0.00"]),
    ])},
    "t3": {"rows": _code_rows(6, [
        ("", "", "合计", ["2,584.88", "1,182.51", "1,402.37", "0.00", "0.00", "0.00"]),
        ("201", "", "一般公共服务支出", ["2,245.37", "842.99", "1,402.37", "0.00", "0.00", "0.00"]),
        ("20132", IND1, "组织事务", ["2,245.37", "842.99", "1,402.37", "0.00", "0.00", "0.00"]),
        ("2013201", IND2, "行政运行", ["739.98", "739.98", "0.00", "0.00", "0.00", "0.00"]),
    ])},
    "t4": {"rows": [
        {"inc_label": "一、一般公共预算财政拨款", "inc_line": "1", "inc_amount": "1,891.20",
         "exp_label": "一、一般公共服务支出", "exp_line": "30", "exp_total": "1,551.68",
         "exp_general": "1,551.68", "exp_fund": "0.00", "exp_soe": "0.00"},
        {"inc_label": "二、政府性基金预算财政拨款", "inc_line": "2", "inc_amount": "0.00",
         "exp_label": "二、社会保障和就业支出", "exp_line": "31", "exp_total": "132.11",
         "exp_general": "132.11", "exp_fund": "0.00", "exp_soe": "0.00"},
        {"inc_label": "本年收入合计", "inc_line": "4", "inc_amount": "1,891.20",
         "exp_label": "本年支出合计", "exp_line": "35", "exp_total": "1,891.20",
         "exp_general": "1,891.20", "exp_fund": "0.00", "exp_soe": "0.00"},
        {"inc_label": "总计", "inc_line": "8", "inc_amount": "1,891.20",
         "exp_label": "总计", "exp_line": "40", "exp_total": "1,891.20",
         "exp_general": "1,891.20", "exp_fund": "0.00", "exp_soe": "0.00"},
    ]},
    "t5": {"rows": _code_rows(3, [
        ("", "", "合计", ["1,891.20", "1,180.94", "710.26"]),
        ("201", "", "一般公共服务支出", ["1,551.68", "842.99", "708.69"]),
        ("2013201", IND2, "行政运行", ["739.98", "739.98", "0.00"]),
    ])},
    "t6": {"rows": [
        {"c1": "301", "n1": "工资福利支出", "a1": "1,001.50", "c2": "302", "n2": "商品和服务支出",
         "a2": "137.48", "c3": "307", "n3": "债务利息及费用支出", "a3": "0.00"},
        {"c1": "30101", "n1": "基本工资", "a1": "250.31", "c2": "30201", "n2": "办公费",
         "a2": "12.60", "c3": "310", "n3": "资本性支出", "a3": "0.00"},
        {"c1": "303", "n1": "对个人和家庭的补助", "a1": "41.96", "c2": "30217", "n2": "公务接待费",
         "a2": "3.47", "c3": "", "n3": "", "a3": ""},
    ], "personnel_total": "1,043.46", "public_total": "137.48"},
    "t7": {"budget": ["41.33", "0.00", "37.86", "0.00", "37.86", "3.47"],
           "actual": ["41.33", "0.00", "37.86", "0.00", "37.86", "3.47"], "empty": False,
           "note": "本单位本年度没有财政拨款“三公”经费支出，故本表无数据。"},
    "t8": {"rows": [], "empty": True, "note": "本单位无政府性基金预算财政拨款收入、支出及结转和结余，本表为空表。",
           "no_data": "故本表无数据。"},
    "t9": {"rows": [], "empty": True, "note": "本单位无国有资本经营预算财政拨款收入、支出及结转和结余，本表为空表。",
           "no_data": "故本表无数据。"},
}

OVERALL_TARGET = {
    "title": "部门（单位）整体支出绩效目标表",
    "year": "2023",
    "unit": UNIT,
    "tasks": [
        {"name": "保障部门正常运转，为部门业务开展提供有效支撑。",
         "content": "支持本单位办公、基本工作有序开展，保障在岗干部工资和福利待遇正常发放。",
         "total": "356.99", "fiscal": "356.99", "other": "0.00"},
        {"name": "负责人才工作和援疆干部人才工作。",
         "content": "进一步树立正确用人导向，造就一支重点突出、结构合理、素质优良的高素质机关党政人才队伍。",
         "total": "15.00", "fiscal": "15.00", "other": "0.00"},
    ],
    "tasks_total": {"total": "371.99", "fiscal": "371.99", "other": "0.00"},
    "goal": "目标1：保障在职人员工资、社保缴费等经费支出，保障机构运行、正常履职；目标2：保障换届工作圆满完成。",
    "is_selfeval": False,
    "levels": [
        {"name": "产出指标", "seconds": [
            {"name": "数量指标", "rows": [
                {"name": "开展群众工作培训次数", "target": "≥2次"},
                {"name": "参加体检的干部人数", "target": "≥444人"},
            ]},
            {"name": "质量指标", "rows": [{"name": "群众工作培训合格率", "target": "=100%"}]},
        ]},
        {"name": "满意度指标", "seconds": [
            {"name": "服务对象满意度指标", "rows": [{"name": "本单位干部满意度", "target": "≥95%"}]},
        ]},
    ],
}


def overall_selfeval() -> dict:
    """The same overall table as a 自评表 (with 实际完成值, 分值, 得分, 偏差原因)."""
    o = copy.deepcopy(OVERALL_TARGET)
    o["title"] = "部门（单位）整体支出绩效自评表"
    o["is_selfeval"] = True
    for level in o["levels"]:
        for second in level["seconds"]:
            for row in second["rows"]:
                row.update(actual=row["target"].replace("≥", "="), weight="10", score="10.00", reason="")
    return o


def make_context() -> dict:
    """A fresh deep copy, so a test may change it freely."""
    return copy.deepcopy({
        "unit_name": UNIT,
        "year": "2023",
        "projects": [PROJECT_1, PROJECT_2],
        "annex": ANNEX,
        "overall": OVERALL_TARGET,
    })
