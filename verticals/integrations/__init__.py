"""Bridges to outside engines; each module needs its own extra (e.g. `ray`)."""
