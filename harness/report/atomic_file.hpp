#pragma once
// Writing a file so that readers see either the old content or the new one, never a half-written file.
#include <filesystem>
#include <string_view>

namespace harness::report {

// Creates the parent folders of `path`, writes `content` to a new temporary file in the same folder (so the
// rename stays on one file system), flushes it to disk, and renames it over `path`. The temporary file is
// removed on failure. Throws std::runtime_error with the path and the reason (errno text) when any step
// fails.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace harness::report
