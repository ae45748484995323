"""The kernel: pure calculation (recurrence, offsets, time fields, iCal text, signing,
audit chain). No database, no FastAPI; tested with tables of cases."""
