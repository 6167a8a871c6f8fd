#include "harness/report/junit_merge.hpp"

#include <map>
#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>

namespace harness::report {

std::string merge_junit(const std::vector<std::filesystem::path>& inputs) {
  pugi::xml_document merged;
  auto declaration = merged.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  auto root = merged.append_child("testsuites");
  std::map<std::string, std::string> seen;  // suite name -> the input it came from
  int id = 0;
  for (const auto& input : inputs) {
    pugi::xml_document doc;
    const auto loaded = doc.load_file(input.c_str(), pugi::parse_default | pugi::parse_cdata);
    if (!loaded)
      throw std::runtime_error(input.string() + ": not a readable XML report (" + loaded.description() +
                               " at byte " + std::to_string(loaded.offset) + ")");
    const auto top = doc.document_element();
    std::vector<pugi::xml_node> suites;
    if (std::string(top.name()) == "testsuite") {
      suites.push_back(top);
    } else if (std::string(top.name()) == "testsuites") {
      for (auto suite : top.children("testsuite")) suites.push_back(suite);
    } else {
      throw std::runtime_error(input.string() + ": the root element is <" + top.name() +
                               ">, not <testsuites> or <testsuite>");
    }
    for (auto suite : suites) {
      const std::string name = suite.attribute("name").value();
      if (auto [it, fresh] = seen.emplace(name, input.string()); !fresh)
        throw std::runtime_error(input.string() + ": the suite \"" + name + "\" is also in " + it->second +
                                 " (a scenario run in two shards would be counted twice)");
      auto copy = root.append_copy(suite);
      if (auto attribute = copy.attribute("id")) attribute.set_value(id);
      ++id;
    }
  }
  std::ostringstream out;
  merged.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace harness::report
