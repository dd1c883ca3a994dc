"""Serializer fields shared by the API's resources."""

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers


class CodeField(serializers.ChoiceField):
    """A value from an official code list (a ``TextChoices`` class), e.g. the SEN type of need.

    Documented once as the component ``<ListName>Enum`` however many fields use the list
    (``primary_need`` and ``secondary_need`` are both ``SENTypeEnum``), rather than one copy per field.
    """

    def __init__(self, codes: type[models.TextChoices], **kwargs):
        self.codes = codes
        super().__init__(choices=codes.choices, **kwargs)


class CodeFieldExtension(OpenApiSerializerFieldExtension):
    target_class = CodeField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        codes = field.codes
        component = ResolvedComponent(
            name=f"{codes.__name__}Enum",
            type=ResolvedComponent.SCHEMA,
            object=codes,
            schema={
                "type": "string",
                "enum": [str(value) for value in codes.values],
                "description": "\n".join(f"* `{value}` - {label}" for value, label in codes.choices),
            },
        )
        auto_schema.registry.register_on_missing(component)
        if field.allow_blank:
            # the same component drf-spectacular makes for blank choices elsewhere
            blank = ResolvedComponent(name="BlankEnum", type=ResolvedComponent.SCHEMA, object="BlankEnum",
                                      schema={"enum": [""]})
            auto_schema.registry.register_on_missing(blank)
            return {"oneOf": [component.ref, blank.ref]}
        return component.ref
