"""The cue words that say what a number counts, English and Chinese, in one place.

Read by :mod:`nsdocket.claims.counted` (unit, law, period) and
:mod:`nsdocket.claims.counted_stage` (stage). Every table is commented with what it handles and
an example; the patterns are compiled at the end of the module.
"""

from __future__ import annotations

import re

__all__ = [
    "AGENTS",
    "ANOTHER_SET",
    "BAIL_AFTER",
    "BELONGS_AFTER",
    "BELONGS_START",
    "CONTRAST",
    "FINITE_VERB",
    "FRAME",
    "JOINED_BEFORE",
    "LAWS",
    "MODAL",
    "NOUN_BEFORE",
    "NOUN_SETS",
    "OBJECTS",
    "OF_THOSE_DONE",
    "OF_WHAT",
    "OWN_PASSIVE",
    "PERIODS",
    "RATE_NOUNS",
    "REFUSED_BEFORE",
    "SENTENCE_UNIT",
    "SHARE_OF_BEFORE",
    "STAGES",
    "STAGE_NOUNS",
    "ZH_CHARGE",
    "ZH_CHARGES_AFTER",
    "ZH_NOUN_UNITS",
    "ZH_UNITS",
]

_I = re.IGNORECASE

# --- stages ----------------------------------------------------------------------------------
# Verbs of each stage. Where two start at the same place the longer is taken ("released on
# bail" before "released"). Stage None: a step that is no stage of a prosecution (reading stops).
_STAGE_VERBS: tuple[tuple[str | None, str], ...] = (
    # 須承擔法律後果 (includes bind-overs and care orders), 已完成司法程序, 完成審訊, 簽保守行為,
    # 警司警誡, 撤銷控罪 (charges dropped); "completed judicial proceedings", "bound over",
    # "(charges / applications) were dropped / withdrawn"
    (
        None,
        r"completed\s+(?:the\s+)?judicial\s+proceedings|bound\s+over|\bdropped\b|\bwithdrawn\b|[須需]要?承[擔担]法律[後后]果|"
        r"完成司法程[序式]|完成審訊|完成审讯|簽保守行為|签保守行为|警司警[誡诫]|撤[銷销]控罪",
    ),
    # "denied bail", "bail was denied", "refused bail", 拒絕保釋, 不准保釋, 被拒保釋
    (
        "bail_denied",
        r"\b(?:denied|denies|deny|refused|refuses)\s+(?:\w+\s+){0,2}?bail|"
        r"\bbail\s+(?:was\s+|were\s+|is\s+)?(?:denied|refused)|"
        r"拒[絕绝](?:其)?保[釋释]|不[准獲获]保[釋释]|被拒保[釋释]",
    ),
    # "released on bail", "received bail", "out on bail", 獲准保釋, 保釋候查 (police bail)
    (
        "bail_granted",
        r"\b(?:granted|grants|granting\s+of|received|released\s+on|out\s+on)\s+bail|"
        r"\bbail\s+(?:was\s+)?granted|[獲获]准保[釋释]|准予保[釋释]|[獲获]保[釋释]|准保[釋释]|"
        r"保[釋释]候查|保[釋释]外出",
    ),
    # "remanded in custody", "on remand", "still in custody", "remain in custody", 還押, 羈押
    (
        "remanded",
        r"\bremanded\b|\bon\s+remand\b|\b(?:remain|remained|still|kept|held)\s+in\s+custody\b|"
        r"[還还]押|[羈羁]押",
    ),
    # "served their sentences", "released", "freed", 刑滿, 獲釋, 無條件釋放
    (
        "released",
        r"\bserved\s+(?:their|his|her)\s+sentences?\b|\breleased\b|\bfreed\b|刑[滿满]|[獲获][釋释]|"
        r"[釋释]放",
    ),
    # "acquitted", "cleared", "found not guilty", 無罪, 罪名不成立
    (
        "acquitted",
        r"\bacquitted\b|\bcleared\b|\bfound\s+not\s+guilty\b|[無无]罪|罪名不成立|[脫脱]罪",
    ),
    # "sentenced", "jailed", 判囚, 判監, 判刑, 判處, 監禁, 入獄
    (
        "sentenced",
        r"\bsentenced\b|\bjailed\b|\bimprisoned\b|判囚|判[監监]|判刑|判[處处]|[監监]禁|入[獄狱]",
    ),
    # "pleaded not guilty" and 不認罪 mean a trial: prosecuted (before "guilty" / 認罪 below)
    ("prosecuted", r"\bplead(?:ed|ing|s)?\s+not\s+guilty\b|不[認认]罪"),
    # "convicted", "found guilty", "pleaded guilty", 定罪, 罪成, 入罪, 認罪
    (
        "convicted",
        r"\bconvicted\b|\bfound\s+guilty\b|\bplead(?:ed|ing|s)?\s+guilty\b|定罪|罪成|入罪|[認认]罪",
    ),
    # "prosecuted", "on trial", "opting for a full trial", "appeared in court", "cases before the
    # District Court",
    # 檢控, 起訴, 受審, 審理, 提堂, 進行司法程序
    (
        "prosecuted",
        r"\bprosecuted\b|\bon\s+trial\b|\bstand\s+trial\b|\bfull\s+trial\b|"
        r"\b(?:appeared|appear|brought)\s+(?:\w+\s+)?(?:in|to|before)\s+court\b|"
        r"\b(?:before|received\s+by)\s+(?:the\s+)?(?:[A-Z][\w']*\s+){0,2}courts?\b|"
        r"[檢检]控|起[訴诉]|受[審审]|[審审]理|提堂|[進进]行司法程序",
    ),
    # "charged", "indicted", "accused", "faced new charges", 被控, 落案控告, 控以, 加控, 暫控
    (
        "charged",
        r"\bcharged\b|\bindicted\b|\baccused\b|\bfac(?:ed|es|ing)\s+(?:\w+\s+){0,2}?charges\b|"
        r"被控|落案控告|落案起[訴诉]|控以|加控|[暫暂]控",
    ),
    # "arrested", "arrests", "detained", "taken into custody", "rounded up", 拘捕, 逮捕, 被拘,
    # 被帶走 ("taken away"), 扣查 / 扣押 (held), 被捕 (the verb: 189人被捕, not the noun 被捕人士
    # below), and 拘 before a number (拘一人)
    (
        "arrested",
        r"\b(?:re)?arrest(?:ed|s)?\b|\bdetained\b|\btaken\s+into\s+custody\b|\brounded\s+up\b|"
        r"被捕(?!人|者|學生|学生|[總总]人[數数])|拘捕|逮捕|被拘|被[帶带]走|扣查|扣押|"
        r"拘(?=\s?[\d一兩两二三四五六七八九十])",
    ),
    # "wanted", 通緝, 懸紅 (a bounty)
    ("wanted", r"\bwanted\b|通[緝缉]|[懸悬]紅"),
)
# Nouns that name a stage, read only when no verb does: "46 co-defendants", 九成被告, 被捕人士
# (not 被捕人士親友, "the families of those arrested").
_STAGE_NOUNS: tuple[tuple[str | None, str], ...] = (
    ("prosecuted", r"\b(?:co-)?defendants?\b|被告"),
    ("convicted", r"\bconvictions\b"),
    (
        "arrested",
        r"\barrests\b|被捕(?:人士|者|人(?!士)|學生|学生|[總总]人[數数])(?!親友|亲友|家屬|家属)",
    ),
)
# A rate named before a share: "the conviction rate was 100 per cent", "an arrest rate of 5%".
_RATE_NOUNS: tuple[tuple[str | None, str], ...] = (
    ("convicted", r"\bconviction\s+rates?\b"),
    ("acquitted", r"\bacquittal\s+rates?\b"),
    ("arrested", r"\barrest\s+rates?\b"),
    ("prosecuted", r"\bprosecution\s+rates?\b"),
    ("bail_granted", r"\bbail\s+(?:grant\s+)?rates?\b"),
    ("remanded", r"\bremand\s+rates?\b"),
)
# A verb right before the number that takes it as its object: "arrested 55", "convicted 14
# defendants", "denied bail to 32", "the detention of 12", "trial for 16", "arrests 5", "police
# raids on more than 50", "charged with one count". Words such as "a total of" may come between.
_BETWEEN = r"(?:(?:a\s+total\s+of|all|another|the|only|some|its|their)\s+)*"
_OBJECT_VERBS: tuple[tuple[str | None, str], ...] = (
    ("bail_denied", r"\b(?:denied|denies|refused|refuses)\s+bail\s+to"),
    # "bail was denied in almost 90% of cases"
    ("bail_denied", r"\bbail\s+(?:was|were)\s+(?:denied|refused)\s+(?:in|to|for)"),
    ("bail_granted", r"\b(?:granted|grants|granting)\s+(?:of\s+)?bail\s+to"),
    ("sentenced", r"\b(?:sentenced|sentences|jailed)"),
    ("convicted", r"\b(?:convicted|convicts|conviction\s+of)"),
    ("acquitted", r"\b(?:acquitted|cleared)"),
    ("prosecuted", r"\b(?:prosecuted|prosecuting|trial\s+(?:of|for))"),
    ("charged", r"\b(?:charged(?:\s+with)?|charging|indicted|charges\s+against)"),
    (
        "arrested",
        r"\b(?:arrested|arrests|arresting|detained|detaining|(?:detention|arrest)\s+of|raids?\s+on)",
    ),
    ("remanded", r"\bremanded"),
    # "arrest warrants for 8 activists", "bounties on 13"
    ("wanted", r"\b(?:arrest\s+warrants?|bount(?:y|ies)|rewards?)\s+(?:for|on)"),
)
# "rejects 11 bail applications", "rejected 11 applications for bail", "denied 12 defendants
# bail", 法庭拒絕12名被告的保釋申請, 駁回3人保釋: a refusal before the number is a refusal of
# bail when the clause names bail (保釋) after it.
REFUSED_BEFORE = re.compile(
    rf"\b(?:reject|rejects|rejected|refused|denied|denies)\s+{_BETWEEN}$|(?:拒[絕绝]|[駁驳]回|拒批)[^，,。]{{0,6}}$",
    _I,
)
BAIL_AFTER = re.compile(r"\bbail\b|保[釋释]", _I)
# A stage only intended, feared or supposed is no stage yet: 表示將會認罪, 將被起訴, 擬作供,
# 擔憂...判刑, "will be charged", "if convicted" (將 before a verb, not the 將 of 將他拘捕).
MODAL = re.compile(
    r"[將将](?=[會会被於于要可]|面[臨临])|擬|拟|表示會|表示会|料|擔憂|担忧|若|如果|"
    r"\bwill\b|\bwould\b|\bif\b|\bplan(?:s|ned)?\s+to\b|\bexpected\s+to\b|\bset\s+to\b",
    _I,
)
# People who do the arresting or judging have no stage or law: "two hundred national security
# police officers raided...", "3名國安法指定法官", 懲教人員.
_NOT_PREPOSITION = r"(?!(?:with|of|in|and|by|for|to|from|at|on)\b)"
AGENTS = re.compile(
    rf"\s?(?:{_NOT_PREPOSITION}[A-Za-z-]+\s+){{0,3}}?(?:officers|police(?:men)?|judges|magistrates|prosecutors|agents|"
    r"guards)\b|\s?[名位]?[^，,。]{0,6}?(?:法官|警員|警员|警察|人員|人员|律師|律师)",
    _I,
)

