"""StreamField blocks shared by the outreach pages.

Every block renders accessible HTML: headings keep the document outline, images
require alternative text, links carry their own descriptive label.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading at level 2 or 3 (the page title is the only h1)."""

    text = blocks.CharBlock(label=_("Text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    """An image with the alternative text screen-reader users hear (required)."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=200,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source, e.g. a client's words in a case story."""

    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Source"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


SAFE_LINK_PREFIXES = ("/", "#", "tel:", "mailto:", "https://", "http://")


class SafeLinkBlock(blocks.CharBlock):
    """A site path or an http(s), tel: or mailto: address; never javascript: or data:."""

    def clean(self, value):
        value = super().clean(value)
        if value and not value.strip().lower().startswith(SAFE_LINK_PREFIXES):
            raise ValidationError(
                _("Use a site path such as /how-to-apply/, or an https://, tel: or mailto: link.")
            )
        return value.strip() if value else value


class CallToActionBlock(blocks.StructBlock):
    """A prominent box that sends the reader to one next step."""

    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Link to page"), required=False)
    url = SafeLinkBlock(
        label=_("Or link to address"),
        required=False,
        help_text=_("A site path such as /accounts/signup/ or a tel: link."),
    )
    button_label = blocks.CharBlock(label=_("Button label"), max_length=40)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"]
    )


class FAQBlock(blocks.StructBlock):
    """Questions and answers that open in place (native <details>, no JavaScript)."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("FAQ")
        template = "blocks/faq_block.html"


class VideoLinkBlock(blocks.StructBlock):
    """A link to a video on another site, never an embedded player or outside script."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    url = blocks.URLBlock(label=_("Video address"))
    duration = blocks.CharBlock(
        label=_("Duration"), required=False, max_length=20, help_text=_("For example 3:45")
    )
    description = blocks.TextBlock(
        label=_("Description or transcript"),
        required=False,
        help_text=_("What the video says, for people who cannot watch or hear it."),
    )

    class Meta:
        icon = "media"
        label = _("Video link")
        template = "blocks/video_link_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A download link that states the file type and size."""

    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link_block.html"


class AccessibleTableBlock(blocks.StructBlock):
    """A data table with a caption and header cells for screen readers."""

    caption = blocks.CharBlock(label=_("Caption"), max_length=200)
    table = TableBlock(
        label=_("Table"),
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
    )

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The body blocks every outreach page offers."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    faq = FAQBlock()
    video_link = VideoLinkBlock()
    document_link = DocumentLinkBlock()
    table = AccessibleTableBlock()
