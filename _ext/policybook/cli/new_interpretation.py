"""``policybook new interpretation <id> --policy <policy-id>``: the template, filled for its policy.

The policy must exist (an interpretation of nothing would be an error at once); its title
becomes the interpretation's title.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..config import PolicybookConfig
from ..model.loading import load_policy_front_matter
from ..model.refs import id_problem


def fill(text: str, root: Path, policy: str | None, settings: PolicybookConfig) -> str | None:
    """The template with ``{policy}`` and ``{title}`` filled in; None (and why, printed) when the
    policy is missing or unknown. Nothing is written then."""
    if not policy:
        print("新建政策解读要写明解读哪份政策: policybook new interpretation <编号> --policy <政策编号> "
              "(nothing was written)", file=sys.stderr)
        return None
    if id_problem(policy):
        print(f"政策编号 '{policy}' 无效: {id_problem(policy)[0]} (nothing was written)", file=sys.stderr)
        return None
    path = root / settings.policies_dir.strip("/") / f"{policy}.md"
    if not path.is_file():
        print(f"没有找到政策文件 {path.relative_to(root)}; 先用 policybook where-cited 或查看 "
              f"{settings.policies_dir} 确认编号 (nothing was written)", file=sys.stderr)
        return None
    loaded = load_policy_front_matter(path.read_bytes(), str(path.relative_to(root)))
    data = loaded.data or loaded.partial or {}
    title = f"《{data['title']}》政策解读" if data.get("title") else ""
    return text.replace("{policy}", policy).replace("{title}", title)
