#pragma once
// Writing a file so that readers see either the old content or the new one, never a half-written file.
#include <filesystem>
#include <memory>
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

// The same, for content written in pieces (a report streamed as it is rendered, so that it is never whole in
// memory): the constructor creates the folders and the temporary file, write() appends through a small
// buffer, commit() flushes, fsyncs and renames. Destroyed without commit() (an exception on the way), the
// temporary file is removed and `path` is untouched. Every step throws std::runtime_error as above.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::filesystem::path path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view data);
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// That clean-up alone: removes ".<name>.tmp-PID-N" next to `path` for every PID that is not alive.
void remove_stale_temp_files(const std::filesystem::path& path);

}  // namespace harness::report
