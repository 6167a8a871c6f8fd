// A report write killed with SIGKILL leaves its temporary file behind; the next write of that report
// removes it, and leaves alone the temporary files of writers that are still alive and other reports' files.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness/report/atomic_file.hpp"

namespace fs = std::filesystem;
using harness::report::write_file_atomically;

namespace {

// A pid no process has any more: a child that ended and was waited for.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("harness-atomic-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void touch(const fs::path& path) {
  std::ofstream(path) << "half a report";
}

}  // namespace

TEST(ReportAtomicStale, TheNextWriteRemovesTheTempFileOfAKilledWrite) {
  const fs::path dir = scratch("stale");
  const fs::path stale = dir / (".junit.xml.tmp-" + std::to_string(dead_pid()) + "-0");
  touch(stale);
  write_file_atomically(dir / "junit.xml", "<testsuites/>\n");
  EXPECT_FALSE(fs::exists(stale)) << "the orphan of a killed write is still there";
  EXPECT_TRUE(fs::exists(dir / "junit.xml"));
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 1u);
  fs::remove_all(dir);
}

TEST(ReportAtomicStale, LiveWritersAndOtherReportsKeepTheirFiles) {
  const fs::path dir = scratch("live");
  const pid_t dead = dead_pid();
  const fs::path mine = dir / (".junit.xml.tmp-" + std::to_string(::getpid()) + "-77");   // this process
  const fs::path init = dir / ".junit.xml.tmp-1-0";                                       // pid 1 lives
  const fs::path other_report = dir / (".serve.xml.tmp-" + std::to_string(dead) + "-0");  // not this report
  const fs::path not_ours = dir / ".junit.xml.tmp-notapid";
  for (const auto& path : {mine, init, other_report, not_ours}) touch(path);
  write_file_atomically(dir / "junit.xml", "<testsuites/>\n");
  for (const auto& path : {mine, init, other_report, not_ours}) EXPECT_TRUE(fs::exists(path)) << path;
  fs::remove_all(dir);
}

// The real thing: a child killed in the middle of writing, and this process writing the report afterwards.
TEST(ReportAtomicStale, AWriterKilledMidWriteLeavesNothingAfterTheNextWrite) {
  const fs::path dir = scratch("killed");
  const fs::path report = dir / "junit.xml";
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    // Stands in for write_file_atomically stopped between creating its temporary file and the rename.
    const fs::path temp = dir / (".junit.xml.tmp-" + std::to_string(::getpid()) + "-0");
    touch(temp);
    (void)!::write(ready[1], "x", 1);
    ::pause();
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(ready[0]);
  ::close(ready[1]);
  ASSERT_TRUE(fs::exists(dir / (".junit.xml.tmp-" + std::to_string(child) + "-0")));
  write_file_atomically(report, "<testsuites/>\n");
  EXPECT_FALSE(fs::exists(dir / (".junit.xml.tmp-" + std::to_string(child) + "-0")));
  fs::remove_all(dir);
}
