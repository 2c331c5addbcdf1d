"""Chengdu's supervised units and a realistic catalogue of approval items (demo and benchmark data).

Names follow the city's 2009 structure (46 municipal departments, 20 districts/counties). Limits are typical of
real service guides: statutory 20 working days (行政许可法 42) or a special law's figure, a promised limit well
under it, a few 即办件 (promised 0).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

DEPARTMENTS = [
    "发改委",
    "经信委",
    "教育局",
    "科技局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人社局",
    "国土资源局",
    "环保局",
    "城乡建委",
    "规划局",
    "房管局",
    "交委",
    "水务局",
    "农委",
    "林业和园林管理局",
    "商务局",
    "文化局",
    "卫生局",
    "人口计生委",
    "审计局",
    "外事侨务办",
    "国资委",
    "地税局",
    "工商局",
    "质监局",
    "安监局",
    "统计局",
    "食品药品监管局",
    "旅游局",
    "体育局",
    "城管局",
    "民宗局",
    "气象局",
    "防震减灾局",
    "人防办",
    "粮食局",
    "档案局",
    "新闻出版局",
    "广电局",
    "物价局",
    "文物局",
    "民防办",
    "知识产权局",
]
DISTRICTS = [
    "锦江区",
    "青羊区",
    "金牛区",
    "武侯区",
    "成华区",
    "龙泉驿区",
    "青白江区",
    "新都区",
    "温江区",
    "双流县",
    "郫县",
    "金堂县",
    "大邑县",
    "蒲江县",
    "新津县",
    "都江堰市",
    "彭州市",
    "邛崃市",
    "崇州市",
    "高新区",
]
# 行政区划代码 of the 2009 units (高新区 has no code of its own; 510109 is used locally).
DISTRICT_CODES = [
    "510104",
    "510105",
    "510106",
    "510107",
    "510108",
    "510112",
    "510113",
    "510114",
    "510115",
    "510122",
    "510124",
    "510121",
    "510129",
    "510131",
    "510132",
    "510181",
    "510182",
    "510183",
    "510184",
    "510109",
]
CITY_REGION = "510100"

assert len(DEPARTMENTS) == 46 and len(DISTRICTS) == 20 == len(DISTRICT_CODES)

STEPS = (("SL", "受理", 1), ("CB", "承办", None), ("SH", "审核", None), ("PZ", "批准", None), ("BJ", "办结", None))

# (name, statutory, promised, special kinds that stop the clock, fee)
ITEM_TEMPLATES = (
    ("建设项目选址意见书核发", 20, 10, ("专家评审",), 0),
    ("临时建设用地规划许可", 20, 8, ("听证",), 0),
    ("建设工程规划许可证核发", 20, 12, ("专家评审", "听证"), 0),
    ("企业投资项目核准", 20, 15, ("专家评审",), 0),
    ("排污许可证核发", 20, 10, ("检测",), 0),
    ("建设项目环境影响评价审批", 60, 30, ("专家评审", "听证"), 0),
    ("食品生产许可", 20, 12, ("检验", "鉴定"), 0),
    ("药品经营许可", 30, 20, ("检验",), 0),
    ("医疗机构执业登记", 45, 20, ("鉴定",), 0),
    ("民办学校设立审批", 30, 20, ("专家评审",), 0),
    ("社会团体成立登记", 60, 30, (), 0),
    ("取水许可", 45, 20, ("专家评审",), 0),
    ("林木采伐许可证核发", 20, 7, (), 0),
    ("道路运输经营许可", 20, 10, (), 0),
    ("特种设备使用登记", 20, 5, ("检验",), 0),
    ("人防工程建设审批", 20, 10, (), 120.0),
    ("出版物经营许可", 20, 10, (), 0),
    ("文物保护单位修缮审批", 20, 15, ("专家评审",), 0),
    ("营业执照核发", 15, 3, (), 0),
    ("户口迁移审批", 20, 5, (), 0),
    ("建筑工程施工许可", 15, 7, (), 0),
    ("商品房预售许可", 20, 10, ("检测",), 0),
    ("价格认定", 20, 10, ("鉴定",), 0),
    ("气象探测环境保护审批", 20, 10, (), 0),
    ("专利纠纷行政调解受理", 20, 10, (), 0),
    ("个体工商户登记", 15, 0, (), 0),  # 即办件
    ("职业资格证书补发", 20, 0, (), 20.0),  # 即办件
    ("旅行社设立许可", 30, 15, (), 0),
    ("体育类民办非企业审查", 20, 10, (), 0),
    ("宗教活动场所筹备审批", 30, 20, ("听证",), 0),
)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str  # department | district
    sort_order: int


@dataclass(frozen=True)
class StepSpec:
    code: str
    name: str
    limit_days: int | None
    limit_unit: str = "工作日"  # or 自然日 (calendar days, where the law gives them)


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    unit_code: str
    statutory_days: int
    promised_days: int
    stop_clock_kinds: tuple[str, ...]
    fee: float
    steps: tuple[StepSpec, ...] = field(default=())
    limit_unit: str = "工作日"  # of statutory_days / promised_days: 工作日, or 自然日 (calendar days)

    @property
    def fee_free(self) -> bool:
        return self.fee == 0


def units() -> list[UnitSpec]:
    out = [UnitSpec(f"D{i + 1:02d}", n, "department", i) for i, n in enumerate(DEPARTMENTS)]
    out += [UnitSpec(code, n, "district", i) for i, (code, n) in enumerate(zip(DISTRICT_CODES, DISTRICTS, strict=True))]
    return out


def _steps_for(promised: int) -> tuple[StepSpec, ...]:
    if promised == 0:
        return (StepSpec("SL", "受理", None), StepSpec("BJ", "办结", None))
    # the key post (重点岗位, 承办) has its own limit: 60% of the promised limit, rounded up
    return (
        StepSpec("SL", "受理", None),
        StepSpec("CB", "承办", -(-promised * 3 // 5)),
        StepSpec("SH", "审核", None),
        StepSpec("PZ", "批准", None),
        StepSpec("BJ", "办结", None),
    )


def items(seed: int = 2009, per_unit: int = 4) -> list[ItemSpec]:
    """A deterministic catalogue: ``per_unit`` items for every unit (departments and districts alike)."""
    rng = random.Random(seed)
    out: list[ItemSpec] = []
    for unit in units():
        for k in range(per_unit):
            name, statutory, promised, kinds, fee = ITEM_TEMPLATES[rng.randrange(len(ITEM_TEMPLATES))]
            code = f"{unit.code}-{k + 1:03d}"
            out.append(ItemSpec(code, name, unit.code, statutory, promised, tuple(kinds), fee, _steps_for(promised)))
    return out
