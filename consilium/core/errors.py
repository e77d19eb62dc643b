"""User-facing input errors: one clear line naming the field, never a traceback."""

from __future__ import annotations

from pydantic import ValidationError


class CaseInputError(ValueError):
    """A case that cannot be read: a file problem or a field that does not validate."""

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


_PLAIN_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field",
    "float_parsing": "not a number",
    "int_parsing": "not a whole number",
    "bool_parsing": "not true/false",
    "literal_error": None,  # pydantic's own message lists the allowed values
}


def describe_validation_error(error: ValidationError) -> str:
    """Turn pydantic's report into lines like `vitals.heart_rate: not a number: 'fast'`."""
    lines = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "case"
        message = _PLAIN_MESSAGES.get(item["type"]) or item["msg"]
        message = message.removeprefix("Value error, ")
        if item["type"] in ("float_parsing", "int_parsing", "bool_parsing"):
            message = f"{message}: {item['input']!r}"
        lines.append(f"{location}: {message}")
    return "; ".join(lines)
