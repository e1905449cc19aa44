#include "demo/children.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

extern char** environ;

namespace forewarn::demo {

namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Child::Child(std::string name, std::vector<std::string> argv, const Env& env, const std::string& log_dir)
    : name_(std::move(name)), out_path_(log_dir + "/" + name_ + ".out"), err_path_(log_dir + "/" + name_ + ".err") {
  std::map<std::string, std::string> all;
  for (char** e = environ; *e; ++e) {
    const std::string kv = *e;
    const auto eq = kv.find('=');
    if (eq != std::string::npos) all[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : env) all[k] = v;
  std::vector<std::string> env_s;
  for (const auto& [k, v] : all) env_s.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out < 0 || err < 0 || null_in < 0) throw std::runtime_error("cannot open the log files of " + name_ + " in " + log_dir);
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // Only async-signal-safe calls from here to exec.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    dup2(null_in, 0);
    dup2(out, 1);
    dup2(err, 2);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  ::close(out);
  ::close(err);
  ::close(null_in);
  if (pid_ < 0) throw std::runtime_error("cannot start " + name_);
}

Child::~Child() { stop(); }

bool Child::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

std::optional<int> Child::wait_port(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = slurp(out_path_);
    if (const auto nl = out.find('\n'); nl != std::string::npos) {
      const auto j = nlohmann::json::parse(out.substr(0, nl), nullptr, false);
      if (j.is_object() && j.contains("listening")) return j["listening"].get<int>();
    }
    std::istringstream lines(slurp(err_path_));
    for (std::string line; std::getline(lines, line);) {
      if (line.find("\"msg\":\"listening\"") == std::string::npos) continue;
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("port")) return j["port"].get<int>();
    }
    if (!running()) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

std::string Child::stdout_text() const { return slurp(out_path_); }

std::string Child::stderr_tail(std::size_t bytes) const {
  const std::string all = slurp(err_path_);
  return all.size() <= bytes ? all : all.substr(all.size() - bytes);
}

int Child::stop(int grace_ms) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string self_executable() {
  std::error_code ec;
  const auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("forewarn") : p.string();
}

std::string find_smtp_sink() {
  const fs::path exe_dir = fs::path(self_executable()).parent_path();
  std::vector<fs::path> candidates = {exe_dir / "../../tools/smtp-sink.py", exe_dir / "../tools/smtp-sink.py",
                                      exe_dir / "tools/smtp-sink.py"};
#ifdef FOREWARN_SOURCE_DIR
  candidates.push_back(fs::path(FOREWARN_SOURCE_DIR) / "tools/smtp-sink.py");
#endif
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::exists(c, ec)) return fs::weakly_canonical(c, ec).string();
  }
  return "";
}

}  // namespace forewarn::demo
