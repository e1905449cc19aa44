// Helpers of the dispatch tests (dispatch_test.cpp, dispatch_kill_test.cpp).
#pragma once

#include <string>

#include <pqxx/pqxx>

#include "harness.hpp"

namespace fwtest::dispatch {

// A fresh database with one tenant (made through the CLI); returns its URI.
inline std::string fresh_database_with_tenant(const std::string& name) {
  const std::string url = fresh_database();
  create_tenant(url, name);
  return url;
}

inline long long scalar(const std::string& db, const std::string& sql) {
  pqxx::connection conn(db);
  pqxx::read_transaction tx(conn);
  return tx.exec1(sql)[0].as<long long>();
}

}  // namespace fwtest::dispatch
