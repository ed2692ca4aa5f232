"""django-import-export building blocks for the spreadsheets centres keep by hand.

The file formats are a contract with those spreadsheets: Chinese column
headers and Chinese names for choices, whatever language the admin is shown
in. They are data, not interface text, so resources fix them in code; import
also accepts the stored codes and the labels in every configured language.

* `SpreadsheetResource`: the base of every resource. Column names, the column
  an error belongs to, formula escaping on export (undone on import), the
  export queryset and what the import template shows.
* `CodedResource`: rows matched to stored ones by a code (a natural key), so
  a re-imported file updates instead of duplicating: a code used twice in one
  file is an error, rows that change nothing are skipped (many-to-many and
  child rows compared as sets), and rows naming a parent of their own kind
  are imported after it, wherever it stands in the file.
* Widgets that read cells as Excel and WPS store them: numbers typed into text
  columns, dates as text in several spellings, yes/no in Chinese, several
  items of a controlled list in one cell, other rows by their code.
"""

import datetime
import decimal
import heapq
import re

import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from portal.spreadsheets import escape_formula, unescape_formula

#: Date spellings found in hand-kept sheets; XLSX date cells arrive as dates already.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as stripped text; a whole number typed into a number cell loses its ".0"."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _invalid(error: ValidationError) -> ValueError:
    # import-export turns a widget's ValueError into a ValidationError on the
    # field (`Resource.import_instance`), keeping the message in the active language.
    return ValueError(" ".join(error.messages))


# ---------------------------------------------------------------------------
# Widgets


class TextWidget(widgets.CharWidget):
    """Text cell: numbers typed into a text column become text; surrounding spaces go."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class CodeWidget(TextWidget):
    """The code that matches a row to a stored one.

    Never raises: import-export's instance loader reads it before anything
    else (format problems surface when the model validates the row). Undoes
    formula escaping itself, since the loader reads the raw cells.
    """

    def clean(self, value, row=None, **kwargs):
        return cell_text(unescape_formula(value))


class SheetDateWidget(widgets.Widget):
    """A date cell: an XLSX date, or text such as 2021-03-15, 2021/3/15 or 2021年3月15日."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return forms.DateField(input_formats=DATE_INPUT_FORMATS).clean(str(value).strip())
        except ValidationError as error:
            raise _invalid(error) from error

    def render(self, value, obj=None, **kwargs):
        return value


class CountWidget(widgets.Widget):
    """A whole number of zero or more; blank means 0 unless the column is required."""

    def __init__(self, *, required=False):
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            # Thousands separators as typed in Chinese or English.
            value = value.replace(",", "").replace("，", "").strip()
        if is_blank(value) and not self.required:
            return 0
        try:
            return forms.IntegerField(min_value=0).clean(value)
        except ValidationError as error:
            raise _invalid(error) from error

    def render(self, value, obj=None, **kwargs):
        return value


class DecimalWidget(widgets.Widget):
    """A number within bounds, rounded to the model field's decimal places (coordinates)."""

    def __init__(self, *, min_value, max_value, decimal_places):
        super().__init__(coerce_to_string=False)
        self.min_value = min_value
        self.max_value = max_value
        self.quantum = decimal.Decimal(1).scaleb(-decimal_places)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        field = forms.DecimalField(min_value=self.min_value, max_value=self.max_value)
        try:
            number = field.clean(str(value).strip())
        except ValidationError as error:
            raise _invalid(error) from error
        return number.quantize(self.quantum, rounding=decimal.ROUND_HALF_UP)

    def render(self, value, obj=None, **kwargs):
        return value


class YesNoWidget(widgets.Widget):
    """是 / 否 (also yes/no, true/false, 1/0, Y/N, √/×); a blank cell means `default`."""

    YES = {"是", "y", "yes", "true", "1", "√", "✓", "对"}
    NO = {"否", "n", "no", "false", "0", "×", "✗", "不"}

    def __init__(self, *, default):
        super().__init__(coerce_to_string=False)
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).casefold()
        if not text:
            return self.default
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("Enter 是 or 否 (yes or no)."))

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class SheetChoiceWidget(widgets.Widget):
    """A choice given by its spreadsheet name, its code or its label in any site language."""

    def __init__(self, choices, sheet_names):
        super().__init__(coerce_to_string=False)
        self.choices = choices
        self.sheet_names = sheet_names
        self._lookup = None

    def _names(self) -> dict:
        if self._lookup is None:
            # Labels first, then spreadsheet names and codes over them, so a
            # translation that happens to equal another choice's name or code
            # cannot take it over; a label shared by two choices means neither.
            labels = {}
            for value, label in self.choices.choices:
                for language, _name in settings.LANGUAGES:
                    with translation.override(language):
                        labels.setdefault(str(label).strip().casefold(), set()).add(value)
            lookup = {text: values.pop() for text, values in labels.items() if len(values) == 1}
            for value, _label in self.choices.choices:
                lookup[self.sheet_names[value].casefold()] = value
            for value, _label in self.choices.choices:
                lookup[str(value).casefold()] = value
            self._lookup = lookup
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        text = str(value).strip()
        try:
            return self._names()[text.casefold()]
        except KeyError:
            message = forms.ChoiceField.default_error_messages["invalid_choice"]
            raise ValueError(message % {"value": text}) from None

    def render(self, value, obj=None, **kwargs):
        return self.sheet_names.get(value, value or "")


