"""Read the province's list of counties and their ``data/programs.json``; merge what is valid.

The list is a YAML file (``counties: [{name, base_url, programs_json}]``). ``programs_json`` is
a path (relative to the list) or an http(s) URL. A county whose export cannot be read or does
not match the published schema is left out with a located problem (the list's line and column);
the others are gathered. No Sphinx.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..model.problems import Problem

TIMEOUT_S = 20


@dataclass(frozen=True)
class County:
    name: str
    base_url: str
    programs_json: str
    line: int
    column: int


def _problem(path: Path, line: int, column: int, field: str, message: str, gloss: str, hint: str,
             code: str) -> Problem:
    return Problem(str(path), line, column, field, message, gloss, hint, code)


def read_counties(path: Path) -> tuple[dict, list[County], list[Problem]]:
    """(settings, counties, problems) of the list at ``path``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="rt").load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return {}, [], [_problem(path, 0, 0, "", f"无法读取县区列表: {error}", "cannot read the list",
                                 "检查文件路径, 文件须为 UTF-8 编码", "gather-list")]
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, [], [_problem(path, (mark.line + 1) if mark else 0, (mark.column + 1) if mark else 0, "",
                                 "县区列表不是有效的 YAML", "invalid YAML", "按提示检查这一行的冒号、引号和缩进",
                                 "gather-list")]
    entries = data.get("counties") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        return {}, [], [_problem(path, 1, 1, "counties", "县区列表为空或缺少 counties", "no counties",
                                 "写成 counties: 下每项一个县区, 含 name、base_url、programs_json", "gather-list")]
    counties, problems = [], []
    for index, entry in enumerate(entries):
        line, column = (entries.lc.item(index)[0] + 1, entries.lc.item(index)[1] + 1)
        where = f"counties[{index}]"
        values = {key: entry.get(key) if isinstance(entry, dict) else None
                  for key in ("name", "base_url", "programs_json")}
        missing = [key for key, value in values.items() if not isinstance(value, str) or not value.strip()]
        if missing:
            problems.append(_problem(path, line, column, where, f"缺少 {'、'.join(missing)}", "missing fields",
                                     "每个县区写 name (县区名称)、base_url (网站地址) 和 programs_json (开放数据文件)",
                                     "gather-list"))
            continue
        if urlsplit(values["base_url"]).scheme not in ("http", "https"):
            problems.append(_problem(path, line, column, f"{where}.base_url", "网站地址须以 http:// 或 https:// 开头",
                                     "base_url must be http(s)", "如 https://mh.example.gov.cn/", "gather-list"))
            continue
        base = values["base_url"] if values["base_url"].endswith("/") else values["base_url"] + "/"
        counties.append(County(values["name"].strip(), base, values["programs_json"].strip(), line, column))
    settings = {"title": str(data.get("title") or "全省科技惠企政策查找")}
    return settings, counties, problems


def load_export(county: County, list_path: Path) -> tuple[dict | None, Problem | None]:
    """The county's export, validated against the published schema; or the problem."""
    from jsonschema import Draft202012Validator

    from ..site.opendata_schemas import programs_schema

    where = f"{county.name} programs_json"

    def fail(message: str, gloss: str, hint: str, code: str) -> tuple[None, Problem]:
        return None, _problem(list_path, county.line, county.column, where, message, gloss, hint, code)

    source = county.programs_json
    try:
        if urlsplit(source).scheme in ("http", "https"):
            with urllib.request.urlopen(source, timeout=TIMEOUT_S) as response:  # noqa: S310 (http(s) only)
                raw = response.read()
        else:
            raw = (list_path.parent / source).read_bytes()
    except (OSError, ValueError) as error:
        return fail(f"无法读取{county.name}的开放数据 {source}: {error}", "cannot read the export",
                    "检查地址或路径; 该县区网站须先发布 data/programs.json", "gather-unreachable")
    try:
        export = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return fail(f"{county.name}的开放数据不是有效的 JSON: {error}", "not JSON",
                    "确认地址指向 data/programs.json, 而不是网页", "gather-invalid")
    errors = sorted(Draft202012Validator(programs_schema()).iter_errors(export), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        at = "/".join(str(part) for part in first.path) or "(根)"
        return fail(f"{county.name}的开放数据不符合 programs.schema.json: {at}: {first.message}"
                    + (f" (共 {len(errors)} 处)" if len(errors) > 1 else ""), "does not match the schema",
                    "请该县区用当前版本的 Policybook 重新发布网站", "gather-invalid")
    return export, None


def merge(exports: list[tuple[County, dict]]) -> dict:
    """One export-shaped document of every county's programs: ids made unique, URLs absolute,
    the county's name after the title (the card says whose it is) and a tag (the text query finds it)."""
    first = exports[0][1]
    programs = []
    for county, export in exports:
        for program in export["programs"]:
            record = dict(program)
            record["id"] = f"{county_key(county)}--{program['id']}"
            record["url"] = urljoin(county.base_url, program["url"])
            record["tags"] = [county.name, *program.get("tags", [])]
            record["title"] = f"{program['title']}（{county.name}）"  # which county, on the card
            programs.append(record)
    return {**first, "programs": programs}


def county_key(county: County) -> str:
    host = urlsplit(county.base_url).hostname or "county"
    return host.split(".")[0]
