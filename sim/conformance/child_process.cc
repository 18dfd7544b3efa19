#include "sim/conformance/child_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace gate::sim {
namespace {

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Child side after fork: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(const std::vector<std::string>& argv, int out_fd) {
  dup2(out_fd, 1);
  dup2(out_fd, 2);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);  // gate-sim blocks SIGINT/SIGTERM; gated must not
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

Result<ChildProcess> ChildProcess::Spawn(const std::vector<std::string>& argv,
                                         const std::string& log_path) {
  if (argv.empty() || argv[0].empty() || argv[0][0] != '/') {
    return Error{"internal: ChildProcess::Spawn needs an absolute program path"};
  }
  if (access(argv[0].c_str(), X_OK) != 0) {
    return Error{argv[0] + ": not an executable (" + std::strerror(errno) +
                 "); build it or pass its path"};
  }
  const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Error{log_path + ": cannot open log: " + std::strerror(errno)};
  const pid_t pid = fork();
  if (pid < 0) {
    close(fd);
    return Error{std::string("fork: ") + std::strerror(errno)};
  }
  if (pid == 0) exec_child(argv, fd);
  close(fd);
  ChildProcess c;
  c.pid_ = pid;
  return c;
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int st = 0;
  const pid_t r = waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    status_ = exit_code(st);
    pid_ = -1;
    return false;
  }
  return r == 0;
}

void ChildProcess::signal(int sig) {
  if (pid_ > 0) ::kill(pid_, sig);
}

int ChildProcess::wait(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

void ChildProcess::stop(int grace_ms) {
  if (!running()) return;
  signal(SIGTERM);
  if (wait(grace_ms) == -1) {
    signal(SIGKILL);
    wait(5000);
  }
}

Result<int> run_to_end(const std::vector<std::string>& argv, std::string* output, int timeout_ms) {
  char path[] = "/tmp/gate-sim-run-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return Error{std::string("mkstemp: ") + std::strerror(errno)};
  close(fd);
  auto child = ChildProcess::Spawn(argv, path);
  if (!child.ok()) {
    unlink(path);
    return Error{child.error()};
  }
  const int rc = child.value().wait(timeout_ms);
  if (rc == -1) child.value().stop(1000);
  if (output != nullptr) {
    output->clear();
    if (FILE* f = std::fopen(path, "rb")) {
      char buf[4096];
      for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) output->append(buf, n);
      std::fclose(f);
    }
  }
  unlink(path);
  if (rc == -1) return Error{argv[0] + " ran longer than " + std::to_string(timeout_ms) + " ms"};
  return rc;
}

Result<int> free_loopback_port() {
  const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) return Error{std::string("socket: ") + std::strerror(errno)};
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(s);
    return Error{std::string("no free port on 127.0.0.1: ") + std::strerror(errno)};
  }
  close(s);
  return static_cast<int>(ntohs(a.sin_port));
}

}  // namespace gate::sim
