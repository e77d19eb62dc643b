"""CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/): discovery and the patient-view and
order-sign services, answering with cards built from the medication review."""
