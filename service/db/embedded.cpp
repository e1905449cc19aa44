#include "db/embedded.hpp"

#include <sys/file.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <pqxx/pqxx>

#include "db/sql.hpp"
#include "platform/crypto.hpp"
#include "platform/log.hpp"
#include "platform/process.hpp"

namespace forewarn::db {

namespace fs = std::filesystem;

namespace {

// Serialises cluster start-up between processes sharing the folder.
class FileLock {
 public:
  explicit FileLock(const std::string& path) : fd_(::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600)) {
    if (fd_ < 0) throw std::runtime_error("cannot open lock file " + path);
    while (flock(fd_, LOCK_EX) != 0) {
    }
  }
  ~FileLock() {
    flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  int fd_;
};

void chown_to_postgres(const std::string& path) {
  if (!platform::running_as_root()) return;
  const passwd* pw = getpwnam("postgres");
  if (!pw) throw std::runtime_error("running as root needs the 'postgres' user (apt-get install postgresql-15)");
  if (::chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0)
    throw std::runtime_error("cannot give " + path + " to the postgres user");
}

// When forewarn runs as root, the cluster runs as `postgres`, which must be
// able to walk down to the folder. A checkout under a private home (mode 700)
// is out of its reach.
bool postgres_can_reach(const fs::path& folder) {
  if (!platform::running_as_root()) return true;
  const passwd* pw = getpwnam("postgres");
  if (!pw) return true;  // reported later, with the install hint
  for (fs::path p = folder.parent_path(); !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return false;
    const bool searchable = (st.st_mode & S_IXOTH) || (st.st_uid == pw->pw_uid && (st.st_mode & S_IXUSR)) ||
                            (st.st_gid == pw->pw_gid && (st.st_mode & S_IXGRP));
    if (!searchable) return false;
    if (p == p.root_path()) break;
  }
  return true;
}

std::string percent_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else {
      static const char* hexd = "0123456789ABCDEF";
      out += '%';
      out += hexd[c >> 4];
      out += hexd[c & 15];
    }
  }
  return out;
}

}  // namespace

EmbeddedPostgres::EmbeddedPostgres(std::string data_dir, std::string pg_bindir) : bindir_(std::move(pg_bindir)) {
  fs::create_directories(data_dir);
  root_ = fs::canonical(data_dir).string();
  if (!postgres_can_reach(root_)) {
    // Keep the cluster in a folder the postgres user can reach, named after
    // the requested one so that every forewarn process finds the same.
    const std::string elsewhere = "/var/tmp/forewarn-" + crypto::hex(crypto::sha256(root_)).substr(0, 16);
    log::warn("the postgres user cannot reach the data folder; the cluster lives elsewhere",
              {{"data_dir", root_}, {"cluster_dir", elsewhere}});
    fs::create_directories(elsewhere);
    root_ = elsewhere;
  }
  pgdata_ = root_ + "/postgres";
  socket_dir_ = root_ + "/run";
  // A Unix socket path is limited to 107 bytes: fall back to a folder in /tmp
  // named after the data folder when the tree is deep.
  if (socket_dir_.size() + sizeof("/.s.PGSQL.5432") > 100)
    socket_dir_ = "/tmp/forewarn-" + crypto::hex(crypto::sha256(root_)).substr(0, 16);
}

EmbeddedPostgres::~EmbeddedPostgres() {
  try {
    stop();
  } catch (const std::exception& e) {
    log::error("could not stop the embedded PostgreSQL", {{"error", e.what()}});
  }
}

std::string EmbeddedPostgres::uri(const std::string& database) const {
  return "postgresql://postgres@/" + database + "?host=" + percent_encode(socket_dir_) + "&port=5432";
}

bool EmbeddedPostgres::is_running() const {
  if (!fs::exists(pgdata_ + "/PG_VERSION")) return false;
  auto r = platform::run_process(platform::as_user_if_root("postgres", {tool("pg_ctl"), "status", "-D", pgdata_}));
  return r.exit_code == 0;
}

