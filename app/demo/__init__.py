"""The demo network: Finnish example content and the loader behind `vuosikello demo`."""
