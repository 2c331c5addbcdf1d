from tests.support.poller_world import world  # noqa: F401  (fixture shared by the poller's tests)
from tests.support.replay_world import replay_world  # noqa: F401  (the replay scenario)
