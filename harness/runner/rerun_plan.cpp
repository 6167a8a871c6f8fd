#include "harness/runner/rerun_plan.hpp"

#include <algorithm>

namespace harness::runner {

std::vector<std::string> plan_rerun(std::vector<std::string> files, RunOptions::Rerun rerun,
                                    const LastFailed& last, script::CaseSelection& selection) {
  if (rerun == RunOptions::Rerun::all || last.empty()) return files;
  const auto touched = [&](const std::string& file) { return last.touches(file); };
  if (rerun == RunOptions::Rerun::failed_first) {
    std::stable_partition(files.begin(), files.end(), touched);
    selection.first = [&last](const std::string& file, const std::string& title) {
      return last.holds(file, title);
    };
    return files;
  }
  if (std::none_of(files.begin(), files.end(), touched)) return files;  // nothing recorded is here: all run
  std::erase_if(files, [&](const std::string& file) { return !touched(file); });
  selection.accepts = [&last, user = selection.accepts](const std::string& file, const std::string& title,
                                                        const std::vector<std::string>& tags) {
    return last.holds(file, title) && (!user || user(file, title, tags));
  };
  return files;
}

}  // namespace harness::runner
