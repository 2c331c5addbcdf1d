from tests.support.replay_world import replay_world  # noqa: F401  (the replay scenario)
