"""Policybook's settings, declared once: name, type, default, check and help text.

Every setting is a ``policybook_<name>`` value in ``conf.py``. :class:`PolicybookConfig`
declares them; :func:`register` adds them to Sphinx in one loop; the build and the
``policybook`` command read them through :func:`from_values`, which checks each value and
returns the problems with the line of ``conf.py`` that set it. The handbook's table of
settings is generated from the same declaration (``{policybook-settings}``).

Pure Python: no Sphinx import (the registration receives the application).
"""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from typing import Any
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model.problems import Problem, did_you_mean

PREFIX = "policybook_"

Check = Callable[[Any], str]
"""Returns '' for a good value, else why it is not (Chinese)."""


def _folder(value: Any) -> str:
    if not isinstance(value, str) or not value.strip("/"):
        return "应为项目中的文件夹路径, 如 'source/programs'"
    if value.startswith("/") or ".." in value.split("/") or "\\" in value:
        return "应为项目根目录下的相对路径, 不能以 / 开头或包含 '..'"
    return ""


def _file_or_empty(value: Any) -> str:
    return "" if value == "" else _folder(value) and "应为项目中的文件路径, 如 'source/search-terms.yaml', 或留空"


def _one_of(*allowed: str) -> Check:
    def check(value: Any) -> str:
        return "" if value in allowed else "可选: " + ", ".join(repr(a) for a in allowed)
    return check


def _iso_date_or_empty(value: Any) -> str:
    if value == "":
        return ""
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return "应为 YYYY-MM-DD 格式的日期, 或留空 (按构建当天计算)"
    return ""


def _time_zone(value: Any) -> str:
    try:
        ZoneInfo(value)
    except (TypeError, ValueError, ZoneInfoNotFoundError):
        return "应为 IANA 时区名, 如 'Asia/Shanghai'"
    return ""


def _url_or_empty(value: Any) -> str:
    if value == "" or (isinstance(value, str) and re.match(r"^https?://[^\s<>\"']+$", value)):
        return ""
    return "应为以 https:// 开头的网址, 或留空"


def _category_page(value: Any) -> str:
    return _folder(value) or ("" if "{id}" in value else "须包含 {id}, 如 'source/categories/{id}'")


def _page_or_empty(value: Any) -> str:
    return "" if value == "" else _folder(value) and "应为项目中的页面路径 (不含扩展名), 如 'docs/index', 或留空"


def _positive_int(value: Any) -> str:
    return "" if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000 else "应为 1–1000 之间的整数"


def _text(value: Any) -> str:
    return "" if isinstance(value, str) else "应为文字"


def _line_or_empty(value: Any) -> str:
    """One line of text (a name or a record number shown in the footer), or empty."""
    if not isinstance(value, str):
        return "应为文字, 或留空 (不显示)"
    return "" if len(value) <= 80 and not re.search(r"[\r\n<>]", value) else "应为一行文字 (不超过 80 字, 不含 < >)"


def _page_or_empty(value: Any) -> str:
    """A page of the site, as its path without suffix (like a toctree entry), or empty."""
    if value == "":
        return ""
    return _folder(value) and "应为站内页面的路径 (不带扩展名), 如 'source/contact', 或留空"


def _correction_address(value: Any) -> str:
    if value == "" or (isinstance(value, str) and re.match(r"^mailto:[^\s<>\"'?&@]+@[^\s<>\"'?&@]+$", value)):
        return ""
    return _url_or_empty(value) and "应为 mailto:地址 (如 'mailto:jiucuo@example.gov.cn'), 或 https:// 开头的纠错表单网址, 或留空"


def _count(value: Any) -> str:
    return "" if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else "应为 0 或正整数"


def _flag(value: Any) -> str:
    return "" if isinstance(value, bool) else "应为 True 或 False"


