"""The wheel as a picture: pure geometry, lanes, labels and SVG text (no database, no web)."""
