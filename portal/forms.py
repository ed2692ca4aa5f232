"""Form plumbing shared by the public, partner and volunteer pages."""

from django import forms


class AccessibleFormMixin:
    """Links each invalid input to its messages and lists every error for the summary box.

    Templates render `form.error_summary` at the top of the form (each item links
    to its field) and each field's errors under the id `<auto_id>_errors`.
    """

    def _post_clean(self):
        super()._post_clean()
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                described = [f"{bound.auto_id}_errors"]
                if self.fields[name].help_text:
                    described.append(f"{bound.auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def error_summary(self) -> list[dict]:
        """The errors in form order, each with the anchor of its field."""
        items = [{"anchor": "", "label": "", "message": m} for m in self.non_field_errors()]
        for bound in self:
            for message in bound.errors:
                anchor = bound.id_for_label or f"field-{bound.name}"
                if isinstance(bound.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                    anchor = f"field-{bound.name}"
                items.append({"anchor": anchor, "label": bound.label, "message": message})
        return items
