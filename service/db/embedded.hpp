// The private PostgreSQL 15 cluster forewarn runs when FOREWARN_DATABASE_URL
// is unset: created with initdb on first use in <data_dir>/postgres, reached
// only through a Unix socket in that folder (no TCP port, so several checkouts
// never collide), run as the `postgres` user when forewarn runs as root
// (PostgreSQL refuses root), and stopped cleanly by whoever started it.
#pragma once

#include <string>

namespace forewarn::db {

class EmbeddedPostgres {
 public:
  EmbeddedPostgres(std::string data_dir, std::string pg_bindir);
  ~EmbeddedPostgres();
  EmbeddedPostgres(const EmbeddedPostgres&) = delete;
  EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

  // Initialises the cluster if needed, starts it unless already running,
  // creates `database` if missing, and returns its connection URI.
  // Throws std::runtime_error with the tool's output when something fails.
  std::string ensure_running(const std::string& database = "forewarn");
  // Drops `database` if it exists, closing its connections (`forewarn demo`
  // starts every season on a fresh one).
  void drop_database(const std::string& database);
  // Stops the cluster if this object started it (or `force`).
  void stop(bool force = false);
  bool is_running() const;
  // postgresql:// URI of a database of this cluster.
  std::string uri(const std::string& database) const;
  const std::string& pgdata() const { return pgdata_; }
  bool started_here() const { return started_here_; }
  // Leaves the cluster running when this object goes (`forewarn db start`).
  void detach() { started_here_ = false; }

 private:
  void init_cluster();
  void create_database(const std::string& name);
  std::string tool(const char* name) const { return bindir_ + "/" + name; }

  std::string root_;    // absolute data_dir
  std::string pgdata_;  // root_/postgres
  std::string socket_dir_;
  std::string bindir_;
  bool started_here_ = false;
};

}  // namespace forewarn::db