def setting(default: Any, check: Check, help: str, rebuild: str = "env", factory: Callable[[], Any] | None = None):
    """One setting: ``rebuild`` is Sphinx's (what a change invalidates: 'env', 'html' or '')."""
    metadata = {"check": check, "help": help, "rebuild": rebuild}
    if factory is not None:
        return dc.field(default_factory=factory, metadata=metadata)
    return dc.field(default=default, metadata=metadata)


def _preview_from_environment() -> bool:
    return os.environ.get("POLICYBOOK_PREVIEW") == "1"


@dc.dataclass(frozen=True)
class PolicybookConfig:
    """The settings, each read from ``conf.py`` as ``policybook_<name>``."""

    programs_dir: str = setting("source/programs", _folder, "申报事项 YAML 文件所在的文件夹")
    policies_dir: str = setting("source/policies", _folder, "政策文件 (Markdown) 所在的文件夹")
    interpretations_dir: str = setting("source/interpretations", _folder, "政策解读 (Markdown) 所在的文件夹")
    forms_dir: str = setting("source/forms", _folder, "可下载表格所在的文件夹")
    notices_dir: str = setting("source/notices", _folder, "通知公告 (Markdown) 所在的文件夹")
    publicity_dir: str = setting("source/publicity", _folder, "公示 (立项公示、获奖名单等结果公开) 文件所在的文件夹")
    category_page: str = setting("source/categories/{id}", _category_page,
                                 "每个类别的栏目页; {id} 换成类别编号")
    reference_date: str = setting("", _iso_date_or_empty,
                                  "计算申报状态所用的日期 (YYYY-MM-DD); 留空为构建当天。"
                                  "改变它只重写显示状态的页面", rebuild="")
    time_zone: str = setting("Asia/Shanghai", _time_zone,
                             "本局所在时区: 构建日期和浏览器中的\"今天\"都按这个时区计算", rebuild="html")
    preview: bool = setting(False, _flag, "预览模式 (make serve 设置): 搜索索引、导出和订阅推迟到下一次 make html",
                            rebuild="", factory=_preview_from_environment)
    repository_url: str = setting("", _url_or_empty, "内容仓库的网址, 用于每页的 编辑此页 / 查看源文件 链接; "
                                  "只在工作人员版中设置, 公开网站留空 (不链接代码托管网站)", rebuild="html")
    repository_branch: str = setting("main", _text, "内容仓库的分支", rebuild="html")
    staff_docs: str = setting("", _page_or_empty, "工作人员文档的目录页 (如 'docs/index'): 设置后导航中多出"
                              "“工作人员文档”一节。只在工作人员版 (make staff) 中设置, 公开网站留空")
    area: str = setting("", _text, "事项适用的地区, 用于 schema.org 的 areaServed", rebuild="html")
    page_size: int = setting(30, _positive_int, "长列表每页显示的条数; 列表的 :per-page: 选项可覆盖",
                             rebuild="html")
    doctrees_in_memory: int = setting(3000, _count, "构建时在内存中保留的已读页面数 (超过的页面写出时从磁盘读回): "
                                      "上万个页面的网站靠它把内存控制在 4 GB 以内; 只影响内存和速度, 不影响生成的网站",
                                      rebuild="")
    search: str = setting("pagefind", _one_of("pagefind", "sphinx"),
                          "站内搜索: 'pagefind' (中文分词, 默认) 或 'sphinx' (Sphinx 自带搜索)")
    search_alone_from: int = setting(5000, _count, "网站页面数达到这个数时, 站内搜索索引等构建释放内存之后再建立, "
                                     "不与写页面同时进行: 上万个页面的网站靠它把内存控制在 4 GB 以内, 代价是构建多花"
                                     "建立索引的时间 (10,000 个事项约半分钟); 0 为总是这样。只影响内存和速度, 不影响生成的网站",
                                     rebuild="")
    search_fulltext_from: int = setting(3000, _count, "事项数达到这个数时, 站内搜索不再用 Pagefind, 改用按字词分片的"
                                        "全文索引 (search/fulltext/): 读者每次搜索只下载用到的几片 (几 KB), 上万个事项时"
                                        "第一次搜索约 250 KB (Pagefind 约 780 KB); 代价是搜索结果下显示简介而不是正文摘录; "
                                        "0 为总是这样", rebuild="html")
    # Government-site conventions (政府网站发展指引): the footer of every page; empty: not shown
    sponsor: str = setting("", _line_or_empty, "页脚的 主办单位", rebuild="html")
    organizer: str = setting("", _line_or_empty, "页脚的 承办单位", rebuild="html")
    site_code: str = setting("", _line_or_empty, "页脚的 网站标识码 (政府网站)", rebuild="html")
    icp_record: str = setting("", _line_or_empty, "页脚的 ICP 备案号, 链接到 beian.miit.gov.cn", rebuild="html")
    police_record: str = setting("", _line_or_empty, "页脚的 公安机关备案号, 链接到全国互联网安全管理服务平台的该号查询",
                                 rebuild="html")
    about_page: str = setting("", _page_or_empty, "页脚 机构职能 链接的页面 (职能、内设科室、监督投诉), 如 'source/about'",
                              rebuild="html")
    contact_page: str = setting("", _page_or_empty, "页脚 联系我们 链接的页面, 如 'source/contact'", rebuild="html")
    privacy_page: str = setting("", _page_or_empty, "页脚 隐私与免责声明 链接的页面, 如 'source/privacy'",
                                rebuild="html")
    sitemap_page: str = setting("", _page_or_empty, "页脚 网站地图 链接的页面 (含 {site-map} 的页面), 如 'source/sitemap'",
                                rebuild="html")
    correction_url: str = setting("", _correction_address,
                                  "每页 我为政府网站找错 链接的去处: mailto:邮箱 (主题和正文带上页面标题和网址), "
                                  "或 https:// 纠错表单 (网址后附 title、url、id 参数)", rebuild="html")
    search_terms: str = setting("source/search-terms.yaml", _file_or_empty,
                                "站内搜索词表 (同义词、忽略的词、不在本站的事项) 的文件; 留空则不用词表", rebuild="")
    search_root: str = setting("", _text, "页面正文所在元素的 CSS 选择器, 供搜索索引; 留空为主题的正文区",
                               rebuild="html")

    @classmethod
    def settings(cls) -> tuple[dc.Field, ...]:
        return dc.fields(cls)

    def today(self) -> dt.date:
        """The date statuses are computed for: the setting, else SOURCE_DATE_EPOCH, else today
        in the bureau's time zone (a build at 07:00 in 北京 is not 'yesterday')."""
        if self.reference_date:
            return dt.date.fromisoformat(self.reference_date)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        zone = ZoneInfo(self.time_zone)
        if epoch and epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), zone).date()
        return dt.datetime.now(zone).date()

    def is_program_doc(self, docname: str) -> bool:
        return docname.startswith(self.programs_dir.strip("/") + "/")

    def is_policy_doc(self, docname: str) -> bool:
        """Every page under the policies folder is a policy, except its ``index`` overview."""
        prefix = self.policies_dir.strip("/") + "/"
        return docname.startswith(prefix) and docname != prefix + "index"

    def is_notice_doc(self, docname: str) -> bool:
        """Every page under the notices folder is a notice, except its ``index`` list page."""
        prefix = self.notices_dir.strip("/") + "/"
        return docname.startswith(prefix) and docname != prefix + "index"

    def is_publicity_doc(self, docname: str) -> bool:
        """Every page under the publicity folder is a publicity list, except its ``index``."""
        prefix = self.publicity_dir.strip("/") + "/"
        return docname.startswith(prefix) and docname != prefix + "index"
    def is_interpretation_doc(self, docname: str) -> bool:
        """Every page directly under the interpretations folder is a 政策解读, except its ``index``."""
        prefix = self.interpretations_dir.strip("/") + "/"
        rest = docname[len(prefix):]
        return docname.startswith(prefix) and rest != "index" and "/" not in rest


