"""A .docx as paragraphs and tables in document order (python-docx; no XML of our own)."""

from __future__ import annotations

from pathlib import Path

from .policy_text import Block


class NotADocx(ValueError):
    """The file is not a Word document python-docx can open (a .doc, a PDF, a damaged file)."""


def read_blocks(path: Path) -> tuple[list[Block], list[str]]:
    """The document's paragraphs and tables, and what was left out (images, text boxes …)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise NotADocx(str(error)) from error
    blocks: list[Block] = []
    left_out: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            if item._p.xpath(".//w:drawing | .//w:pict"):
                left_out.append(f"第 {len(blocks) + 1} 段附近的图片没有导入 (images are not imported)")
            blocks.append(Block("para", item.text, centered=item.alignment == WD_ALIGN_PARAGRAPH.CENTER))
        elif isinstance(item, Table):
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            blocks.append(Block("table", rows=rows))
    return blocks, left_out
