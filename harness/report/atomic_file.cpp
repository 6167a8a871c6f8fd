#include "harness/report/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace harness::report {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error) {
  throw std::runtime_error("cannot write " + path.string() + ": " + what + ": " + std::strerror(error));
}

// Closes the descriptor and removes the temporary file unless released (after a successful rename).
class TempFile {
 public:
  TempFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  TempFile(TempFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {
    other.path_.clear();
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    close();
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }
  // Returns 0 or the errno of close(2); close errors can report a failed write (NFS, quota).
  int close() {
    if (fd_ < 0) return 0;
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0 ? 0 : errno;
  }
  void release() { path_.clear(); }

 private:
  int fd_;
  std::filesystem::path path_;
};

// ".junit.xml.tmp-": what the temporary files of `target` start with, then "PID-N".
std::string temp_prefix(const std::filesystem::path& target) {
  // Appended piece by piece: GCC 12's -O2 warns (-Wrestrict, a false positive) on "literal" + std::string&&.
  std::string prefix = ".";
  prefix += target.filename().string();
  prefix += ".tmp-";
  return prefix;
}

// The pid in a temporary file's name ("<prefix>PID-N"), or 0 when the name is not one of ours.
pid_t writer_pid(const std::string& name, const std::string& prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
  const char* first = name.data() + prefix.size();
  const char* last = name.data() + name.size();
  long pid = 0;
  const auto [end, ec] = std::from_chars(first, last, pid);
  if (ec != std::errc() || end == first || end == last || *end != '-' || pid <= 0) return 0;
  return static_cast<pid_t>(pid);
}

}  // namespace

void remove_stale_temp_files(const std::filesystem::path& path) {
  const std::filesystem::path folder =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const std::string prefix = temp_prefix(path);
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const pid_t pid = writer_pid(it->path().filename().string(), prefix);
    // A live writer (this process, or another run writing the same report) keeps its file.
    if (pid == 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;  // best effort: another run may be removing the same file
    std::filesystem::remove(it->path(), ignored);
  }
}

namespace {

// A new, exclusively created file next to `target`: ".junit.xml.tmp-PID-N". Mode 0666 before the umask, like
// any file the program creates, so the report ends up readable as usual.
TempFile create_temp(const std::filesystem::path& target, const std::filesystem::path& folder) {
  static std::atomic<unsigned> counter{0};
  const std::string stem = temp_prefix(target) + std::to_string(::getpid()) + "-";
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::filesystem::path candidate = folder / (stem + std::to_string(counter++));
    const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return TempFile(fd, std::move(candidate));
    const int error = errno;
    if (error != EEXIST) fail(target, "cannot create temporary file " + candidate.string(), error);
  }
  fail(target, "cannot create a temporary file in " + folder.string(), EEXIST);
}

void write_all(const TempFile& file, const std::filesystem::path& target, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(file.fd(), content.data(), content.size());
    if (n < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      fail(target, "write to " + file.path().string(), error);
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

struct AtomicFileWriter::Impl {
  std::filesystem::path target;
  std::filesystem::path folder;
  TempFile temp;
  std::string buffer;  // a report is written in many small pieces: one write(2) per 64 KiB
  bool committed = false;

  void flush() {
    write_all(temp, target, buffer);
    buffer.clear();
  }
};

namespace {

std::filesystem::path folder_of(const std::filesystem::path& path) {
  if (path.empty() || !path.has_filename()) fail(path, "not a file name", EINVAL);
  const std::filesystem::path folder =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    throw std::runtime_error("cannot write " + path.string() + ": cannot create folder " + folder.string() +
                             ": " + ec.message());
  }
  remove_stale_temp_files(path);
  return folder;
}

constexpr std::size_t kWriteBuffer = 64 << 10;

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path path) {
  std::filesystem::path folder = folder_of(path);
  TempFile temp = create_temp(path, folder);
  impl_.reset(new Impl{std::move(path), std::move(folder), std::move(temp), {}, false});
  impl_->buffer.reserve(kWriteBuffer);
}

AtomicFileWriter::~AtomicFileWriter() = default;  // TempFile removes an uncommitted file

void AtomicFileWriter::write(std::string_view data) {
  if (impl_->committed) fail(impl_->target, "write after commit", EINVAL);
  if (impl_->buffer.size() + data.size() > kWriteBuffer) impl_->flush();
  if (data.size() >= kWriteBuffer) {
    write_all(impl_->temp, impl_->target, data);  // a large piece goes straight out, uncopied
  } else {
    impl_->buffer.append(data);
  }
}

void AtomicFileWriter::commit() {
  Impl& file = *impl_;
  if (file.committed) return;
  file.flush();
  if (::fsync(file.temp.fd()) != 0) {
    const int error = errno;
    fail(file.target, "fsync " + file.temp.path().string(), error);
  }
  if (const int error = file.temp.close(); error != 0)
    fail(file.target, "close " + file.temp.path().string(), error);
  if (::rename(file.temp.path().c_str(), file.target.c_str()) != 0) {
    const int error = errno;
    fail(file.target, "rename from " + file.temp.path().string(), error);
  }
  file.temp.release();
  file.committed = true;

  // Make the rename itself durable; best effort, the file is already in place.
  const int dir = ::open(file.folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFileWriter file(path);
  file.write(content);
  file.commit();
}

}  // namespace harness::report
