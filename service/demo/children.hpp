// The processes `forewarn demo` runs (serve, sim-carrier, sim-provider, the
// SMTP sink): started without a shell, in their own process group (so that a
// Ctrl-C reaches the demo alone, which then stops them in order), told to die
// with the demo (PR_SET_PDEATHSIG) so that nothing is orphaned even when the
// demo itself is killed, with stdout and stderr in files.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace forewarn::demo {

using Env = std::map<std::string, std::string>;

class Child {
 public:
  // argv[0] is the program's path. `env` is added to (and overrides) this
  // process's environment; `log_dir`/<name>.out and .err receive the output.
  Child(std::string name, std::vector<std::string> argv, const Env& env, const std::string& log_dir);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  const std::string& name() const { return name_; }
  pid_t pid() const { return pid_; }
  bool running();
  // The port of a {"listening": PORT} first line on stdout (the simulators,
  // the SMTP sink) or of forewarn serve's "listening" log line on stderr;
  // nullopt when the child exits or `timeout_ms` passes.
  std::optional<int> wait_port(int timeout_ms = 60000);
  std::string stdout_text() const;
  std::string stderr_tail(std::size_t bytes = 2000) const;
  // SIGTERM, then SIGKILL after `grace_ms`; returns the exit status (or -1).
  int stop(int grace_ms = 15000);

 private:
  std::string name_, out_path_, err_path_;
  pid_t pid_ = -1;
};

// This executable (/proc/self/exe).
std::string self_executable();
// tools/smtp-sink.py of the source tree this binary was built from, or "".
std::string find_smtp_sink();

}  // namespace forewarn::demo
