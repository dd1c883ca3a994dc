"""GOV.UK Design System markup for Django forms.

``GovukFormRenderer`` points Django's form rendering at templates in
``wayfinder/web/templates/govuk/forms/`` and gives every bound field a ``GovukBoundField``, so
``{{ form }}`` and ``{{ form.field.as_field_group }}`` produce the GOV.UK label, hint, error message
and classes for text inputs, email, password, textareas, selects, radios, checkboxes (one boolean or
several choices) and the date input, and ``{% include "govuk/forms/error_summary.html" %}`` can link
each error to the input it is about (see ADR 0002).

Rules for form authors:

* ``label`` is the question; ``help_text`` becomes the hint; error messages follow the GOV.UK
  pattern ("Enter your email address", not "This field is required").
* A ``ChoiceField`` with ``widget=forms.RadioSelect`` renders GOV.UK radios, a
  ``MultipleChoiceField`` with ``CheckboxSelectMultiple`` renders checkboxes, a ``BooleanField``
  renders one checkbox. A ``class`` on the widget (``govuk-radios--inline``,
  ``govuk-checkboxes--small``, ``govuk-input--width-10``…) is kept.
* Dates use ``GovukDateField`` (day, month and year boxes), never a single text box.
"""

from __future__ import annotations

import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property

DATE_PARTS = ("day", "month", "year")

#: Private widget attribute carrying which boxes of a date input are in error (never rendered).
_DATE_ERROR_PARTS = "_govuk_error_parts"

_MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: three labelled boxes (Day, Month, Year) in one ``role="group"`` fieldset.

    Inputs are named ``<name>_day``, ``<name>_month`` and ``<name>_year`` with ids
    ``<id>_day`` and so on; the error summary links to the first box in error.
    """

    template_name = "govuk/forms/widgets/date_input.html"
    use_fieldset = True

    def __init__(self, attrs=None, autocomplete: str = ""):
        # autocomplete="bday" adds bday-day/bday-month/bday-year when the date is the user's own birthday
        # (WCAG 1.3.5, identify input purpose).
        self.autocomplete = autocomplete
        widgets = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}) for part in DATE_PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        error_parts = attrs.pop(_DATE_ERROR_PARTS, ())
        # The fieldset carries aria-describedby; the boxes carry no HTML5 validation.
        for key in ("aria-describedby", "required", "aria-invalid"):
            attrs.pop(key, None)
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            if base_id:
                sub_attrs["id"] = f"{base_id}_{part}"
            classes = ["govuk-input", "govuk-date-input__input", "govuk-input--width-4" if part == "year"
                       else "govuk-input--width-2"]
            if part in error_parts:
                classes.append("govuk-input--error")
            sub_attrs["class"] = " ".join(classes)
            if self.autocomplete:
                sub_attrs["autocomplete"] = f"{self.autocomplete}-{part}"
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
        return context

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else ""


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with the GOV.UK error messages:

    * nothing entered (and required): "Enter date of birth"
    * a box left empty: "Date of birth must include a month" (only that box is highlighted)
    * not a date: "Date of birth must be a real date"
    * a 2-digit year: "Date of birth year must include 4 numbers"

    ``error_label`` is the name used in messages (defaults to the label without "(optional)" or "?").
    Month names ("March", "mar") are accepted as well as numbers. Override any message with
    ``error_messages={"required": …, "incomplete": …, "invalid": …, "year": …}``; ``%(label)s``,
    ``%(label_lower)s`` and ``%(missing)s`` are filled in. Each error records which boxes it is about
    (``params["parts"]``) so only those are highlighted.
    """

    widget = GovukDateInput
    default_error_messages = {
        "required": "Enter %(label_lower)s",
        "incomplete": "%(label)s must include a %(missing)s",
        "invalid": "%(label)s must be a real date",
        "year": "%(label)s year must include 4 numbers",
    }

    def __init__(self, *, error_label: str = "", autocomplete: str = "", **kwargs):
        self.error_label = error_label
        kwargs.setdefault("widget", GovukDateInput(autocomplete=autocomplete))
        fields = tuple(forms.CharField(required=False) for _ in DATE_PARTS)
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def _label(self) -> str:
        label = str(self.error_label or self.label or "Date").strip()
        label = label.removesuffix("(optional)").strip().rstrip("?").strip()
        return label[:1].upper() + label[1:]

    def _error(self, code: str, parts=DATE_PARTS, **params) -> ValidationError:
        label = self._label()
        params = {"label": label, "label_lower": label[:1].lower() + label[1:], **params}
        message = self.error_messages[code] % params
        # Django formats messages with their params again when it shows them: keep any "%" literal.
        return ValidationError(message.replace("%", "%%"), code=code, params={"parts": list(parts)})

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return None

    def clean(self, value):
        if self.disabled and not isinstance(value, list):
            value = self.widget.decompress(value)
        raw = [str(item if item is not None else "").strip() for item in (value or [])]
        raw += [""] * (3 - len(raw))
        day, month, year = raw[:3]
        if not (day or month or year):
            if self.required:
                raise self._error("required")
            return None
        missing = [part for part, text in zip(DATE_PARTS, (day, month, year), strict=True) if not text]
        if missing:
            raise self._error("incomplete", parts=missing, missing=" and ".join(missing))
        month_number = _MONTH_NAMES.get(month.lower().rstrip("."), None) if not month.isdigit() else None
        if not (day.isdigit() and year.isdigit() and (month.isdigit() or month_number)):
            bad = [part for part, text in (("day", day), ("month", month), ("year", year))
                   if not text.isdigit() and not (part == "month" and month_number)]
            raise self._error("invalid", parts=bad or DATE_PARTS)
        if len(year) != 4:
            raise self._error("year", parts=["year"])
        try:
            result = datetime.date(int(year), month_number or int(month), int(day))
        except ValueError:
            raise self._error("invalid") from None
        self.validate(result)
        self.run_validators(result)
        return result

    def validate(self, value):
        # Required-ness is handled in clean(); subfield validation does not apply.
        pass

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            cleaned = self.clean(data)
        except ValidationError:
            return initial is not None or any(str(item or "").strip() for item in data or [])
        if isinstance(initial, datetime.datetime):
            initial = initial.date()
        if isinstance(initial, str) and initial:
            try:
                initial = datetime.date.fromisoformat(initial)
            except ValueError:
                return True
        return (initial or None) != cleaned


