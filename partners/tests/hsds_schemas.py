"""JSON Schema (draft 2020-12) of what the open-data API claims, in HSDS 3.1 terms.

Field names, types and required fields follow the Open Referral HSDS 3.1 schemas
(organization, location, address, phone, contact, schedule, attribute,
taxonomy_term, service, service_at_location) and its OpenAPI `Page`. They are
stricter than HSDS in one way: `additionalProperties` is false, so a field the API
starts to publish must be added here (and documented) on purpose. The one field
beyond HSDS, `last_modified` on organizations and locations, is documented in
docs/open-data-api.md.
"""

from jsonschema import Draft202012Validator

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_uuid = {"type": "string", "format": "uuid"}
_text = {"type": "string"}
# UTC, milliseconds, Z: the format the API writes and modified_after accepts.
_timestamp = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"}
_time = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d[+-]\d{2}:\d{2}$"}
_byday = {"type": "string", "pattern": r"^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$"}


def _object(required: list[str], properties: dict, **extra) -> dict:
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
        **extra,
    }


def _array_of(name: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/$defs/{name}"}}


DEFS = {
    "phone": _object(
        ["id", "number"],
        {
            "id": _uuid,
            "location_id": _uuid,
            "organization_id": _uuid,
            "contact_id": _uuid,
            "number": {"type": "string", "minLength": 1},
            "type": {"enum": ["text", "voice", "fax", "cell", "video", "pager", "textphone"]},
        },
    ),
    "address": _object(
        ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
        {
            "id": _uuid,
            "location_id": _uuid,
            "address_1": _text,
            "city": _text,
            "region": _text,
            "state_province": _text,
            "postal_code": _text,
            "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "address_type": {"enum": ["physical", "postal", "virtual"]},
        },
    ),
    "contact": _object(
        ["id"],
        {
            "id": _uuid,
            "location_id": _uuid,
            "name": _text,
            "title": _text,
            "phones": _array_of("phone"),
        },
    ),
    "schedule": _object(
        ["id"],
        {
            "id": _uuid,
            "location_id": _uuid,
            "freq": {"enum": ["WEEKLY", "MONTHLY"]},
            "wkst": {"enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]},
            "byday": _byday,
            "opens_at": _time,
            "closes_at": _time,
            "timezone": {"type": "number"},
            "description": _text,
        },
        dependentRequired={
            "freq": ["byday", "opens_at", "closes_at"],
            "opens_at": ["closes_at"],
        },
    ),
    "taxonomy_term": _object(
        ["id", "name", "description"],
        {
            "id": _uuid,
            "code": _text,
            "name": _text,
            "description": _text,
            "taxonomy": {"enum": ["legal-aid-groups", "legal-aid-services"]},
            "taxonomy_id": _uuid,
            "language": {"enum": ["zh", "en"]},
        },
    ),
    "attribute": _object(
        ["id", "link_id", "link_entity", "taxonomy_term_id"],
        {
            "id": _uuid,
            "link_id": _uuid,
            "link_entity": {"enum": ["location", "service"]},
            "taxonomy_term_id": _uuid,
            "taxonomy_term": {"$ref": "#/$defs/taxonomy_term"},
        },
    ),
    "organization_identifier": _object(
        ["id", "identifier_type", "identifier"],
        {
            "id": _uuid,
            "organization_id": _uuid,
            "identifier_type": {"const": "legal-aid-portal-code"},
            "identifier": {"type": "string", "minLength": 1},
        },
    ),
    "organization": _object(
        ["id", "name", "description"],
        {
            "id": _uuid,
            "name": {"type": "string", "minLength": 1},
            "alternate_name": _text,
            "description": _text,
            "parent_organization_id": _uuid,
            "phones": _array_of("phone"),
            "organization_identifiers": _array_of("organization_identifier"),
            "last_modified": _timestamp,
        },
    ),
    "location": _object(
        ["id", "location_type", "name", "addresses", "last_modified"],
        {
            "id": _uuid,
            "location_type": {"enum": ["physical", "postal", "virtual"]},
            "organization_id": _uuid,
            "name": {"type": "string", "minLength": 1},
            "description": _text,
            "external_identifier": _text,
            "external_identifier_type": {"const": "legal-aid-portal-code"},
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            "addresses": _array_of("address"),
            "phones": _array_of("phone"),
            "contacts": _array_of("contact"),
            "schedules": _array_of("schedule"),
            "attributes": _array_of("attribute"),
            "last_modified": _timestamp,
        },
        dependentRequired={"latitude": ["longitude"], "longitude": ["latitude"]},
    ),
    "service_at_location": _object(
        ["id", "service_id", "location_id"],
        {"id": _uuid, "service_id": _uuid, "location_id": _uuid},
    ),
    "service": _object(
        ["id", "name", "status"],
        {
            "id": _uuid,
            "organization_id": _uuid,
            "name": {"type": "string", "minLength": 1},
            "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
            "last_modified": _timestamp,
            "attributes": _array_of("attribute"),
            "service_at_locations": _array_of("service_at_location"),
        },
    ),
}


def _schema(body: dict) -> dict:
    return {"$schema": DRAFT, "$defs": DEFS, **body}


def page_of(entity: str) -> dict:
    """The HSDS paginated response (OpenAPI `Page` plus `contents`) of one entity."""
    return _schema(
        _object(
            [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
                "contents",
            ],
            {
                "total_items": {"type": "integer", "minimum": 0},
                "total_pages": {"type": "integer", "minimum": 1},
                "page_number": {"type": "integer", "minimum": 1},
                "size": {"type": "integer", "minimum": 0, "maximum": 100},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
                "contents": _array_of(entity),
            },
        )
    )


ORGANIZATION = _schema({"$ref": "#/$defs/organization"})
LOCATION = _schema({"$ref": "#/$defs/location"})
SERVICE = _schema({"$ref": "#/$defs/service"})
SERVICE_AT_LOCATION = _schema({"$ref": "#/$defs/service_at_location"})
ORGANIZATION_PAGE = page_of("organization")
LOCATION_PAGE = page_of("location")
SERVICE_PAGE = page_of("service")
SERVICE_AT_LOCATION_PAGE = page_of("service_at_location")

# HSDS "GET /" meta information, plus the endpoints and vocabularies of this API.
INDEX = _schema(
    _object(
        ["version", "description", "publisher", "endpoints", "parameters", "taxonomies"],
        {
            "version": {"type": "string", "pattern": r"^3\.\d+"},
            "description": _text,
            "publisher": _object(
                ["name"], {"name": _text, "website": {"type": "string", "format": "uri"}}
            ),
            "endpoints": {
                "type": "object",
                "additionalProperties": {"type": "string", "format": "uri"},
            },
            "parameters": {"type": "object"},
            "taxonomies": {
                "type": "array",
                "items": _object(
                    ["id", "name", "description", "terms"],
                    {
                        "id": _uuid,
                        "name": _text,
                        "description": _text,
                        "terms": _array_of("taxonomy_term"),
                    },
                ),
            },
        },
    )
)

ERROR = {
    "$schema": DRAFT,
    **_object(
        ["error", "parameter"],
        {"error": {"type": "string", "minLength": 1}, "parameter": {"type": ["string", "null"]}},
    ),
}


def validate(instance, schema: dict) -> None:
    """Raise jsonschema.ValidationError unless the instance fits; formats are checked."""
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        instance
    )