void EmbeddedPostgres::init_cluster() {
  if (platform::running_as_root()) {
    chown_to_postgres(root_);
    const auto probe = platform::run_process({"runuser", "-u", "postgres", "--", "test", "-w", root_});
    if (probe.exit_code != 0)
      throw std::runtime_error("the postgres user cannot reach " + root_ +
                               " (a parent folder is not searchable by others); set FOREWARN_DATA_DIR to a folder it can reach");
  }
  log::info("initialising the embedded PostgreSQL cluster", {{"pgdata", pgdata_}});
  auto r = platform::run_process(platform::as_user_if_root(
      "postgres", {tool("initdb"), "-D", pgdata_, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                   "--locale=C.UTF-8", "--no-instructions"}));
  if (r.exit_code != 0) throw std::runtime_error("initdb failed:\n" + r.output);
  // Only the owner may use the socket; no TCP listener at all.
  std::ofstream conf(pgdata_ + "/postgresql.conf", std::ios::app);
  conf << "\n# forewarn embedded cluster\n"
       << "listen_addresses = ''\n"
       << "unix_socket_directories = '" << socket_dir_ << "'\n"
       << "unix_socket_permissions = 0700\n"
       << "max_connections = 300\n"
       << "shared_buffers = 128MB\n"
       << "synchronous_commit = off\n"  // durable across process crashes; a power cut may lose the last ~0.6 s
       << "logging_collector = off\n";
}

std::string EmbeddedPostgres::ensure_running(const std::string& database) {
  FileLock lock(root_ + "/.cluster.lock");
  if (!fs::exists(pgdata_ + "/PG_VERSION")) init_cluster();
  if (!is_running()) {
    fs::create_directories(socket_dir_);
    chown_to_postgres(socket_dir_);
    fs::permissions(socket_dir_, fs::perms::owner_all, fs::perm_options::replace);
    const std::string logfile = root_ + "/postgres.log";
    if (!fs::exists(logfile)) std::ofstream{logfile};
    chown_to_postgres(logfile);
    auto r = platform::run_process(platform::as_user_if_root(
        "postgres", {tool("pg_ctl"), "start", "-D", pgdata_, "-l", logfile, "-w", "-t", "60", "-s"}));
    if (r.exit_code != 0) throw std::runtime_error("pg_ctl start failed (see " + logfile + "):\n" + r.output);
    started_here_ = true;
    log::info("embedded PostgreSQL started", {{"pgdata", pgdata_}});
  }
  create_database(database);
  return uri(database);
}

void EmbeddedPostgres::create_database(const std::string& name) {
  pqxx::connection conn(uri("postgres"));
  pqxx::nontransaction tx(conn);
  if (tx.exec_params(sql::kDatabaseExists.sql, name).empty()) {
    try {
      tx.exec("CREATE DATABASE " + tx.quote_name(name));
    } catch (const pqxx::sql_error& e) {
      // Another process created it between the check and here.
      if (tx.exec_params(sql::kDatabaseExists.sql, name).empty()) throw;
    }
  }
}

void EmbeddedPostgres::drop_database(const std::string& name) {
  pqxx::connection conn(uri("postgres"));
  pqxx::nontransaction tx(conn);
  tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
}

void EmbeddedPostgres::stop(bool force) {
  if (!started_here_ && !force) return;
  if (!is_running()) {
    started_here_ = false;
    return;
  }
  auto r = platform::run_process(
      platform::as_user_if_root("postgres", {tool("pg_ctl"), "stop", "-D", pgdata_, "-m", "fast", "-w", "-s"}));
  if (r.exit_code != 0) throw std::runtime_error("pg_ctl stop failed:\n" + r.output);
  started_here_ = false;
  log::info("embedded PostgreSQL stopped", {{"pgdata", pgdata_}});
}

}  // namespace forewarn::db
