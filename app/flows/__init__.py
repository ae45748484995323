"""Flows: cross-domain orchestration with a name (after a dated item changes, its reminders and
tasks follow; opening a follow-up round creates tasks), so that services never call each other
back. A flow may import domain services; no domain imports a flow."""
