"""The registry of problem codes: every kind of mistake Policybook reports, in one table.

Each :class:`Problem` names one of these codes. A code is stable (it is the warning subtype,
``policybook.<code>``, that ``suppress_warnings`` and CI annotations use); its entry says in
Chinese what it means and how to fix it. The staff handbook's troubleshooting table is
generated from this table (``{policybook-problems}``), and a test fails if any code is reported
that is not registered here.

``stage`` says who can find it: ``file`` (from the file alone), ``project`` (needs the other
files: ``policybook check`` and the build both find it) or ``build`` (only a build can tell,
e.g. the search index failed). ``notice`` problems are reported but do not fail a build.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    id: str
    title: str  # what it means, in a few words (Chinese)
    fix: str  # how to fix it (Chinese)
    stage: str = "file"  # file, project or build
    notice: bool = False  # reported, but never fails a build


def _table(*codes: Code) -> dict[str, Code]:
    return {code.id: code for code in codes}


CODES: dict[str, Code] = _table(
    # -- reading a file -------------------------------------------------------------------------
    Code("encoding", "文件不是 UTF-8 编码", "用 UTF-8 编码另存 (记事本: 另存为 → 编码选 UTF-8; VS Code: 右下角编码 → 通过编码保存 → UTF-8)"),
    Code("too-large", "文件过大", "一个事项只有几 KB; 检查是否粘贴了整篇文档或图片数据"),
    Code("too-deep", "结构嵌套过深", "减少缩进层级; 真实的条目只有四五层"),
    Code("tab", "缩进中使用了 Tab 字符", "把 Tab 换成两个空格"),
    Code("yaml-syntax", "YAML 语法错误", "按提示检查这一行的冒号、引号、括号和缩进"),
    Code("keyboard", "中文输入法或 Word 带来的符号: 全角冒号 '：'、中文逗号 '，'、中文引号 “ ”、全角空格",
         "输入字段名、冒号、逗号和缩进时切换到英文输入法; 按提示把这个符号换成英文符号"),
    Code("indent", "字段缩进不对, 离开了它所属的一组", "在字段前加空格, 与同一组的其他字段左对齐 (通常两个空格)"),
    Code("alias", "使用了 YAML 锚点或别名 (&, *)", "把内容直接写出来"),
    Code("tag", "使用了 YAML 标签 (!…)", "删除以 '!' 开头的标签"),
    Code("empty", "文件是空的", "从模板复制一份再填写: policybook new program <编号>"),
    Code("front-matter", "政策文件缺少开头的元数据 (front matter)", "从模板复制: policybook new policy <编号>"),
    Code("too-many-problems", "问题过多, 只列出了前 100 个", "改正已列出的问题后再检查"),
    # -- one field --------------------------------------------------------------------------------
    Code("type", "值的种类不对 (应为文字、列表或字段组)", "对照字段说明: 列表每项一行以 '- ' 开头, 字段组写成 '字段名: 值'"),
    Code("control", "文字中有不可见的控制字符", "删除这个字符; 常见于从网页、Word 或 PDF 复制"),
    Code("multiline", "此处只能写一行文字", "删除换行"),
    Code("too-long", "文字过长", "精简文字, 详细内容写进正文或常见问题"),
    Code("format", "格式不正确 (如电话、邮箱)", "按提示的格式改写"),
    Code("id", "编号格式不正确, 或是网站自己使用的名字 (如 all、index)", "只用小写英文字母、数字和连字符, 如 patent-subsidy; 换一个编号"),
    Code("id-filename", "编号与文件名不一致", "把文件改名, 或把 id 改成文件名"),
    Code("date", "日期格式不对或日期不存在", "写成 2026-03-01 这样的格式, 检查月份和日期"),
    Code("number", "应为数字", "只写阿拉伯数字, 不带单位、逗号或汉字"),
    Code("range", "数值超出合理范围", "检查单位和位数; 最低金额不能高于最高金额"),
    Code("bool", "应为 true 或 false", "写 true (是) 或 false (否)"),
    Code("enum", "不在可选值之内", "从提示列出的可选值中选一个 (写英文编号, 不写中文名称)"),
    Code("url", "不安全或无效的链接", "只用 http、https、mailto 和 tel 链接"),
    # -- province gathering (policybook gather) ---------------------------------------------------
    Code("gather-list", "省级汇总的县区列表写得不对", "每个县区写 name、base_url (http(s) 地址) 和 programs_json", "project"),
    Code("gather-unreachable", "读取不到某县区的开放数据", "检查地址或路径; 该县区须先发布 data/programs.json", "project"),
    Code("gather-invalid", "某县区的开放数据不是有效的 JSON 或不符合 programs.schema.json",
         "请该县区用当前版本的 Policybook 重新发布网站", "project"),
    Code("form", "表格文件名无效", "只写文件名 (英文、数字、连字符), 扩展名为 docx/xlsx/pdf 等"),
    Code("min-items", "列表项太少", "按提示补足列表项"),
    Code("max-items", "列表项太多", "合并或删减列表项"),
    Code("duplicate-item", "列表中有重复的项", "删除重复的一项"),
    Code("duplicate-key", "同一个字段写了两次", "删除其中一个, 或合并两处内容"),
    Code("unknown-key", "未知字段", "检查字段名拼写; 可用字段见字段说明"),
    Code("missing", "缺少必填字段或必填字段为空", "按提示补上这个字段"),
    Code("operator", "条件规则的运算符不对", "按提示选择这个判断项可用的运算符"),
    Code("fact", "条件规则的判断项未知", "从提示列出的判断项中选一个; 无法自动判断时写 op: manual"),
    Code("rule", "条件规则写法有误", "按提示改正; 人工审核的条件只写 text、op: manual 和 clause"),
    Code("no-application", "免申即享的写法有误 (no_application 与 materials、no_application_note)",
         "免申即享的事项删除 materials, 兑现依据写在 no_application_note; 写了 no_application_note 的事项加上 no_application: true"),
    Code("date-order", "日期先后颠倒", "截止日期不能早于开始日期, 失效日期不能早于施行日期"),
    Code("amount", "金额与概述不一致, 或金额不合常理 (如 10 元)", "检查金额和单位: 默认单位是元, 万元要加 unit: wan"),
    Code("formula", "支持标准的计算公式写法有误 (fact 与 rate、amount、clause)",
         "按提示改正: fact 写一个数字类判断项, 再写 rate (百分比) 或 amount (每件金额) 之一, 以及依据条款 clause"),
    # -- across files -----------------------------------------------------------------------------
    Code("duplicate", "编号重复", "每个编号只能用一次; 给其中一个换一个没有用过的编号", "project"),
    Code("duplicate-index-number", "两份政策文件的索引号相同", "索引号全站唯一; 按发文机关政府信息公开目录核对, 改正其中抄错的一个", "project"),
    Code("unknown-program", "引用了不存在的申报事项", "检查编号拼写, 或先新建这个事项", "project"),
    Code("unknown-notice", "引用了不存在的通知公告", "检查 {notice} 中的编号拼写 (source/notices/ 下的文件名)", "project"),
    Code("publicity-period", "公示期不合理: 少于 5 个工作日或超过 30 天", "公示期一般不少于 5 个工作日; 检查结束日期的年月"),
    Code("publicity-year", "公示的年度与公示日期或批次不一致", "某年度的结果在当年或次年公示; 让 year、round 和 period 一致"),
    Code("empty-entries", "公示名单是空的", "每个单位 (或项目) 写一项; 名单确定后再发布公示"),
    Code("duplicate-entry", "公示名单中同一单位的同一项目列了两次", "删除重复的一项; 同一单位的不同项目写明 project"),
    Code("over-limit", "公示金额超过事项的支持标准上限", "核对金额和单位 (amount_unit: wan 表示万元) 与事项 funding 中的最高金额", "project"),
    Code("unknown-policy", "引用了不存在的政策文件", "检查编号拼写; 政策被替代时改为引用新政策", "project"),
    Code("unknown-clause", "引用了政策中不存在的条款", "检查条号; 条款须是以 '第N条' 开头的标题或段落", "project"),
    Code("bad-reference", "无法识别的政策引用", "写成 政策编号#条号, 例如 county-ip-measures#3", "project"),
    Code("inactive-policy", "现行事项引用了已废止或已失效的政策", "改为引用替代它的政策; 已停止的事项标记 archived: true",
         "project"),
    Code("cycle", "政策替代关系形成循环", "检查 supersedes 和 superseded_by: 政策不能替代自己", "project"),
    Code("stale-window", "申报期已截止, 没有写下一次申报时间 (提示, 不影响发布)",
         "写 window.expected (预计的下一次), 或把 open/close 改成下一轮的日期", "project", notice=True),
    Code("window", "申报时间的写法互相矛盾 (常年受理却写了预计时间, 或 expected 和 recurring 都写了)",
         "按提示删除多余的字段; 常年受理写 mode: rolling, 不写 open/close/expected/recurring"),
    Code("forecast-past", "预计的申报时间已经过去 (提示, 不影响发布)",
         "通知发布后把确定的日期写进 open/close 并删除 forecast 或 expected; 还没有通知时改成新的预计时间",
         "project", notice=True),
    Code("manual-fact", "人工审核的条件涉及问卷已经询问的企业情况 (提示, 不影响发布)",
         "把能判断的部分写成 fact/op/value 规则 (几个条件满足其一时用 op: any), 判断不了的部分留作 op: manual",
         "project", notice=True),
    Code("form-missing", "找不到表格文件", "把文件放进表格文件夹 (如 source/forms/), 并确认文件名大小写一致", "project"),
    Code("duplicate-clause", "同一条号出现了两次", "检查条号是否写错; 每一条只能出现一次"),
    Code("clause-number", "条号无法识别或超出范围 (1–9999)", "写成 第一条 或 第12条"),
    Code("unknown-role", "未知的引用写法 (角色名拼错)", "检查 {program}、{policy} 等角色名的拼写", "project"),
    Code("unknown-directive", "未知的指令 (指令名拼错)", "检查 ```{program-list} 等指令名的拼写", "project"),
    Code("link-missing", "链接指向的页面或文件不存在", "检查路径和文件名; 表格放在表格文件夹, 页面写相对路径", "project"),
    Code("stray-file", "内容文件夹里有不会被发布的文件 (如扩展名大写 x.YAML)", "按提示改名或移动; 不需要的文件请删除", "project"),
    Code("not-in-toctree", "指南页面没有列入任何目录", "把它加进所在文件夹 index.md 的 toctree, 或在开头写 orphan: true", "project"),
    Code("file-insertion", "插入了内容文件夹以外的文件, 或用 raw、:url: 插入文件和网址",
         "要共用的片段放进内容文件夹 (如 docs/shared/) 再 include; 构建不会读取其他文件, 也不会访问网络", "file"),
    Code("interpretation-image", "政策解读的图片不在解读的文件夹里", "把图解图片放到政策解读文件夹的 img/ 下 (如 source/interpretations/img/), 用相对路径引用"),
    Code("outside-file", "引用了项目以外或隐藏的文件", "把文件放进内容文件夹 (如 source/forms/), 并用相对路径引用"),
    Code("meta", "文字中设置了页面的 meta 信息", "删除 meta 指令"),
    Code("heading-level", "标题级别跳级 (如 # 之后直接用 ###)", "标题依次用 #、##、###, 不要跳级"),
    Code("duplicate-label", "同一个链接目标 (名字)= 写了两次", "每个目标名只能用一次; 改名其中一个"),
    Code("sphinx", "Sphinx 或 MyST 报告的 Markdown 写法问题", "按提示改正这一处; 看不懂英文原文时, 把这一行发给维护人员"),
    Code("list-option", "列表指令的选项有误", "按提示改正 :category: 等选项的取值", "project"),
    Code("site-file", "site-file 只能链接网站内的文件", "写网站中的相对路径, 如 data/programs.json"),
    Code("sheet-conflict", "表格导出之后, YAML 中的同一字段被改过 (import-sheet 不会覆盖)",
         "重新运行 policybook export-sheet 导出表格, 在新表格中再做修改"),
    Code("attachment", "通知的附件没有写 form (表格文件) 或 url (网址), 或两个都写了", "每个附件只写其中一个"),
    Code("notice-window", "通知为常年受理、免申即享或已停止执行的事项开启申报期", "删除这条 opens, 或检查事项编号", "project"),
    Code("notice-overlap", "同一事项的申报期在两处重叠 (两份通知, 或通知与事项的 window)",
         "申报日期只写一处: 核对通知日期, 把事项 YAML 的日期改回上一批", "project"),
    # -- the site and the build -------------------------------------------------------------------
    Code("config", "conf.py 中的配置项有误", "按提示改正 conf.py; 可用的配置项见工作人员手册", "project"),
    Code("search-term", "搜索词表中列为本站没有的词, 却是本站某个事项的名称或简称", "从 referrals 中删除这个词", "project"),
    Code("search-index", "站内搜索索引没有生成", "按提示安装或修复 Pagefind, 然后重新构建", "build"),
    Code("math", "数学公式无法转换 (页面上按原文显示)", "检查花括号是否成对、\\begin 与 \\end 是否对应、命令是否拼错", "build"),
)


def code(code_id: str) -> Code:
    """The registered code ``code_id`` (KeyError for an unregistered one: a bug, caught by tests)."""
    return CODES[code_id]
