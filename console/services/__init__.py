"""Headless services (no Qt): the console backend that polls the database, the simulator, the supervision client."""
