"""Privacy (GDPR): a person's data export and erasure, and what retention removes."""