def defaults() -> dict[str, Any]:
    return {f.name: (f.default_factory() if f.default_factory is not dc.MISSING else f.default)
            for f in PolicybookConfig.settings()}


def from_values(values: dict[str, Any], conf_text: str = "", conf_file: str = "conf.py",
                names: Iterable[str] = ()) -> tuple[PolicybookConfig, list[Problem]]:
    """The checked settings from ``values`` (``policybook_<name>`` → value), and the problems.

    A bad value is a problem located at the line of ``conf_text`` that sets it, and the default
    is used in its place, so one bad setting does not stop the build. ``names`` are all the
    names ``conf.py`` defines: an unknown ``policybook_*`` name (a typo) is a problem too.
    """
    problems: list[Problem] = []
    chosen = defaults()
    for spec in PolicybookConfig.settings():
        name = PREFIX + spec.name
        if name not in values:
            continue
        value = values[name]
        why = spec.metadata["check"](value)
        if why:
            line = _line_of(conf_text, name)
            problems.append(Problem(conf_file, line, 1 if line else 0, name,
                                    f"配置 {name} 的值 {value!r} 无效: {why}", "invalid setting",
                                    f"已改用默认值 {chosen[spec.name]!r}; 在 {conf_file} 中改正", "config"))
            continue
        chosen[spec.name] = value
    known = {PREFIX + spec.name for spec in PolicybookConfig.settings()}
    for name in sorted(set(names)):
        if name.startswith(PREFIX) and name not in known:
            line = _line_of(conf_text, name)
            problems.append(Problem(conf_file, line, 1 if line else 0, name, f"未知的配置项 {name}",
                                    "unknown setting", did_you_mean(name, sorted(known))
                                    or "可用的配置项见工作人员手册的“配置”一节", "config"))
    return PolicybookConfig(**chosen), problems


