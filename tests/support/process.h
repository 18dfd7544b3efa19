// Test support: run real binaries as child processes, bounded in time, cleaned up on scope
// exit; pick free loopback ports; make temp directories.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace gate::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` with stdout/stderr redirected to the given files.
  ChildProcess(std::vector<std::string> argv, const std::string& stdout_path,
               const std::string& stderr_path);
  ~ChildProcess();  // SIGTERM, then SIGKILL after 3 s if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const { return pid_; }
  bool running();
  // Waits up to timeout_ms; returns the exit code, or -1 on timeout, or 128+signal.
  int wait(int timeout_ms);
  // SIGTERM and wait; returns the exit code like wait().
  int stop(int timeout_ms = 5000);
  void kill_hard();

 private:
  int pid_ = -1;
  int status_ = -1;
  bool reaped_ = false;
};

// Runs a command to completion (bounded); returns exit code, fills output (stdout+stderr).
int run_command(const std::vector<std::string>& argv, std::string* output, int timeout_ms = 60000);

int free_port();
std::string make_temp_dir();
void remove_tree(const std::string& dir);
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
bool wait_until(const std::function<bool()>& pred, int timeout_ms);

}  // namespace gate::testing
