"""The app clock frozen for a test module."""

from datetime import datetime

import pytest

from app.core import clock


def frozen_clock_at(now: datetime, *, autouse: bool = True):
    """A `frozen_clock` fixture holding the app clock at `now`; assign it in a test module:
    `frozen_clock = frozen_clock_at(NOW)`."""

    @pytest.fixture(autouse=autouse, name="frozen_clock")
    def fixture():
        with clock.freeze(now):
            yield

    return fixture
