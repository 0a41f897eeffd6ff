"""What the footer, the correction link and the print header show, from the settings.

The templates (``templates/html/policybook-site-footer.html``, ``policybook-correction.html``
and the print header in ``templates/pydata/layout.html``) only print these values; every URL
is built here, escaped here, and an empty setting leaves its item out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from ..config import PolicybookConfig, _line_of, checked

ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
POLICE_HOME = "https://beian.mps.gov.cn/"
LINKS = (("about_page", "机构职能"), ("contact_page", "联系我们"), ("privacy_page", "隐私与免责声明"), ("sitemap_page", "网站地图"))


def footer_context(settings: PolicybookConfig, exists: Callable[[str], bool]) -> dict | None:
    """The footer's items; None when every setting is empty (no footer at all)."""
    police_code = "".join(re.findall(r"\d", settings.police_record))
    footer = {
        "sponsor": settings.sponsor,
        "organizer": settings.organizer,
        "site_code": settings.site_code,
        "icp": settings.icp_record,
        "police": settings.police_record,
        "police_url": POLICE_URL.format(code=police_code) if police_code else POLICE_HOME,
        "links": [(label, getattr(settings, name)) for name, label in LINKS
                  if getattr(settings, name) and exists(getattr(settings, name))],
    }
    return footer if any(footer[key] for key in ("sponsor", "organizer", "site_code", "icp", "police", "links")) \
        else None


def correction_url(address: str, title: str, url: str, entry_id: str = "") -> str:
    """我为政府网站找错: a ``mailto:`` with subject and body, or a form address with the page's
    title, URL and id as query parameters; each value percent-encoded (spaces as %20, which every
    mail client reads; ``+`` would stay a plus)."""
    def enc(value: str) -> str:
        return quote(value, safe="")

    if address.startswith("mailto:"):
        body = "\n".join(filter(None, [f"页面：{title}", f"编号：{entry_id}" if entry_id else "", f"网址：{url}",
                                       "", "问题描述（请写明哪里有误，正确的应是什么）：", ""]))
        return f"{address}?subject={enc('网站纠错：' + title)}&body={enc(body)}"
    fields = [("title", title), ("url", url)] + ([("id", entry_id)] if entry_id else [])
    joiner = "&" if "?" in address else "?"
    return address + joiner + "&".join(f"{key}={enc(value)}" for key, value in fields)


def page_context(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the footer on every page; on pages built from a source file, the
    correction link and the print header's URL."""
    settings = checked(app.config)
    env = app.env
    context["pb_footer"] = footer_context(settings, lambda doc: doc in env.all_docs)
    url = app.config.html_baseurl + app.builder.get_target_uri(pagename)
    is_program = pagename in env.all_docs and settings.is_program_doc(pagename)
    context["pb_print"] = {"site": app.config.html_title or app.config.project, "url": url,
                           "kind": "申报指南" if is_program else ""}
    if doctree is None or pagename not in env.all_docs or not settings.correction_url:
        return
    title_node = env.titles.get(pagename)
    title = title_node.astext() if title_node is not None else pagename
    entry_id = pagename.rsplit("/", 1)[-1] if is_program or settings.is_policy_doc(pagename) else ""
    context["pb_correction_url"] = correction_url(settings.correction_url, title, url, entry_id)


def check_pages(app, env) -> None:
    """A footer page that does not exist is a problem at its line of conf.py (the link is left out)."""
    from ..model.problems import Problem
    from ..report import warn

    settings = checked(app.config)
    try:
        conf_text = (app.confdir / "conf.py").read_text("utf-8")
    except OSError:
        conf_text = ""
    for name, label in LINKS:
        page = getattr(settings, name)
        if page and page not in env.all_docs:
            line = _line_of(conf_text, "policybook_" + name)
            warn(Problem("conf.py", line, 1 if line else 0, "policybook_" + name,
                         f"配置 policybook_{name} 指向的页面 {page!r} 不存在, 页脚不显示“{label}”链接",
                         "footer page not found", "写成站内页面的路径, 不带 .md, 如 'source/contact'", "config"))
