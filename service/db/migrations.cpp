#include "db/migrations.hpp"

#include <stdexcept>

#include "db/sql.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"

namespace forewarn::db {

namespace {
constexpr long long kMigrationLock = 0x666f72657761726eLL;  // "forewarn"

std::string checksum(const char* sql) { return crypto::hex(crypto::sha256(sql)); }

struct AdvisoryLock {
  pqxx::connection& conn;
  explicit AdvisoryLock(pqxx::connection& c) : conn(c) {
    pqxx::nontransaction tx(conn);
    tx.exec_params(sql::kAdvisoryLock.sql, kMigrationLock);
  }
  ~AdvisoryLock() {
    try {
      pqxx::nontransaction tx(conn);
      tx.exec_params(sql::kAdvisoryUnlock.sql, kMigrationLock);
    } catch (const std::exception&) {
      // The lock is released with the session anyway.
    }
  }
};
}  // namespace

MigrationReport migrate(pqxx::connection& conn, Instant now) {
  AdvisoryLock lock(conn);
  {
    pqxx::work tx(conn);
    tx.exec(sql::kCreateMigrationsTable.sql);
    tx.commit();
  }
  MigrationReport report;
  std::map<int, std::string> applied;
  {
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec(sql::kAppliedMigrations.sql))
      applied[row[0].as<int>()] = row[1].as<std::string>();
  }
  for (const auto& m : embedded_migrations()) {
    const std::string sum = checksum(m.sql);
    if (auto it = applied.find(m.version); it != applied.end()) {
      if (it->second != sum)
        throw std::runtime_error(std::string("migration ") + m.name +
                                 " was changed after it was applied; migrations are forward-only: add a new file");
      report.current_version = m.version;
      continue;
    }
    pqxx::work tx(conn);
    tx.exec(m.sql);
    tx.exec_params(sql::kRecordMigration.sql, m.version, m.name, sum, format_iso8601(now));
    tx.commit();
    log::info("applied migration", {{"migration", m.name}});
    report.applied.emplace_back(m.name);
    report.current_version = m.version;
  }
  return report;
}

bool migrations_complete(pqxx::connection& conn) {
  pqxx::read_transaction tx(conn);
  const auto exists = tx.exec1(sql::kMigrationsTableExists.sql)[0].as<bool>();
  if (!exists) return false;
  const auto r = tx.exec1(sql::kMigrationCount.sql);
  return r[0].as<long long>() == static_cast<long long>(embedded_migrations().size());
}

}  // namespace forewarn::db
