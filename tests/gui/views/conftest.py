from tests.support.poller_world import world  # noqa: F401  (fixture: four units in four lights)
