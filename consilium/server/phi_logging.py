"""No PHI in logs: a logging filter that redacts names, identifiers, dates of birth, phone
numbers, e-mail and street addresses from every record before any handler writes it.

Patterns follow the HIPAA Safe Harbor identifier list (45 CFR 164.514(b)(2)); they err on the
side of redacting too much. Installed on the root and uvicorn loggers by `install_phi_filter`.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[REDACTED]"

# (label, pattern) in the order applied; each match becomes [REDACTED:label].
PHI_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
    ("dob", re.compile(
        r"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born)\b[\s:=\"']*"
        r"[\w ,./-]{6,20}?\d{2,4}\b", re.IGNORECASE)),
    ("date", re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/(?:19|20)?\d{2}\b")),
    ("ssn", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    ("identifier", re.compile(
        r"\b(?:mrn|nhs(?: number)?|ssn|patient[ _-]?id|identifier|insurance(?: id)?|member id)"
        r"\b[\s:=#\"']*[A-Za-z0-9-]{3,}", re.IGNORECASE)),
    ("address", re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr"
        r"|Boulevard|Blvd|Court|Ct|Way|Place|Pl)\b\.?")),
    ("name", re.compile(
        r"\b(?i:name|family|given|patient)\b[\s:=\"']+\[?\"?[A-Z][a-zA-Z'-]+"
        r"(?:\s+[A-Z][a-zA-Z'-]+)?")),
    ("name", re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?")),
]


# A run of digits, spaces, dots, dashes and brackets: a phone number when it holds 9 to 15
# digits (ITU-T E.164 allows at most 15); shorter runs are doses and measurements.
_DIGIT_RUN = re.compile(r"(?<![\w.])\+?\(?\d[\d\s().-]{6,}\d(?![\w])")


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group())
    return "[REDACTED:phone]" if 9 <= digits <= 15 else match.group()


def redact_phi(text: str) -> str:
    for label, pattern in PHI_PATTERNS:
        text = pattern.sub(f"[REDACTED:{label}]", text)
    return _DIGIT_RUN.sub(_phone, text)


class PhiRedactingFilter(logging.Filter):
    """Rewrites the record's message (arguments merged in) with PHI redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact_phi(message)
        record.args = None
        if record.exc_text:
            record.exc_text = redact_phi(record.exc_text)
        return True


LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "consilium", "fastapi")


def install_phi_filter() -> PhiRedactingFilter:
    """Attach one filter to the service's loggers and to every handler already on them
    (a filter on a logger does not see records propagated from its children)."""
    phi_filter = PhiRedactingFilter()
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, PhiRedactingFilter) for f in logger.filters):
            logger.addFilter(phi_filter)
        for handler in logger.handlers:
            if not any(isinstance(f, PhiRedactingFilter) for f in handler.filters):
                handler.addFilter(phi_filter)
    return phi_filter
