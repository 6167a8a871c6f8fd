#pragma once
// --lf and --ff as a plan: which files run, in which order, and which of their cases; shared by harness run
// (many files) and harness serve -- COMMAND (one world file's checks).
#include <string>
#include <vector>

#include "harness/runner/runner.hpp"

namespace harness::runner {

// Returns the files to run, in order, and narrows (--lf) or orders (--ff) `selection`'s cases. The hooks it
// sets refer to `last`, which must outlive `selection`. --lf with nothing recorded among `files` runs all.
std::vector<std::string> plan_rerun(std::vector<std::string> files, RunOptions::Rerun rerun,
                                    const LastFailed& last, script::CaseSelection& selection);

}  // namespace harness::runner
