// Running other programs (initdb, pg_ctl) without a shell: arguments are
// passed as a vector, never interpolated into a command line.
#pragma once

#include <string>
#include <vector>

namespace forewarn::platform {

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs argv[0] (looked up in PATH when it has no '/') and waits for it.
ProcessResult run_process(const std::vector<std::string>& argv);

bool running_as_root();
// Prefixes argv with `runuser -u <user> --` when running as root.
std::vector<std::string> as_user_if_root(const std::string& user, std::vector<std::string> argv);

}  // namespace forewarn::platform
