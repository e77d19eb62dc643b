"""No PHI in logs: names, identifiers, dates of birth, phone numbers, addresses are redacted,
clinical content is kept."""

from __future__ import annotations

import logging

import pytest

from consilium.server.phi_logging import PhiRedactingFilter, install_phi_filter, redact_phi


@pytest.mark.parametrize(("text", "secret"), [
    ("patient name: Jane Doe admitted", "Jane Doe"),
    ('{"family": "Smith", "given": ["Anna"]}', "Smith"),
    ("seen by Mrs Agatha Brown today", "Agatha Brown"),
    ("MRN: 00123456 transferred", "00123456"),
    ("NHS number 943 476 5919", "943 476 5919"),
    ("DOB: 1953-05-01", "1953-05-01"),
    ("birthDate=01/05/1953", "01/05/1953"),
    ("call back on (555) 123-4567", "123-4567"),
    ("phone +44 20 7946 0958", "7946 0958"),
    ("lives at 221 Baker Street, London", "221 Baker Street"),
    ("email jane.doe@example.org", "jane.doe@example.org"),
    ("SSN 123-45-6789 on file", "123-45-6789"),
])
def test_identifiers_are_redacted(text: str, secret: str) -> None:
    redacted = redact_phi(text)
    assert secret not in redacted
    assert "[REDACTED" in redacted


def test_clinical_content_survives() -> None:
    text = "warfarin 5 mg daily + ibuprofen 600 mg: major interaction, INR 2.6, HR 88"
    assert redact_phi(text) == text


def test_filter_redacts_formatted_records(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("consilium.test.phi")
    logger.addFilter(PhiRedactingFilter())
    with caplog.at_level(logging.INFO, logger="consilium.test.phi"):
        logger.info("case for %s (DOB %s) phone %s", "patient John Smith", "1960-02-03",
                    "555-867-5309")
    message = caplog.records[0].getMessage()
    assert "John Smith" not in message and "1960-02-03" not in message
    assert "867-5309" not in message


def test_installed_on_service_loggers(caplog: pytest.LogCaptureFixture) -> None:
    install_phi_filter()
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        logging.getLogger("uvicorn.access").info('"GET /v1/cases?mrn=ABC12345 HTTP/1.1" 200')
    assert "ABC12345" not in caplog.records[0].getMessage()
