#include "harness/report/junit_read.hpp"

#include <pugixml.hpp>
#include <stdexcept>

namespace harness::report {
namespace {

double number(const pugi::xml_attribute& attribute) {
  return attribute ? attribute.as_double() : 0.0;
}

// <system-out> holds "--- case: NAME ---" then that case's output, for the cases that had any, in order.
void split_output(const std::string& text, SuiteResult& suite) {
  std::size_t at = 0;
  CaseResult* current = nullptr;
  std::size_t from = 0;
  for (auto& result : suite.cases) {
    const std::string header = "--- case: " + result.name + " ---\n";
    const auto found = text.find(header, at);
    if (found == std::string::npos) continue;
    if (current) current->output = text.substr(from, found - from);
    current = &result;
    from = found + header.size();
    at = from;
  }
  if (current) current->output = text.substr(from);
}

}  // namespace

RunResult read_junit(const std::filesystem::path& path) {
  pugi::xml_document doc;
  const auto loaded = doc.load_file(path.c_str(), pugi::parse_default | pugi::parse_cdata);
  if (!loaded)
    throw std::runtime_error(path.string() + ": not a readable XML report (" + loaded.description() +
                             " at byte " + std::to_string(loaded.offset) + ")");
  RunResult run;
  const auto top = doc.document_element();
  std::vector<pugi::xml_node> suites;
  if (std::string(top.name()) == "testsuite")
    suites.push_back(top);
  else if (std::string(top.name()) == "testsuites")
    for (auto suite : top.children("testsuite")) suites.push_back(suite);
  else
    throw std::runtime_error(path.string() + ": the root element is <" + top.name() + ">, not <testsuites>");
  for (const auto& node : suites) {
    SuiteResult suite;
    suite.file = node.attribute("name").value();
    suite.timestamp = node.attribute("timestamp").value();
    suite.seconds = number(node.attribute("time"));
    for (auto property : node.child("properties").children("property")) {
      const std::string name = property.attribute("name").value();
      const std::string value = property.attribute("value").value();
      if (name == "scenario.file") suite.file = value;
      if (name == "harness.seed") run.seed = std::strtoull(value.c_str(), nullptr, 10);
      suite.properties.emplace_back(name, value);
    }
    for (auto testcase : node.children("testcase")) {
      CaseResult result;
      result.name = testcase.attribute("name").value();
      result.seconds = number(testcase.attribute("time"));
      for (const auto& [element, outcome] :
           {std::pair{"failure", Outcome::failed}, std::pair{"error", Outcome::errored},
            std::pair{"skipped", Outcome::skipped}}) {
        if (auto child = testcase.child(element)) {
          result.outcome = outcome;
          result.type = child.attribute("type").value();
          result.message = child.attribute("message").value();
          result.detail = child.text().get();
        }
      }
      suite.cases.push_back(std::move(result));
    }
    split_output(node.child("system-out").text().get(), suite);
    run.seconds += suite.seconds;
    run.suites.push_back(std::move(suite));
  }
  return run;
}

}  // namespace harness::report
