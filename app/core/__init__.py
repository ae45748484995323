"""The core: settings, clock, errors and problem rendering, storage, mail, paging."""