# --- how numbers hang together ---------------------------------------------------------------
# A clause starting with these is part of the number before it: 其中 / 當中 "of whom", 包括
# "including", "of which", "of them", 餘下 / 其餘 "the rest", "with" ("with over 100 of them").
BELONGS_START = re.compile(
    r"^\s*(?:其中|[當当]中|包括|[餘余]下|其[餘余]|including\b|of\s+(?:which|whom|them|these|those)\b|"
    r"among\s+them\b)",
    _I,
)
# Words just before a number joining it to the one before: "and five companies", 及5間公司.
JOINED_BEFORE = re.compile(r"(?:\band|及|和|與|与|、)\s*$", _I)
# "30 of those cases", "two of them"
BELONGS_AFTER = re.compile(r"^\s+of\s+(?:them|those|these|whom)\b", _I)
# A clause that frames the numbers after it as part of a group: "Out of the 420 protesters
# arrested, 347 were men", 在被檢控的人中, 在該285名被捕人之中.
FRAME = re.compile(
    r"^\s*(?:out\s+of|of|among)\s+(?:the|those|these)\b|^\s*[在於于].{0,30}?之?中\s*$|"
    r"(?:[當当]|之)中\s*$",
    _I,
)
# A share written as the share of the count before it: 佔 / 占 (佔全部被捕人40.4%), "accounting
# for", "representing", "or", and "(84.6%)" in brackets after the count.
SHARE_OF_BEFORE = re.compile(
    r"(?:(?:佔|占)[^\d,，;；]{0,8}|\baccounting\s+for|\brepresenting|\bor|\bmaking\s+up|[(（])\s*$",
    _I,
)
# A clause starting with these is a different set: "while five co-defendants withdrew", 而...
CONTRAST = re.compile(r"^\s*(?:while|whereas|but|相反|而)", _I)
# These start another set, which takes nothing from the numbers or words before it: 另有約70起,
# 與全港700萬人相比.
ANOTHER_SET = re.compile(r"另有|另外|此外|相比|相較|相较")
# An English clause with its own verb ("were disqualified") takes nothing from the clauses after.
FINITE_VERB = re.compile(r"\b(?:were|was|are|is|have|has|had)\s+[a-z]+", _I)
# An English number with its own passive verb that is no stage ("about 1,700 cases have been
# closed", "Four officers were injured", "85% are scheduled for trial") has no stage.
OWN_PASSIVE = re.compile(r"^[^,;]*?\b(?:were|was|are|is|be|been)\s+(?:[a-z]+ly\s+)?[a-z]+ed\b", _I)

