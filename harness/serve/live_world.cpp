#include "harness/serve/live_world.hpp"

#include <iostream>
#include <utility>

#include "harness/fake/services.hpp"

namespace harness::serve {

LiveWorld::LiveWorld(WorldSettings settings, const contract::FixtureStore& fixtures)
    : settings_(std::move(settings)), fixtures_(fixtures), live_(settings_.seed), baseline_(fresh_world()) {
  live_.with([&](fake::World& world) { world = baseline_; });
}

LiveWorld::~LiveWorld() = default;

// An empty world on real time: an external client polls on the wall clock.
fake::World LiveWorld::fresh_world() const {
  fake::World world(settings_.seed);
  world.set_error_catalog(settings_.catalog);
  world.set_real_clock(true);
  return world;
}

std::optional<std::pair<std::filesystem::file_time_type, std::uintmax_t>> LiveWorld::stamp() const {
  std::error_code ec;
  auto time = std::filesystem::last_write_time(settings_.file, ec);
  if (ec) return std::nullopt;
  auto size = std::filesystem::file_size(settings_.file, ec);
  if (ec) return std::nullopt;
  return std::make_pair(time, size);
}

void LiveWorld::load(client::HttpClient& client) {
  if (settings_.file.empty()) return;
  seen_ = stamp();
  fake::SharedWorld scratch(settings_.seed);
  scratch.with([&](fake::World& world) { world = fresh_world(); });
  script::ScenarioEnv env{&scratch, client, fixtures_, settings_.project_id, settings_.limits};
  auto script = std::make_unique<script::WorldScript>(settings_.file, env);
  // Moved out, not copied: scratch is dropped below, and a copy would hold a third world of every job at the
  // load's peak (VmHWM).
  fake::World built = scratch.with([](fake::World& world) {
    world.journal().clear();  // what the top level fetched is not the client's
    return std::move(world);
  });
  script->attach(live_);
  auto jobs = built.job_specs();
  fake::World baseline = built.copy_without_jobs();
  {
    std::lock_guard lock(baseline_mutex_);
    baseline_ = std::move(baseline);
    baseline_jobs_ = std::move(jobs);
  }
  live_.with([&](fake::World& world) {
    fake::Journal journal = std::move(world.journal());
    world = std::move(built);
    world.journal() = std::move(journal);
  });
  script_ = std::move(script);
}

std::optional<std::string> LiveWorld::reload_if_changed(client::HttpClient& client) {
  if (settings_.file.empty()) return std::nullopt;
  auto now = stamp();
  if (now == seen_) return std::nullopt;
  try {
    load(client);
  } catch (const script::WorldScriptError& e) {
    seen_ = now;  // one message per edit, not one per poll
    return std::string(e.what()) + " (kept the last good world)";
  }
  std::string text = "reloaded " + settings_.file;
  if (!script_->output().empty()) text += "\n" + script_->output();
  return text;
}

fake::Response LiveWorld::answer(fake::HandlerCall& call) {
  if (!script_)  // no file, or it never loaded: nothing declared a handler
    return fake::service_error(call.service, 503, "HARNESS.0503", "No world file answers " + call.key + ".");
  auto response = script_->answer(call);
  for (const auto& error : script_->take_handler_errors())
    std::cerr << "harness serve: " << error << " (answered 500)" << std::endl;
  return response;
}

void LiveWorld::reset() {
  fake::World world = [&] {
    std::lock_guard lock(baseline_mutex_);
    fake::World copy = baseline_;
    copy.restore_jobs(baseline_jobs_);  // each job as restart_jobs() would leave it
    return copy;
  }();
  world.journal().clear();
  live_.with([&](fake::World& live) { live = std::move(world); });
}

}  // namespace harness::serve