def _line_of(text: str, name: str) -> int:
    match = re.search(rf"^[ \t]*{re.escape(name)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def register(app) -> None:
    """Add every setting to Sphinx as ``policybook_<name>`` (types are checked by :func:`from_values`)."""
    for spec in PolicybookConfig.settings():
        default = spec.default_factory() if spec.default_factory is not dc.MISSING else spec.default
        # types=(Any,): Sphinx's own type check would warn in English; ours reports in Chinese
        app.add_config_value(PREFIX + spec.name, default, spec.metadata["rebuild"], types=(Any,),
                             description=spec.metadata["help"])


def setup(app) -> None:
    """Register the settings and check them once ``conf.py`` is read (see :func:`checked`)."""
    register(app)
    app.connect("config-inited", _config_inited, priority=400)


def _config_inited(app, config) -> None:
    from .report import warn

    values = {name: getattr(config, name) for name in dir(config) if name.startswith(PREFIX)}
    conf_path = app.confdir / "conf.py"
    try:
        conf_text = conf_path.read_text("utf-8")
    except OSError:
        conf_text = ""
    settings, problems = from_values(values, conf_text, "conf.py", getattr(config, "_raw_config", {}))
    for problem in problems:
        warn(problem)
    for spec in PolicybookConfig.settings():  # bad values fall back to their defaults
        setattr(config, PREFIX + spec.name, getattr(settings, spec.name))
    _CACHE[config] = settings


_CACHE: WeakKeyDictionary = WeakKeyDictionary()


def checked(config) -> PolicybookConfig:
    """The settings of a Sphinx ``config`` (checked when it was read)."""
    settings = _CACHE.get(config)
    if settings is None:
        settings = PolicybookConfig(**{spec.name: getattr(config, PREFIX + spec.name)
                                       for spec in PolicybookConfig.settings()})
        _CACHE[config] = settings
    return settings