# --- laws --------------------------------------------------------------------------------------
# Most specific first when one clause names several; the NSL and sedition together are
# "national security laws".
_LAW_CUES: tuple[tuple[str, str], ...] = (
    # "acts endangering national security", "national security offences / legislation / case /
    # sweep / trial", 危害國家安全, 危害國安, 在所有相關法律下, 國安案件, 涉及國安 (not 除國安罪外,
    # "apart from national security offences")
    (
        "national security laws",
        r"endangering\s+national\s+security|national\s+security\s+(?:laws|legislation|offen[cs]es?|"
        r"cases?|sweep|trial|crackdown)|危害(?:國家安全|国家安全|國安|国安)|所有相[關关]法律|"
        r"(?<!除)[國国]安(?:案件?|罪)|涉(?:及)?[國国]安",
    ),
    # 《維護國家安全條例》, "Safeguarding National Security Ordinance", SNSO, and the law made
    # under Article 23 ("the Article 23 law", 23條立法)
    (
        "SNSO",
        r"Safeguarding\s+National\s+Security\s+Ordinance|\bSNSO\b|[維维][護护]國家安全條例|"
        r"维护国家安全条例|Article\s+23\s+(?:law|legislation|ordinance)|(?:23|二十三)\s?[條条]立法",
    ),
    # "national security law", "security law", NSL, 國安法 (not 國安法後 / 國安法時代, "after the
    # NSL" / "the NSL era", which give a period)
    ("NSL", r"(?:national\s+)?security\s+(?:law|act)\b|\bNSL\b|[國国]安法(?![後后]|[時时]代)"),
    # sedition, "seditious", 煽動
    ("sedition", r"\bsedition|\bseditious\b|煽[動动]"),
    # the 2019 protests: 修例風波, 反修例, 反送中, "Amendment" cases, the extradition bill,
    # protests and protesters, 因示威被捕 "arrested for protesting"
    (
        "2019 protests",
        r"修例|反送中|\"Amendment\"|“Amendment”|\bextradition\b|\bprotest(?:s|ers)?\b|因示威",
    ),
)

