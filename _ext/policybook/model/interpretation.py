"""The 政策解读 (policy interpretation) format: its front matter, declared once.

An interpretation is a MyST page that explains one policy document in the bureau's own words.
Its front matter is read by the same strict loader as a policy's; its sections may explain one
clause each (a heading that starts with 第N条), checked against that policy's clause table.
"""

from __future__ import annotations

from .fields import Date, Enum, Id, Str, Text
from .loading import Loaded, load_front_matter_text
from .schema import MYST_FRONT_MATTER_KEYS
from .shapes import Field, Obj
from .vocab import Vocab

INTERPRETATION_KINDS = Vocab("interpretation_kind", {
    "text": "文字解读",
    "graphic": "图解",
    "qa": "问答",
})

INTERPRETATION = Obj(fields=[
    Field("id", Id(), "编号", "必须与文件名相同", required=True, example="county-ip-measures-jiedu"),
    Field("title", Str(max_length=120), "解读标题", required=True, example="《明湖县知识产权资助和奖励办法》政策解读"),
    Field("policy", Id(), "解读的政策", "被解读政策文件的编号 (source/policies/ 下的文件名)", required=True,
          example="county-ip-measures"),
    Field("published", Date(), "发布日期", required=True, example="2025-03-25"),
    Field("issuer", Str(max_length=120), "解读机构", "发布解读的单位", required=True, example="明湖县科学技术局"),
    Field("author", Str(max_length=60), "解读人", "撰稿人或解读科室, 可不填", example="县科技局政策法规科"),
    Field("kind", Enum(vocab=INTERPRETATION_KINDS), "解读形式", "文字解读 (text)、图解 (graphic) 或问答 (qa)",
          required=True, example="text"),
    Field("summary", Text(max_length=600), "解读摘要", "两三句话: 政策变了什么、谁能受益", required=True),
], passthrough=MYST_FRONT_MATTER_KEYS)


def load_interpretation_text(text: str, filename: str) -> Loaded:
    """Validate an interpretation's front matter, as a policy's."""
    return load_front_matter_text(text, filename, INTERPRETATION, "政策解读", "interpretation",
                                  "policybook new interpretation <编号> --policy <政策编号>")
