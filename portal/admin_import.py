"""Spreadsheet import and export for any Wagtail admin `ModelViewSet`.

Put `SpreadsheetViewSetMixin` before `ModelViewSet` and give the viewset a
`resource_class` (a `portal.resources.SpreadsheetResource`). Next to the list it adds:

* `import/`: upload → dry run that lists every problem ("第 N 行 · 列 · 原因")
  or previews the rows as they will be saved → confirm → the import, all or
  nothing (`portal.imports.import_spreadsheet`);
* `export/?format=xlsx|csv`: the list as filtered, searched and ordered on screen;
* `template/`: the file to fill in, with an example and instructions;

and offers them in the list's header menu. `import_enabled = False` keeps the
export only. A custom index view must include `SpreadsheetIndexViewMixin`
(`SpreadsheetIndexView` does); the export view is that index view plus
`SpreadsheetExportViewMixin`, so it applies the same filters, search and order.
"""

import re
import secrets
from collections import Counter

from django import forms
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import Button

from portal.imports import (
    ACTION_NEW,
    ACTION_SKIP,
    ACTION_UPDATE,
    MAX_IMPORT_BYTES,
    SPREADSHEET_CONTENT_TYPES,
    check_spreadsheet_upload,
    export_spreadsheet,
    import_spreadsheet,
    spreadsheet_template,
)

# The checked upload waits in the cache (Redis in production, shared by every
# app server) between the preview and the confirmation, for the same user only.
IMPORT_STASH_TIMEOUT = 30 * 60
IMPORT_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32}")

ACTION_LABELS = {
    ACTION_NEW: _("New"),
    ACTION_UPDATE: _("Changed"),
    ACTION_SKIP: _("Unchanged"),
}


def download_response(spreadsheet) -> HttpResponse:
    """A `portal.imports.SpreadsheetFile` as an attachment."""
    response = HttpResponse(spreadsheet.content, content_type=spreadsheet.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=spreadsheet.filename
    )
    return response


class ImportPermissionMixin(PermissionCheckedMixin):
    """Needs every permission in `import_permissions` ("add"; "change" too where rows update)."""

    import_permissions = ("add",)

    def dispatch(self, request, *args, **kwargs):
        if not all(self.user_has_permission(action) for action in self.import_permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SpreadsheetIndexViewMixin:
    """The list, with import, template and export in its header menu."""

    import_url_name = None
    export_url_name = None
    template_url_name = None
    import_permissions = ("add",)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Wagtail's built-in `?export=` would write other columns without the
        # formula escaping; the export view is the one way out.
        self.is_export = False

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        may_import = all(self.user_has_permission(action) for action in self.import_permissions)
        if self.import_url_name and may_import:
            buttons.append(
                Button(
                    _("Import"),
                    url=reverse(self.import_url_name),
                    icon_name="upload",
                    priority=60,
                )
            )
            buttons.append(
                Button(
                    _("Download import template"),
                    url=reverse(self.template_url_name),
                    icon_name="doc-empty",
                    priority=80,
                )
            )
        if self.export_url_name and self.user_has_permission("view"):
            params = self.request.GET.copy()
            for key in (self.page_kwarg, "_w_filter_fragment", "export"):
                params.pop(key, None)
            for fmt, label in (("xlsx", _("Export XLSX")), ("csv", _("Export CSV"))):
                params["format"] = fmt
                buttons.append(
                    Button(
                        label,
                        url=f"{reverse(self.export_url_name)}?{params.urlencode()}",
                        icon_name="download",
                        priority=70,
                    )
                )
        return buttons


class SpreadsheetIndexView(SpreadsheetIndexViewMixin, IndexView):
    pass


class SpreadsheetExportViewMixin:
    """The list as filtered, searched and ordered on screen, as an XLSX or CSV download."""

    permission_required = "view"
    any_permission_required = None
    resource_class = None

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "xlsx")
        if fmt not in SPREADSHEET_CONTENT_TYPES:
            fmt = "xlsx"
        spreadsheet = export_spreadsheet(self.resource_class(), self.get_queryset(), fmt)
        return download_response(spreadsheet)


class SpreadsheetTemplateView(ImportPermissionMixin, View):
    """The empty import spreadsheet with example rows and instructions."""

    model = None
    resource_class = None

    def get(self, request, *args, **kwargs):
        return download_response(spreadsheet_template(self.resource_class()))


class SpreadsheetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        # format_lazy keeps the text translatable per request (not frozen at import).
        help_text=format_lazy(
            _("A CSV or XLSX file of at most {size} MB with the template's columns."),
            size=MAX_IMPORT_BYTES // 2**20,
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 2**20}
            )
        check_spreadsheet_upload(upload.name, upload.read())
        upload.seek(0)
        return upload


class SpreadsheetImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload → dry-run preview (every problem, or the rows) → confirm → import.

    The file checked in the preview is kept in the cache under a random token
    bound to the user and the model, so the confirmation imports exactly what
    was previewed, once.
    """

    model = None
    resource_class = None
    template_name = "admin/spreadsheet_import.html"
    header_icon = "upload"
    index_url_name = None
    template_url_name = None
    #: Model fields the preview shows after the row number (see `get_preview_columns`).
    preview_fields = ()

    def get_page_title(self):
        return self.page_title or _("Import %(model_name)s") % {
            "model_name": self.model._meta.verbose_name_plural
        }

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_preview_columns(self):
        """The preview's columns after the row number: (header, function of a preview row)."""
        return [(self._field_label(name), self._field_value(name)) for name in self.preview_fields]

    def _field_label(self, name):
        try:
            return capfirst(self.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return capfirst(name.replace("_", " "))

    @staticmethod
    def _field_value(name):
        def value(item):
            display = getattr(item.instance, f"get_{name}_display", None)
            result = display() if display else getattr(item.instance, name)
            return "" if result is None else result

        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", SpreadsheetImportForm())
        context["action_url"] = self.request.path
        context["index_url"] = reverse(self.index_url_name)
        context["template_url"] = reverse(self.template_url_name)
        outcome = context.get("outcome")
        if outcome and outcome.ok:
            columns = self.get_preview_columns()
            actions = Counter(item.action for item in outcome.preview)
            # Natural-key imports update and skip rows; the others only add.
            context["show_actions"] = bool(self.resource_class._meta.import_id_fields)
            context["counts"] = {action: actions[action] for action in ACTION_LABELS}
            context["has_changes"] = bool(actions[ACTION_NEW] or actions[ACTION_UPDATE])
            context["preview_headers"] = [header for header, _value in columns]
            context["preview_rows"] = [
                {
                    "row": item.row,
                    "action": item.action,
                    "action_label": ACTION_LABELS.get(item.action, item.action),
                    "cells": [value(item) for _header, value in columns],
                }
                # Rows that change nothing are counted, not listed: a re-exported
                # file of a thousand points with three edits shows those three.
                for item in outcome.preview
                if item.action != ACTION_SKIP
            ]
        return context

    def run_import(self, file, *, dry_run):
        return import_spreadsheet(
            self.resource_class(), file, by=self.request.user, dry_run=dry_run
        )

    def get_success_message(self, outcome):
        return _("Imported: %(created)d new, %(updated)d changed, %(skipped)d unchanged.") % {
            "created": outcome.created,
            "updated": outcome.updated,
            "skipped": outcome.skipped,
        }

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request.POST["token"])
        form = SpreadsheetImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        outcome = self.run_import(upload, dry_run=True)
        token = None
        if outcome.ok:
            upload.seek(0)
            token = secrets.token_urlsafe(24)
            cache.set(self._stash_key(token), (upload.name, upload.read()), IMPORT_STASH_TIMEOUT)
        return self.render_to_response(
            self.get_context_data(outcome=outcome, token=token, filename=upload.name)
        )

    def confirm(self, token):
        key = self._stash_key(token) if IMPORT_TOKEN_RE.fullmatch(token) else None
        stashed = cache.get(key) if key else None
        # delete() says whether this request removed the entry: a second click
        # on Confirm finds it gone and cannot import the file twice.
        if stashed is None or not cache.delete(key):
            messages.error(self.request, _("The checked file has expired or was imported already."))
            return redirect(self.request.path)
        name, content = stashed
        outcome = self.run_import(ContentFile(content, name=name), dry_run=False)
        if not outcome.ok:
            return self.render_to_response(self.get_context_data(outcome=outcome, filename=name))
        messages.success(self.request, self.get_success_message(outcome))
        return redirect(self.index_url_name)

    def _stash_key(self, token):
        opts = self.model._meta
        return f"spreadsheet-import:{opts.label_lower}:{self.request.user.pk}:{token}"


class SpreadsheetViewSetMixin:
    """Import, export and template views for a `ModelViewSet` (put this mixin first)."""

    resource_class = None
    #: False for export only (no import view, template or header buttons).
    import_enabled = True
    #: Permissions an import needs, all of them: "change" too where rows update.
    import_permissions = ("add",)
    index_view_class = SpreadsheetIndexView
    import_view_class = SpreadsheetImportView
    #: Built from `index_view_class` and `SpreadsheetExportViewMixin` when None.
    export_view_class = None
    template_view_class = SpreadsheetTemplateView

    def get_index_view_kwargs(self, **kwargs):
        spreadsheet = {
            "export_url_name": self.get_url_name("export"),
            "import_permissions": self.import_permissions,
        }
        if self.import_enabled:
            spreadsheet["import_url_name"] = self.get_url_name("import")
            spreadsheet["template_url_name"] = self.get_url_name("template")
        return super().get_index_view_kwargs(**spreadsheet, **kwargs)

    @property
    def import_view(self):
        return self.construct_view(
            self.import_view_class,
            resource_class=self.resource_class,
            template_url_name=self.get_url_name("template"),
            import_permissions=self.import_permissions,
        )

    @property
    def export_view(self):
        view_class = self.export_view_class or type(
            f"{self.index_view_class.__name__}Export",
            (SpreadsheetExportViewMixin, self.index_view_class),
            {},
        )
        return self.construct_view(
            view_class, **self.get_index_view_kwargs(), resource_class=self.resource_class
        )

    @property
    def template_view(self):
        return self.construct_view(
            self.template_view_class,
            resource_class=self.resource_class,
            import_permissions=self.import_permissions,
        )

    def get_urlpatterns(self):
        urlpatterns = [
            *super().get_urlpatterns(),
            path("export/", self.export_view, name="export"),
        ]
        if self.import_enabled:
            urlpatterns += [
                path("import/", self.import_view, name="import"),
                path("template/", self.template_view, name="template"),
            ]
        return urlpatterns