# --- units -------------------------------------------------------------------------------------
# English nouns (singular and plural) of each unit; another plural noun counts "other" things.
_PEOPLE = (
    "people person persons individual individuals defendant defendants co-defendant "
    "co-defendants activist activists man men woman women protester protesters protestor "
    "protestors demonstrator demonstrators figure figures advocate advocates politician "
    "politicians candidate candidates organiser organisers organizer organizers participant "
    "participants suspect suspects officer officers democrat democrats detainee detainees "
    "prisoner prisoners journalist journalists reporter reporters lawmaker lawmakers legislator "
    "legislators member members student students teenager teenagers minor minors child children "
    "resident residents citizen citizens trustee trustees councillor councillors campaigners "
    "dissident dissidents leader leaders supporter supporters inmate inmates offender offenders "
    "kongers others judge judges magistrate magistrates lawyer lawyers prosecutor prosecutors "
    "police policemen agent agents guard guards staff employee employees worker workers "
    "volunteer volunteers director directors editor editors relative relatives families "
    "arrests arrest convictions applications application"
)
_CASES = "case cases prosecution prosecutions trial trials"
_CHARGES = "charge charges count counts offence offences offense offenses"
_COMPANIES = "company companies firm firms business businesses"
_ORGANISATIONS = (
    "organisation organisations organization organizations group groups union unions ngo ngos "
    "party parties association associations"
)
NOUN_SETS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (unit, frozenset(words.split()))
    for unit, words in (
        ("people", _PEOPLE),
        ("cases", _CASES),
        ("charges", _CHARGES),
        ("companies", _COMPANIES),
        ("organisations", _ORGANISATIONS),
    )
)
# Chinese classifiers of one unit: 人 名 位 男 女 (people), 宗 起 (cases), 類 種 支 卷 度 次
# (other).
ZH_UNITS: dict[str, str] = {
    **dict.fromkeys("人名位男女", "people"),
    **dict.fromkeys("宗起", "cases"),
    **dict.fromkeys("類类種种支卷度次", "other"),
}
# After 間 / 家 / 個 / 件 the noun decides: "5間公司", "兩個組織", "10個人", "266件案件".
_ZH_NOUN_UNITS: tuple[tuple[str, str], ...] = (
    ("people", r"^\s?人"),
    ("companies", r"^[^，,。；;]{0,4}?(?:公司|企業|企业)"),
    ("organisations", r"^[^，,。；;]{0,4}?(?:組織|组织|團體|团体|機構|机构|媒體|媒体)"),
    ("cases", r"^[^，,。；;]{0,4}?案"),
)
# 項 / 條 count charges when the clause names a charge or a charging: "1項...罪", "499條罪狀".
ZH_CHARGE = re.compile(r"罪|控")
# "of the city's leading democrats": what a number is "of" (the noun after it is the unit);
# "of those charged": a share of people.
OF_WHAT = re.compile(r"^\s+of\s+(?:the\s+|those\s+|these\s+|all\s+)?", _I)
OF_THOSE_DONE = re.compile(r"^\s+of\s+those\s+[a-z]+ed\b", _I)
# A bare number right before 罪 counts charges: "共3罪".
ZH_CHARGES_AFTER = re.compile(r"^\s?(?:項|项|條|条)?\s?罪")
# A sentence that names what its bare numbers count: 常見的控罪項目包含:襲警(90)...
_SENTENCE_UNIT: tuple[tuple[str, str], ...] = (("charges", r"控罪|罪狀|罪状"),)
# The noun before a share in its clause: "arson cases decreased by 67 percent", 縱火案...八成.
_NOUN_BEFORE: tuple[tuple[str, str], ...] = (
    ("cases", r"\bcases\b|案"),
    ("people", r"\bpeople\b|人"),
)

