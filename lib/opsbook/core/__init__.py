"""The floor everything stands on: errors, languages, paths, limits, numbers as people write them,
saving learner work, and the settings read from the environment."""
