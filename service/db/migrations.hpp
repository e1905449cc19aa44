// Forward-only schema migrations: the numbered files in migrations/, compiled
// into the binary (cmake/GenerateMigrations.cmake). Applied in order under a
// PostgreSQL advisory lock, each in its own transaction, recorded with a
// checksum in schema_migrations; an applied file that was edited afterwards
// stops start-up.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "core/time.hpp"

namespace forewarn::db {

struct EmbeddedMigration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<EmbeddedMigration>& embedded_migrations();

struct MigrationReport {
  std::vector<std::string> applied;  // names applied by this call
  int current_version = 0;
};

// Applies every pending migration. Safe to call from several processes at
// once: they serialize on the advisory lock and each migration runs once.
MigrationReport migrate(pqxx::connection& conn, Instant now);

// True when every embedded migration is recorded as applied.
bool migrations_complete(pqxx::connection& conn);

}  // namespace forewarn::db
