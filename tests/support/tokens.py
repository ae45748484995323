"""The app's own access tokens as the test suite configures them (tests/conftest.py)."""

import os

SECRET_KEY = os.environ["VUOSIKELLO_SECRET_KEY"]
ISSUER, AUDIENCE = "vuosikello", "vuosikello-api"
