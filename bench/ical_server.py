"""The API app plus a static-file mount, so one uvicorn serves both the feed and the same
bytes as a plain file (the benchmark's limit). Directory from VUOSIKELLO_BENCH_STATIC."""

import os

from starlette.staticfiles import StaticFiles

from app.main import create_app

app = create_app()
app.mount("/static", StaticFiles(directory=os.environ["VUOSIKELLO_BENCH_STATIC"]), name="static")
