"""Every error consilium raises has one root, `ConsiliumError`, and belongs to one of three
families, kept apart because the caller reacts to each differently (after pydantic-ai's
`exceptions.py`):

- `InputError`: the user fixes it (a case field, a file, a setting, a name); the command line
  prints one line naming the problem and exits with status 2.
- `RunError`: the run failed (a model endpoint down, a budget spent, a broker unreachable).
- `MisuseError`: the calling code misused the API (a bug to fix in the caller, not in the input).

Existing classes keep their names and their standard-library bases (`ValueError`,
`LookupError`, ...) as mixins, so code that catches those still works.
"""

from __future__ import annotations

from pydantic import ValidationError

EXIT_INPUT_ERROR = 2


class ConsiliumError(Exception):
    """The root of every error consilium raises."""


class InputError(ConsiliumError):
    """Bad input the user fixes: one line naming the field or file and the problem (exit 2)."""


class RunError(ConsiliumError):
    """The run failed although the input was good (an endpoint, a budget, a broker)."""


class MisuseError(ConsiliumError):
    """The calling code misused the API."""


class CaseInputError(InputError, ValueError):
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
