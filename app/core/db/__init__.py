"""Storage: engine, sessions, shared column types and model base."""
