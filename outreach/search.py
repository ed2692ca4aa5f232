"""Search for outreach pages: segmented copies of their text in Wagtail's index.

The segmentation itself lives in `portal.chinese`, shared with the directory.
"""

from wagtail.search import index

from portal.chinese import plain_text, segment_for_index

__all__ = ["SegmentedSearchMixin"]


class SegmentedSearchMixin:
    """Adds segmented copies of a page's title and text to the search index.

    A page lists the fields that hold its readable text in `search_text_fields`
    and adds `segmented_search_fields` to its `search_fields`.
    """

    search_text_fields: list[str] = []
    segmented_search_fields = [
        index.SearchField("segmented_title", boost=3),
        index.SearchField("segmented_text"),
    ]

    def segmented_title(self) -> str:
        return segment_for_index(self.title)

    def readable_text(self) -> str:
        return " ".join(plain_text(getattr(self, name)) for name in self.search_text_fields)

    def segmented_text(self) -> str:
        return segment_for_index(self.readable_text())
