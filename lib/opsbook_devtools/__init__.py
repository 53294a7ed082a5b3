"""Build and measurement tools of the course (not part of what learners run): the sample data and
exports, the sample cohort, the benchmark, the real hub and its load test. make data, make
bench, make test-hub and make loadtest run them."""
