from tests.support.poller_world import world  # noqa: F401  (fixture shared by the poller's tests)
