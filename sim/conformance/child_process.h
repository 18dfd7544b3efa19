// Processes gate-sim starts for a scenario run: the gated under test (which a fault may kill
// with SIGKILL and restart) and gatectl (ledger import, exports). POSIX fork/exec; output goes
// to a log file or is captured.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "rules/result.h"

namespace gate::sim {

class ChildProcess {
 public:
  // Starts argv[0] (an absolute path) with stdout and stderr appended to `log_path`.
  static Result<ChildProcess> Spawn(const std::vector<std::string>& argv,
                                    const std::string& log_path);
  ChildProcess() = default;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);
  // Waits up to timeout_ms; the exit status (128 + signal when killed), -1 on timeout.
  int wait(int timeout_ms);
  // SIGTERM, then SIGKILL after grace_ms.
  void stop(int grace_ms);

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// Runs argv to the end; stdout and stderr together in *output. The exit status, or an error
// when it could not be started or ran past timeout_ms (then it is killed).
Result<int> run_to_end(const std::vector<std::string>& argv, std::string* output, int timeout_ms);

// A TCP port on 127.0.0.1 that was free a moment ago.
Result<int> free_loopback_port();

}  // namespace gate::sim
