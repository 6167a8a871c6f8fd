// Lua source run as a scenario file in the sandbox, through the real scenario runner, with a small budget
// (instructions, memory, wall clock). There is no server: http.* calls meet a closed loopback port and come
// back as transport errors, while fake.* sets a world of its own for every input. Whatever the script does,
// run_scenario must return a suite (its problems are errored cases), never throw or trip a sanitizer.
#include <unistd.h>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/client/http_client.hpp"
#include "harness/contract/fixture_store.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/scenario.hpp"

namespace {

const std::string& scenario_file() {
  static const std::string file = [] {
    auto dir = std::filesystem::temp_directory_path() / ("harness-fuzz-lua-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return (dir / "scenario.lua").string();
  }();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Port 1 on loopback: nothing listens, so a request is refused at once.
  static harness::client::HttpClient client(
      {"http", "127.0.0.1", 1},
      {.connect_timeout = std::chrono::milliseconds(200), .read_timeout = std::chrono::milliseconds(200)});
  static const harness::contract::FixtureStore fixtures(std::filesystem::path(HARNESS_SOURCE_DIR) /
                                                        "fixtures");
  std::ofstream(scenario_file(), std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));

  harness::fake::SharedWorld world(1);
  harness::script::ScenarioEnv env{
      &world,
      client,
      fixtures,
      harness::script::kDefaultProjectId,
      {.max_instructions = 200'000, .case_timeout = std::chrono::milliseconds(2000), .max_memory = 8u << 20}};
  const auto suite = harness::script::run_scenario(scenario_file(), env);
  if (suite.file != scenario_file()) std::abort();
  return 0;
}
