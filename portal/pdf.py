"""A4 PDF documents with Chinese text (fpdf2 + the Noto Sans CJK font, embedded as a subset).

Certificates and the year-end summary both start from `cjk_document()`.
Without the font (package fonts-noto-cjk, path in settings.CERTIFICATE_FONT)
no PDF can be made: `CJKFontMissing` lets a view answer with a clear page.
"""

import logging
import os

from django.conf import settings
from fpdf import FPDF

FONT_FAMILY = "NotoSansCJK"
#: Index of Simplified Chinese (SC) in the Noto Sans CJK collection.
FONT_COLLECTION_INDEX = 2

# fontTools reports every glyph it keeps when fpdf2 subsets the font: not log material.
logging.getLogger("fontTools").setLevel(logging.WARNING)


class CJKFontMissing(Exception):
    """The server lacks the CJK font package (fonts-noto-cjk) the PDF needs."""


def font_path() -> str:
    path = settings.CERTIFICATE_FONT
    if not path or not os.path.isfile(path):
        raise CJKFontMissing(path)
    return path


def cjk_document(*, title: str, creator: str = "") -> FPDF:
    """A portrait A4 document with the CJK font loaded and automatic page breaks."""
    font = font_path()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(title)
    if creator:
        pdf.set_creator(creator)
    try:
        pdf.add_font(FONT_FAMILY, fname=font, collection_font_number=FONT_COLLECTION_INDEX)
    except (OSError, RuntimeError) as error:
        raise CJKFontMissing(font) from error
    pdf.set_auto_page_break(auto=True, margin=20)
    return pdf