# --- periods -----------------------------------------------------------------------------------
_DATEISH = r"[^,;:，；。]{1,40}?"
_WEEKDAY = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTH = r"January|February|March|April|May|June|July|August|September|October|November|December"
# 2019年6月9日, 6月30, 11月18 日: a Chinese date
_ZH_DATE = r"(?:\d{4}\s?年\s?)?\d{1,2}\s?月(?:\s?\d{1,2}\s?[日號号]?)?"
_ZH_COUNT = r"[\d一二兩两三四五六七八九十]+"
_PERIOD_CUES: tuple[str, ...] = (
    # "as of 28 February 2022", "since its enactment in June 2020", "up to March"
    r"\b(?:as\s+of|since|until|up\s+to)\s+[^,;:]{1,50}?(?=,|;|:|\s+a\s+total|$)",
    # "from June 9, 2019, to May 10, 2022" (a month or a year in it: not "from 15 to 90")
    rf"\bfrom\s+(?=[^,;:]{{0,12}}(?:{_MONTH}|(?:19|20)\d{{2}}))[^,;:]{{1,25}}?,?\s+to\s+[^,;:]{{1,25}}",
    # "in the past three years since the law took effect", "In just the past year"
    r"\bin\s+(?:just\s+)?the\s+(?:past|last)\s+[^,;:]{1,60}?(?=,|;|$)",
    # "so far", "to date", "currently", "as of now", "yesterday", "two days ago"
    r"\bso\s+far\b|\bto\s+date\b|\bcurrently\b|\bas\s+of\s+now\b|\byesterday\b|"
    r"\b(?:\w+\s+)(?:days?|weeks?|months?|years?)\s+ago\b|\blast\s+(?:week|month|year)\b",
    # "On 6 January 2021", "on Wednesday", "in May 2022", "on New Year's Day"
    rf"\b(?:on|in|during)\s+(?:early\s+|mid-|late\s+)?(?:(?:{_WEEKDAY})\b|(?:\d{{1,2}}\s+)?"
    rf"(?:{_MONTH})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+(?:19|20)\d{{2}})?|"
    r"New\s+Year[’']?s\s+(?:Day|Eve))(?:\s+this\s+year)?",
    # "in early 2021", "in 2020"
    r"\bin\s+(?:early\s+|mid-|late\s+)?(?:19|20)\d{2}\b",
    # 截至2025年3月1日, 截至目前, 截至9.15, 至2023年7月3日
    r"(?:截至|截止)\s?(?:[\d.]+(?![\d年月])|今年|目前|現時|现时|上月|本月|上[周週]|本[周週])|"
    r"(?:截至|截止|至)\s?" + _DATEISH + r"(?:[日底止]|[前後后]|為止|为止)",
    # 自《香港國安法》生效後, 自去年6月反修例示威爆發以來
    r"自\s?" + _DATEISH + r"(?:以來|以来|起|後|后)",
    # 由2019年6月9日至今年2月28日, 由9月1日开学后至9月27日期间; 2019年6月9日至2020年6月30
    r"由\s?[^,;:，；。]{1,30}?至\s?[^,;:，；。]{1,20}?(?:日|期間|期间|周日|週日)",
    rf"{_ZH_DATE}\s?至\s?{_ZH_DATE}",
    # 實施3年以來, 国安法实施以来, 港區國安法生效至今, 實施近三年, 國安法時代, 國安法後
    r"[^,;:，；。\s]{1,12}?(?:實施|实施|生效)[^,;:，；。\s]{0,8}?(?:以來|以来|來|来|後|后|至今)",
    rf"(?:實施|实施|生效)(?:近|逾|超過|超过)?\s?{_ZH_COUNT}\s?(?:年|個月|个月|日|天)",
    r"[國国]安法(?:時代|时代|[後后])",
    # 7個月來, 去年下半年, 在2020年上半年中
    rf"{_ZH_COUNT}\s?(?:個|个)?(?:月|年|日|天)(?:以)?(?:來|来)",
    r"(?:今年|去年|前年|\d{4}\s?年)\s?(?:上半年|下半年|首季|全年)",
    # 昨日, 昨晚, 今(19日), 今早
    r"(?:昨日|昨晚|昨天|今早|今晨|今日|今天|今)(?:\s?[(（][^)）]{1,10}[)）])?(?=\s?[^\d])",
    # 至今, 目前, 現時, 去年同期, 上個財政年度, 單日
    r"至今|目前|現時|现时|去年同期|上個財政年度|上个财政年度|單日|单日",
)

# --- compiled ----------------------------------------------------------------------------------
Cues = tuple[tuple[str | None, re.Pattern[str]], ...]
STAGES: Cues = tuple((stage, re.compile(rx, _I)) for stage, rx in _STAGE_VERBS)
STAGE_NOUNS: Cues = tuple((stage, re.compile(rx, _I)) for stage, rx in _STAGE_NOUNS)
RATE_NOUNS: Cues = tuple((stage, re.compile(rx, _I)) for stage, rx in _RATE_NOUNS)
OBJECTS: Cues = tuple(
    (stage, re.compile(rf"{rx}\s+{_BETWEEN}$", _I)) for stage, rx in _OBJECT_VERBS
)
LAWS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (law, re.compile(rx, _I)) for law, rx in _LAW_CUES
)
ZH_NOUN_UNITS = tuple((unit, re.compile(rx)) for unit, rx in _ZH_NOUN_UNITS)
SENTENCE_UNIT = tuple((unit, re.compile(rx)) for unit, rx in _SENTENCE_UNIT)
NOUN_BEFORE = tuple((unit, re.compile(rx, _I)) for unit, rx in _NOUN_BEFORE)
PERIODS = tuple(re.compile(rx, _I) for rx in _PERIOD_CUES)
