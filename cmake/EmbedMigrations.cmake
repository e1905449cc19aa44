# The migrations in migrations/NNNN_name.sql are compiled into the binary, so a
# released forewarn (or its Docker image) carries exactly the schema it expects.
file(GLOB FOREWARN_MIGRATION_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/migrations/*.sql)
list(SORT FOREWARN_MIGRATION_FILES)
set(FOREWARN_MIGRATIONS_CPP ${CMAKE_BINARY_DIR}/generated/migrations.cpp)
add_custom_command(
  OUTPUT ${FOREWARN_MIGRATIONS_CPP}
  COMMAND ${CMAKE_COMMAND} -DOUT=${FOREWARN_MIGRATIONS_CPP} -DDIR=${CMAKE_SOURCE_DIR}/migrations
          -P ${CMAKE_SOURCE_DIR}/cmake/GenerateMigrations.cmake
  DEPENDS ${FOREWARN_MIGRATION_FILES} ${CMAKE_SOURCE_DIR}/cmake/GenerateMigrations.cmake
  COMMENT "Embedding migrations")
