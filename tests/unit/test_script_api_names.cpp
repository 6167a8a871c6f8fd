// The Lua surface, its LuaLS annotation file, its reference page and luacheck's globals (.luacheckrc) name
// the same functions.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "harness/client/http_client.hpp"
#include "harness/contract/fixture_store.hpp"
#include "harness/fake/server.hpp"
#include "harness/fake/world.hpp"
#include "harness/script/scenario.hpp"

namespace {

const std::filesystem::path kSource = HARNESS_SOURCE_DIR;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The names a scenario sees beyond Lua's own: printed by a scenario into its output, one per line.
std::set<std::string> registered_names() {
  const auto file =
      std::filesystem::temp_directory_path() / ("harness-names-" + std::to_string(::getpid()) + ".lua");
  std::ofstream(file) << R"(
local standard = {}
for name in ("assert error ipairs next pairs pcall rawequal rawget rawlen rawset select setmetatable getmetatable "
  .. "tonumber tostring type xpcall warn collectgarbage _G _VERSION string table math utf8"):gmatch("%S+") do
  standard[name] = true
end
case("names", function()
  for name, value in pairs(_G) do
    if not standard[name] then
      if type(value) == "table" then
        for inner, member in pairs(value) do
          if type(member) == "table" then
            for innermost in pairs(member) do print(name .. "." .. inner .. "." .. innermost) end
          else
            print(name .. "." .. inner)
          end
        end
      else
        print(name)
      end
    end
  end
end)
)";
  harness::fake::SharedWorld world;
  harness::fake::FakeServer server(world, {});
  harness::client::HttpClient client({"http", "127.0.0.1", server.port()});
  harness::contract::FixtureStore fixtures(kSource / "fixtures");
  harness::script::ScenarioEnv env{&world, client, fixtures, harness::script::kDefaultProjectId, {}};
  auto suite = harness::script::run_scenario(file.string(), env);
  std::filesystem::remove(file);
  EXPECT_EQ(suite.cases.size(), 1u);
  std::set<std::string> names;
  std::istringstream lines(suite.cases.at(0).output);
  for (std::string line; std::getline(lines, line) && !line.empty();) names.insert(line);
  return names;
}

std::set<std::string> annotated_names() {
  const std::string text = read(kSource / "scenarios" / "harness.d.lua");
  std::set<std::string> names;
  const std::regex declaration(R"(^(?:function ([A-Za-z_][\w.]*)\(|([a-z_]\w*) = [^{]))",
                               std::regex::multiline);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), declaration); it != std::sregex_iterator();
       ++it) {
    std::string name = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
    if (name.find("Expectation.") == 0) continue;  // methods of expect()'s result, not globals
    names.insert(name);
  }
  return names;
}

// The names `read_globals` of .luacheckrc declares: its strings, with the tables they sit in as prefixes
// ("fake.clock.advance" from fake = { fields = { clock = { fields = { "advance" } } } }).
std::set<std::string> luacheck_names() {
  const std::string text = read(kSource / ".luacheckrc");
  const auto start = text.find("read_globals = {");
  EXPECT_NE(start, std::string::npos) << ".luacheckrc has no read_globals table";
  if (start == std::string::npos) return {};
  const std::regex token(R"re((\w+)\s*=\s*\{|"([^"]*)"|(\{)|(\}))re");
  std::vector<std::string> prefix;  // one entry per open brace; "" for braces that name nothing
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(text.begin() + start, text.end(), token); it != std::sregex_iterator();
       ++it) {
    const auto& match = *it;
    if (match[1].matched) {
      const std::string table = match[1].str();
      prefix.push_back(table == "fields" || table == "read_globals" ? "" : table);
    } else if (match[2].matched) {
      std::string name;
      for (const auto& part : prefix)
        if (!part.empty()) name += part + ".";
      names.insert(name + match[2].str());
    } else if (match[3].matched) {
      prefix.push_back("");
    } else {
      prefix.pop_back();
      if (prefix.empty()) break;  // the end of read_globals
    }
  }
  return names;
}

TEST(LuaApiNames, LuacheckKnowsExactlyTheRegisteredNames) {
  EXPECT_EQ(luacheck_names(), registered_names());
}

TEST(LuaApiNames, TheAnnotationFileDeclaresExactlyTheRegisteredNames) {
  const auto registered = registered_names();
  ASSERT_FALSE(registered.empty());
  EXPECT_TRUE(registered.count("fake.job"));
  EXPECT_EQ(annotated_names(), registered);
}

TEST(LuaApiNames, TheReferencePageDocumentsEveryRegisteredName) {
  const std::string page = read(kSource / "docs" / "lua-api.md");
  for (const auto& name : registered_names())
    EXPECT_NE(page.find("## `" + name), std::string::npos) << "docs/lua-api.md has no section for " << name;
}

}  // namespace