class CodeForeignKeyWidget(widgets.ForeignKeyWidget):
    """Another row by its code, such as an area by its division code.

    `prepare()` fetches every code of a column in one query before the rows
    are read; codes met later are fetched one by one.
    """

    def __init__(self, model, *, field="code", queryset=None, not_found=None):
        super().__init__(model, field=field)
        self.queryset = queryset
        self.not_found = not_found or _("No %(model)s has the code “%(code)s”.")
        self._rows = {}

    def code(self, value) -> str:
        return cell_text(unescape_formula(value))

    def prepare(self, values):
        codes = {self.code(value) for value in values} - {""} - self._rows.keys()
        if not codes:
            return
        queryset = self.queryset if self.queryset is not None else self.model._default_manager
        found = {
            getattr(obj, self.field): obj for obj in queryset.filter(**{f"{self.field}__in": codes})
        }
        for code in codes:
            self._rows[code] = found.get(code)

    def clean(self, value, row=None, **kwargs):
        code = self.code(value)
        if not code:
            return None
        if code not in self._rows:
            self.prepare([code])
        if self._rows[code] is None:
            raise ValueError(
                self.not_found % {"model": self.model._meta.verbose_name, "code": code}
            )
        return self._rows[code]

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.field) if value is not None else ""


class CodeListWidget(widgets.Widget):
    """Several rows of a controlled list in one cell, such as "老年人、残疾人".

    Each item is given by its code, its Chinese `name` or its English
    `name_en`, separated by 、 , ， ; or ；. Export writes the Chinese names in
    the list's order. For a many-to-many field of the resource's model.
    """

    SEPARATORS = re.compile(r"[、,，;；\n]+")

    def __init__(self, model):
        super().__init__(coerce_to_string=False)
        self.model = model
        self._lookup = None

    def _names(self) -> dict:
        if self._lookup is None:
            lookup = {}
            for obj in self.model._default_manager.all():
                for text in (obj.name_en, obj.name, obj.code):
                    lookup[text.strip().casefold()] = obj
            self._lookup = lookup
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        items = [item.strip() for item in self.SEPARATORS.split(cell_text(value))]
        found, unknown = [], []
        for item in filter(None, items):
            obj = self._names().get(item.casefold())
            if obj is None:
                unknown.append(item)
            elif obj not in found:
                found.append(obj)
        if unknown:
            raise ValueError(
                _("Not in the list: %(items)s. Use the names or codes from the instructions.")
                % {"items": "、".join(unknown)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "、".join(item.name for item in value.all()) if value is not None else ""


# ---------------------------------------------------------------------------
# Resources


class SpreadsheetResource(resources.ModelResource):
    """A model's rows as a spreadsheet with fixed (Chinese) column headers.

    Subclasses declare their fields with `column_name`s, list them in
    `Meta.export_order`, and set `REQUIRED_COLUMNS`, `sheet_title` and
    `file_stem`; `template_rows()` and `column_guide()` fill the import template.
    """

    #: Columns an import file must have; the others may be left out.
    REQUIRED_COLUMNS = ()
    #: The title of the data sheet of exports and templates.
    sheet_title = ""
    #: The start of the file names: "<stem>-20210315.xlsx", "<stem>-template.xlsx".
    file_stem = "export"

    @classmethod
    def column_names(cls) -> list[str]:
        return [cls.fields[name].column_name for name in cls._meta.export_order]

    def column_for_error(self, key: str) -> str:
        """The column a validation error key (model field or resource field name) refers to."""
        if key == NON_FIELD_ERRORS:
            return ""
        for name, field in self.fields.items():
            if key in (name, field.attribute):
                return field.column_name
        return key

    # Import template

    def template_rows(self) -> list[dict]:
        """Example rows of the import template, as {column: value}."""
        return []

    def column_guide(self) -> dict:
        """What to enter in each column, for the template's instructions sheet."""
        return {}

    # Import

    def order_rows(self, dataset, sheet_rows):
        """The rows in the order to import them, with their spreadsheet row numbers."""
        return dataset, sheet_rows

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = unescape_formula(value)

    # Export

    def get_export_queryset(self, queryset):
        """The queryset to export, with what the columns need fetched in bulk."""
        return queryset

    def export_field(self, field, instance, **kwargs):
        # Escaped here rather than by import-export's
        # IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT, which in 4.4.3 only deletes a
        # leading "=" (so "=HYPERLINK(...)" loses data while "+", "-", "@", tab
        # and CR pass) and turns every cell, numbers and dates too, into text.
        return escape_formula(super().export_field(field, instance, **kwargs))


class CodedResource(SpreadsheetResource):
    """Rows matched to stored ones by `code`: a re-imported file changes nothing.

    A subclass's Meta adds `model`, `fields` and the orders to the options
    below (import-export merges Meta options down the class tree). Set
    `parent_field` to the resource field that names a parent of the same
    model by its code: rows are then imported parents first.
    """

    code_field = "code"
    parent_field = None

    class Meta:
        import_id_fields = ["code"]
        # One query for every stored row the file's codes match.
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        # Skipped rows stay in the result, so the preview lists every row.
        report_skipped = True
        skip_diff = True
        store_instance = True
        store_row_values = True
        clean_model_instances = True
        use_transactions = True

    # Import order: parents before the rows that name them

    def order_rows(self, dataset, sheet_rows):
        """Parents before children (a stable topological order), rows in a loop last."""
        parent_column = self.parent_field and self.fields[self.parent_field].column_name
        if not parent_column or parent_column not in dataset.headers:
            return dataset, sheet_rows
        code_widget = self.fields[self.code_field].widget
        codes = [code_widget.clean(value) for value in dataset[self._code_column]]
        first_row = {}
        for index, code in enumerate(codes):
            if code:
                first_row.setdefault(code, index)
        children = {}
        waiting = []
        for index, value in enumerate(dataset[parent_column]):
            parent = first_row.get(code_widget.clean(value) or None)
            if parent is None or parent == index:
                waiting.append(index)
            else:
                children.setdefault(parent, []).append(index)
        order = []
        heapq.heapify(waiting)
        while waiting:
            index = heapq.heappop(waiting)
            order.append(index)
            for child in children.get(index, ()):
                heapq.heappush(waiting, child)
        placed = set(order)
        order += [index for index in range(len(codes)) if index not in placed]
        if order == list(range(len(codes))):
            return dataset, sheet_rows
        ordered = tablib.Dataset(headers=dataset.headers)
        for index in order:
            ordered.append(dataset[index])
        return ordered, [sheet_rows[index] for index in order]

    @property
    def _code_column(self):
        return self.fields[self.code_field].column_name

    # Import

    def before_import(self, dataset, **kwargs):
        sheet_rows = kwargs.get("sheet_rows") or range(2, len(dataset) + 2)
        code_widget = self.fields[self.code_field].widget
        # Each code's first spreadsheet row; later rows with the same code are errors.
        self._first_row = {}
        self._repeats = {}
        rows = sorted(
            (sheet_row, number, code_widget.clean(value))
            for number, (sheet_row, value) in enumerate(
                zip(sheet_rows, dataset[self._code_column], strict=True), start=1
            )
        )
        for sheet_row, number, code in rows:
            if not code:
                continue
            if code in self._first_row:
                self._repeats[number] = self._first_row[code]
            else:
                self._first_row[code] = sheet_row
        self._imported = {}
        self._parents = None  # {pk: parent pk}, loaded when a stored row names a parent
        self._snapshot = None
        self._is_repeat = False
        # One query per referenced table rather than one per row.
        for name, field in self.fields.items():
            if not isinstance(field.widget, CodeForeignKeyWidget):
                continue
            if field.column_name in dataset.headers:
                values = dataset[field.column_name]
                if name == self.parent_field:
                    values = [v for v in values if code_widget.clean(v) not in self._first_row]
                field.widget.prepare(values)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._snapshot = None if new else self.snapshot(instance, row)

    def import_instance(self, instance, row, **kwargs):
        number = kwargs.get("row_number")
        self._is_repeat = number in self._repeats
        if self._is_repeat:
            # Stop here (and in validate_instance): the object this code matched
            # belongs to the code's first row.
            raise ValidationError(
                {
                    self.fields[self.code_field].attribute: _(
                        "The code is used on row %(row)s already."
                    )
                    % {"row": self._repeats[number]}
                }
            )
        super().import_instance(instance, row, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if self.parent_field and field is self.fields[self.parent_field]:
            if field.column_name in row:
                setattr(instance, field.attribute, self._parent(field, instance, row))
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def _parent(self, field, instance, row):
        """The parent a row names: imported from this file already, or stored."""
        code = field.widget.code(row[field.column_name])
        if not code:
            return None
        if code == self.fields[self.code_field].widget.clean(row.get(self._code_column)):
            raise ValueError(_("A row cannot be its own parent."))
        if code in self._imported:
            parent = self._imported[code]
        elif code in self._first_row:
            raise ValueError(
                _(
                    "The parent “%(code)s” (row %(row)s) could not be imported, "
                    "or the parents form a loop."
                )
                % {"code": code, "row": self._first_row[code]}
            )
        else:
            parent = field.widget.clean(code)
        if instance.pk is not None and self._is_ancestor(instance.pk, parent.pk):
            raise ValueError(
                _("“%(code)s” lies below this row: the parents would form a loop.") % {"code": code}
            )
        return parent

    def _is_ancestor(self, pk, start):
        """Whether `pk` is `start` or above it, following the parents as stored and imported."""
        if self._parents is None:
            model = self._meta.model
            parent = model._meta.get_field(self.fields[self.parent_field].attribute)
            self._parents = dict(model._default_manager.values_list("pk", parent.attname))
        seen = set()
        while start is not None and start not in seen:
            if start == pk:
                return True
            seen.add(start)
            start = self._parents.get(start)
        return False

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not self._meta.skip_unchanged or import_validation_errors or self._snapshot is None:
            return False
        return self.snapshot(instance, row) == self._snapshot

    def snapshot(self, instance, row) -> dict:
        """What the row's columns hold in `instance`, comparable with ==."""
        return {
            name: self._comparable(field, instance)
            for name, field in self.fields.items()
            if field.attribute and field.column_name in row
        }

    @staticmethod
    def _comparable(field, instance):
        try:
            model_field = instance._meta.get_field(field.attribute)
        except FieldDoesNotExist:
            return field.get_value(instance)
        if model_field.many_to_one and model_field.concrete:
            return getattr(instance, model_field.attname)
        if model_field.many_to_many or model_field.one_to_many:
            key = getattr(field.widget, "comparable", lambda item: item.pk)
            return sorted(key(item) for item in getattr(instance, field.attribute).all())
        return field.get_value(instance)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean() less the queries that prove nothing here.

        Rows named by code were fetched by the widgets already (no existence
        query per foreign key); the code was matched and checked for repeats
        (no uniqueness query on it); check constraints repeat field rules and
        the database enforces them.
        """
        errors = dict(import_validation_errors or {})
        if self._is_repeat:
            raise ValidationError(errors)
        resolved = {
            field.attribute
            for name, field in self.fields.items()
            if isinstance(field.widget, widgets.ForeignKeyWidget) or name == self.parent_field
        }
        exclude = {*errors, *resolved}
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            try:
                instance.clean()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if validate_unique:
            code_attribute = self.fields[self.code_field].attribute
            try:
                instance.validate_unique(exclude={*exclude, code_attribute})
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        """Save, writing the rows modelcluster holds in memory in bulk.

        A row's many-to-many cell and child rows (a point's opening hours)
        replace the stored ones. modelcluster's commit() would read the stored
        rows first and insert new children one at a time; delete and
        bulk-insert instead. (No m2m_changed signals: nothing here listens.)
        """
        pending = getattr(instance, "_cluster_related_objects", None) or {}
        writes = []
        for name in list(pending):
            relation = instance._meta.get_field(name)
            is_new_children = relation.one_to_many and all(c.pk is None for c in pending[name])
            if relation.many_to_many or is_new_children:
                writes.append((relation, pending.pop(name)))
        super().do_instance_save(instance, is_create)
        for relation, items in writes:
            if relation.many_to_many:
                through = relation.remote_field.through
                source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
                if not is_create:
                    through.objects.filter(**{source: instance}).delete()
                through.objects.bulk_create(through(**{source: instance, target: i}) for i in items)
            else:
                parent_key = relation.field.name
                if not is_create:
                    relation.related_model.objects.filter(**{parent_key: instance}).delete()
                for item in items:
                    setattr(item, parent_key, instance)
                relation.related_model.objects.bulk_create(items)
            # What the instance loader prefetched is stale now.
            getattr(instance, "_prefetched_objects_cache", {}).pop(relation.name, None)

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type in (
            RowResult.IMPORT_TYPE_NEW,
            RowResult.IMPORT_TYPE_UPDATE,
            RowResult.IMPORT_TYPE_SKIP,
        ):
            instance = row_result.instance
            self._imported[getattr(instance, self.fields[self.code_field].attribute)] = instance
            if self._parents is not None:
                parent_field = self.fields[self.parent_field]
                parent = getattr(instance, parent_field.attribute)
                self._parents[instance.pk] = parent.pk if parent else None
