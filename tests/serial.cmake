# Read by ctest after the integration tests doctest discovered (the
# directory's TEST_INCLUDE_FILES, in order): properties of single tests.
#
# The demo replays a season on an accelerated wall clock, so it measures
# forewarn against real time: sharing the two cores with the poller tests
# (two sanitizer-built servers and a simulator polling flat out) it fell
# behind and one late parcel's warning came after its deadline (CI, stop 13).
# It runs alone.
set_tests_properties(
  "it:forewarn demo: a shortened season leaves no duplicate, nothing in quiet hours, no unexplained surprise"
  PROPERTIES RUN_SERIAL TRUE)
