"""iCalendar (RFC 5545) text: rendering feeds and parsing imports."""
