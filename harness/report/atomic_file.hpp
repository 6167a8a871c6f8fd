#pragma once
// Writing a file so that readers see either the old content or the new one, never a half-written file.
#include <filesystem>
#include <string_view>

namespace harness::report {

// Creates the parent folders of `path`, writes `content` to a new temporary file in the same folder (so the
// rename stays on one file system), flushes it to disk, and renames it over `path`. The temporary file is
// removed on failure. Throws std::runtime_error with the path and the reason (errno text) when any step
// fails.
// Before writing, the temporary files an earlier write of `path` left behind when it was killed (SIGKILL, a
// power cut) are removed: they are named ".<name>.tmp-PID-N", and a PID no process has any more marks them
// stale.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// That clean-up alone: removes ".<name>.tmp-PID-N" next to `path` for every PID that is not alive.
void remove_stale_temp_files(const std::filesystem::path& path);

}  // namespace harness::report