class GovukBoundField(BoundField):
    """A bound field that knows its GOV.UK component, its hint and error ids, and which element the
    error summary should link to."""

    @cached_property
    def govuk_kind(self) -> str:
        widget = self.field.widget
        if isinstance(widget, GovukDateInput):
            return "date"
        if widget.is_hidden:
            return "hidden"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.Textarea):
            return "textarea"
        if isinstance(widget, forms.Select):
            return "select"
        if isinstance(widget, forms.PasswordInput):
            return "password"
        if isinstance(widget, forms.FileInput):
            return "file"
        if isinstance(widget, forms.MultiWidget):
            return "group"
        return "input"

    @property
    def govuk_id(self) -> str:
        return self.field.widget.attrs.get("id") or self.auto_id

    @property
    def hint_id(self) -> str:
        return f"{self.govuk_id}-hint" if self.govuk_id else ""

    @property
    def error_id(self) -> str:
        return f"{self.govuk_id}-error" if self.govuk_id else ""

    @property
    def aria_describedby(self) -> str | None:
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.govuk_id and not self.is_hidden:
            if self.help_text:
                ids.append(self.hint_id)
            if self.errors:
                ids.append(self.error_id)
        return " ".join(ids)

    @property
    def widget_classes(self) -> str:
        """Extra classes the form author put on the widget (``govuk-radios--inline`` and the like)."""
        return self.field.widget.attrs.get("class", "")

    @cached_property
    def date_error_parts(self) -> tuple[str, ...]:
        if not self.errors:
            return ()
        parts: set[str] = set()
        for error in self.form.errors.as_data().get(self.name, []):
            params = getattr(error, "params", None) or {}
            parts.update(params.get("parts") or DATE_PARTS)
        return tuple(part for part in DATE_PARTS if part in parts)

    @property
    def error_target_id(self) -> str:
        """The id the error summary links to: the input, the first radio or checkbox, or the first box
        of a date input that is in error."""
        kind = self.govuk_kind
        if not self.govuk_id:
            return ""
        if kind == "date":
            parts = self.date_error_parts or DATE_PARTS
            return f"{self.govuk_id}_{parts[0]}"
        if kind in {"radios", "checkboxes"}:
            for option in self.subwidgets:
                return option.id_for_label
            return self.govuk_id
        if kind == "group":
            return f"{self.govuk_id}_0"
        return self.govuk_id

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # GOV.UK forms use server-side validation only (forms carry ``novalidate``).
        attrs.pop("required", None)
        kind = self.govuk_kind
        own = widget.attrs.get("class", "")
        error = bool(self.errors)
        classes: list[str] = []
        if kind == "date":
            attrs[_DATE_ERROR_PARTS] = self.date_error_parts
            return attrs
        if kind == "radios":
            classes = ["govuk-radios__input"]
        elif kind in {"checkboxes", "checkbox"}:
            classes = ["govuk-checkboxes__input"]
        elif kind == "textarea":
            classes = ["govuk-textarea", own, "govuk-textarea--error" if error else ""]
            attrs.setdefault("cols", False)  # width comes from the GOV.UK class
            if widget.attrs.get("rows") == "10":  # Django's default; GOV.UK's is 5
                attrs.setdefault("rows", "5")
        elif kind == "select":
            classes = ["govuk-select", own, "govuk-select--error" if error else ""]
        elif kind == "password":
            classes = ["govuk-input", "govuk-password-input__input", "govuk-js-password-input-input", own,
                       "govuk-input--error" if error else ""]
            attrs.setdefault("spellcheck", "false")
            attrs.setdefault("autocapitalize", "none")
        elif kind == "file":
            classes = ["govuk-file-upload", own, "govuk-file-upload--error" if error else ""]
        elif kind == "input":
            classes = ["govuk-input", own, "govuk-input--error" if error else ""]
            if isinstance(widget, forms.EmailInput):
                attrs.setdefault("spellcheck", "false")
        if classes:
            attrs["class"] = " ".join(c for c in classes if c)
        return attrs


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField
