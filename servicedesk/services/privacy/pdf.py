"""The export as a readable PDF, in Latvian, with the badge printer's Latvian fonts."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from servicedesk.services.privacy.export import Export


def _pdf_text(value: Any) -> str:
    """A value as the PDF's paragraph markup shows it: Latvian dates, "jā"/"nē", escaped."""
    if isinstance(value, datetime):
        text = timezone.localtime(value).strftime("%d.%m.%Y. %H:%M")
    elif isinstance(value, date):
        text = value.strftime("%d.%m.%Y.")
    else:
        text = str(value)
    if isinstance(value, bool):
        text = _("yes") if value else _("no")
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).replace(
        "\n", "<br/>"
    )


def export_pdf(export: Export) -> bytes:
    """A readable PDF of an export, in Latvian, with the badge printer's Latvian fonts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus.flowables import Flowable

    from servicedesk.badges import _fonts

    fonts = _fonts()
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=12)
    title = ParagraphStyle("title", fontName=fonts.bold, fontSize=15, leading=19, spaceAfter=6)
    heading = ParagraphStyle("h", fontName=fonts.bold, fontSize=12, leading=15, spaceBefore=8)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, textColor=colors.HexColor("#444444"))

    story: list[Flowable] = []
    with translation.override("lv"):
        story.append(Paragraph(_pdf_text(_("Personal data held about the data subject")), title))
        story.append(Paragraph(f"<b>{_pdf_text(export.identity.display_name)}</b>", body))
        created = timezone.localtime(export.created_at).strftime("%d.%m.%Y. %H:%M")
        story.append(Paragraph(_pdf_text(_("Prepared on %(when)s") % {"when": created}), small))
        story.append(Spacer(1, 4 * mm))
        for section in export.sections:
            story.append(Paragraph(_pdf_text(section.title), heading))
            if not section.rows:
                story.append(Paragraph(_pdf_text(_("Nothing held.")), small))
            for row in section.rows:
                lines = [
                    f"<b>{_pdf_text(label)}:</b> {_pdf_text(value)}"
                    for label, value in row.items()
                    if value not in ("", None, [])
                ]
                story.append(Paragraph("<br/>".join(lines), body))
                story.append(Spacer(1, 2 * mm))
        if export.notice:
            story.append(Paragraph(_pdf_text(_("Provided separately")), heading))
            story.append(Paragraph(_pdf_text(export.notice), body))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=str(export.identity.label),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    ).build(story)
    return buffer.getvalue()
