#pragma once
// The client command of `harness serve WORLD -- COMMAND ARGS...`: started with posix_spawnp, its stdin,
// stdout and stderr the harness's own.
#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace harness::serve {

// Starts `argv` (searched in PATH) with the environment plus `extra` (replacing variables of the same name).
// Throws std::runtime_error naming the command when it cannot be started.
pid_t spawn(const std::vector<std::string>& argv,
            const std::vector<std::pair<std::string, std::string>>& extra);

// What a waitpid() status says: "exited with 0", "was killed by signal 15 (Terminated)".
std::string describe_status(int status);

// The command as a shell would show it: sh -c 'curl "$HARNESS_URL"'.
std::string quoted(const std::vector<std::string>& argv);

}  // namespace harness::serve
