#pragma once
// The world `harness serve` serves: built by the world file (a fresh Lua state each time), put live, rebuilt
// when the file changes (a broken edit keeps the last good world), and reset to the script's world on demand.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/fake/world.hpp"
#include "harness/script/world_script.hpp"

namespace harness::client {
class HttpClient;
}
namespace harness::contract {
class FixtureStore;
}

namespace harness::serve {

struct WorldSettings {
  std::string file;  // "" for an empty world
  std::uint64_t seed = 0;
  std::string project_id;
  std::shared_ptr<const fake::World::ErrorCatalog> catalog;
  script::ScriptLimits limits;
};

class LiveWorld {
 public:
  LiveWorld(WorldSettings settings, const contract::FixtureStore& fixtures);
  ~LiveWorld();

  fake::SharedWorld& shared() { return live_; }
  // The world file's checks run against the live world (nullptr without a file). Main thread only.
  script::WorldScript* script() { return script_.get(); }

  // Runs the world file into a fresh world and puts that live; the journal is kept. `client` is what http.*
  // of the file reaches (the served fake). Throws script::WorldScriptError and keeps the current world.
  // Main thread only.
  void load(client::HttpClient& client);
  // Reloads when the file's modification time or size changed since the last look. Returns what to tell the
  // user ("reloaded ..." or the error, "file:line: message"), or nullopt when the file did not change.
  std::optional<std::string> reload_if_changed(client::HttpClient& client);

  // A request for a Lua-function endpoint of the file's world: answered by the file's state, a failed
  // handler's message on stderr. Main thread only.
  fake::Response answer(fake::HandlerCall& call);

  // Back to the world the file built at its last good load: jobs at the start of their timelines (begun
  // now), the file's faults with fresh counts, an empty journal. Any thread.
  void reset();

 private:
  fake::World fresh_world() const;
  std::optional<std::pair<std::filesystem::file_time_type, std::uintmax_t>> stamp() const;

  WorldSettings settings_;
  const contract::FixtureStore& fixtures_;
  fake::SharedWorld live_;
  std::mutex baseline_mutex_;
  // The world the file built at its last good load, kept as the world without its jobs plus the jobs' specs:
  // reset() starts every job afresh anyway, and a second map of 10,000 jobs would cost ~1.7 MB.
  fake::World baseline_;
  std::vector<std::shared_ptr<const fake::PackedJob>> baseline_jobs_;
  std::unique_ptr<script::WorldScript> script_;
  std::optional<std::pair<std::filesystem::file_time_type, std::uintmax_t>> seen_;
};

}  // namespace harness::serve
