#include "harness/report/junit_writer.hpp"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <pugixml.hpp>
#include <string_view>

#include "harness/report/atomic_file.hpp"
#include "harness/report/bounded_text.hpp"
#include "harness/report/suite_output.hpp"
#include "harness/report/text.hpp"

namespace harness::report {
namespace {

// pugixml's output, handed on piece by piece.
class SinkWriter : public pugi::xml_writer {
 public:
  explicit SinkWriter(const JunitSink& sink) : sink_(sink) {}
  void write(const void* data, std::size_t size) override {
    sink_(std::string_view(static_cast<const char*>(data), size));
  }

 private:
  const JunitSink& sink_;
};

// xs:decimal seconds with three decimals: never a unit, never negative, never "nan" or "inf"; the C++
// formatting ignores the locale, so the decimal separator is always '.'.
std::string seconds_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, seconds, std::chars_format::fixed, 3);
  if (ec != std::errc()) return "0.000";
  return std::string(buffer, end);
}

std::string now_utc_timestamp() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{now - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buffer;
}

// The schema wants an xs:dateTime matching YYYY-MM-DDTHH:MM:SS exactly (no zone, no fraction). A longer value
// such as "2025-01-31T12:00:00.5Z" is cut to its first 19 characters; anything else falls back to now (UTC).
std::string timestamp_text(std::string_view given) {
  if (given.size() >= 19) {
    const std::string_view t = given.substr(0, 19);
    auto number = [&](std::size_t pos, std::size_t len, int& value) {
      const auto [p, ec] = std::from_chars(t.data() + pos, t.data() + pos + len, value);
      return ec == std::errc() && p == t.data() + pos + len && t[pos] != '-' && t[pos] != '+';
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const bool shape = t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' && t[16] == ':';
    if (shape && number(0, 4, y) && number(5, 2, mo) && number(8, 2, d) && number(11, 2, h) &&
        number(14, 2, mi) && number(17, 2, s) && y >= 1 && h < 24 && mi < 60 && s < 60 &&
        std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month(mo), std::chrono::day(d)}.ok()) {
      return std::string(t);
    }
  }
  return now_utc_timestamp();
}

std::string resolve_hostname(const JunitOptions& options) {
  std::string name = sanitize_token(options.hostname);
  if (name.empty()) {
    char buffer[256] = {};
    if (::gethostname(buffer, sizeof buffer - 1) == 0) name = sanitize_token(buffer);
  }
  return name.empty() ? "localhost" : name;
}

void set(pugi::xml_node node, const char* attribute, const std::string& value) {
  node.append_attribute(attribute).set_value(value.c_str());
}

void add_property(pugi::xml_node properties, std::string_view name, std::string_view value) {
  pugi::xml_node property = properties.append_child("property");
  std::string clean_name = sanitize_token(name);
  set(property, "name", clean_name.empty() ? "(unnamed)" : clean_name);
  set(property, "value", sanitize_text(value));
}

// <failure>, <error> or <skipped> for one case, or nothing when it passed.
void add_outcome(pugi::xml_node testcase, const CaseResult& result) {
  const char* element = nullptr;
  const char* default_type = nullptr;
  switch (result.outcome) {
    case Outcome::passed:
      return;
    case Outcome::failed:
      element = "failure";
      default_type = "failure";
      break;
    case Outcome::errored:
      element = "error";
      default_type = "error";
      break;
    case Outcome::skipped:
      element = "skipped";
      break;
  }
  pugi::xml_node node = testcase.append_child(element);
  const std::string message = sanitize_text(result.message);
  if (default_type != nullptr) {
    const std::string type = sanitize_token(result.type);
    set(node, "type", type.empty() ? default_type : type);
  }
  if (!message.empty()) set(node, "message", truncate_code_points(message, kMaxMessageAttribute));
  // The body is the full text; for a skipped case only when it says more than the message.
  const std::string body = keep_within(result.detail.empty() ? message : sanitize_text(result.detail));
  if (!body.empty() && (default_type != nullptr || body != message)) {
    node.append_child(pugi::node_pcdata).set_value(body.c_str());
  }
}

// <system-out>/<system-err>: CDATA keeps long output readable; pugixml splits any "]]>" in it into two
// sections.
void add_block(pugi::xml_node suite, const char* element, const std::string& text) {
  pugi::xml_node node = suite.append_child(element);
  if (!text.empty()) node.append_child(pugi::node_cdata).set_value(keep_within(text).c_str());
}

void add_suite(pugi::xml_node root, const SuiteResult& suite, int id, const std::string& hostname,
               std::uint64_t seed, const JunitOptions& options) {
  const Totals sum = totals(suite);
  std::string name = sanitize_token(dotted_name(suite.file));
  if (name.empty()) name = "(unnamed)";
  const std::string file = sanitize_text(suite.file);

  pugi::xml_node node = root.append_child("testsuite");
  set(node, "name", name);
  set(node, "package", sanitize_token(package_name(suite.file)));
  set(node, "id", std::to_string(id));
  set(node, "timestamp", timestamp_text(suite.timestamp));
  set(node, "hostname", hostname);
  set(node, "tests", std::to_string(sum.tests));
  set(node, "failures", std::to_string(sum.failures));
  set(node, "errors", std::to_string(sum.errors));
  set(node, "skipped", std::to_string(sum.skipped));
  set(node, "time", seconds_text(suite.seconds));

  pugi::xml_node properties = node.append_child("properties");
  add_property(properties, "harness.version", HARNESS_VERSION);
  add_property(properties, "harness.seed", std::to_string(seed));
  add_property(properties, "scenario.file", suite.file);
  for (const auto& [key, value] : suite.properties) add_property(properties, key, value);

  auto add_testcase = [&](const std::string& case_name, double seconds) {
    pugi::xml_node testcase = node.append_child("testcase");
    set(testcase, "name", case_name);
    set(testcase, "classname", name);
    set(testcase, "time", seconds_text(seconds));
    if (options.gitlab_file_attribute) set(testcase, "file", file);
    return testcase;
  };

  const std::vector<std::string> names = unique_case_names(suite);
  for (std::size_t i = 0; i < suite.cases.size(); ++i)
    add_outcome(add_testcase(names[i], suite.cases[i].seconds), suite.cases[i]);
  if (load_failed(suite)) {
    CaseResult load;
    load.outcome = Outcome::errored;
    load.type = "load";
    load.message = std::string(first_line(suite.error_output));
    load.detail = suite.error_output;
    add_outcome(add_testcase("(scenario did not load)", suite.seconds), load);
  }
  if (suite.system_out) {  // folded as the cases ended (the passing ones may have dropped their output)
    add_block(node, "system-out", suite.system_out->text());
  } else {
    SuiteOutput out;
    for (const CaseResult& result : suite.cases) out.add(result.name, result.output);
    add_block(node, "system-out", out.text());
  }
  add_block(node, "system-err", sanitize_text(suite.error_output));
}

}  // namespace

std::vector<std::string> unique_case_names(const SuiteResult& suite) {
  std::vector<std::string> names;
  names.reserve(suite.cases.size());
  UniqueNames unique;
  for (const CaseResult& result : suite.cases) names.push_back(unique.next(result.name));
  return names;
}

void stream_junit(const RunResult& run, const JunitSink& sink, const JunitOptions& options) {
  // What pugixml writes for the whole document, written a suite at a time: only one suite's elements exist
  // at once. The strict schema allows no attribute on <testsuites>; the totals are on each <testsuite>.
  sink("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  if (run.suites.empty()) {
    sink("<testsuites />\n");
    return;
  }
  sink("<testsuites>\n");
  SinkWriter writer(sink);
  const std::string hostname = resolve_hostname(options);
  int id = 0;
  for (const SuiteResult& suite : run.suites) {
    pugi::xml_document doc;
    add_suite(doc, suite, id++, hostname, run.seed, options);
    doc.first_child().print(writer, "  ", pugi::format_indent, pugi::encoding_utf8, 1);
  }
  sink("</testsuites>\n");
}

std::string render_junit(const RunResult& run, const JunitOptions& options) {
  std::string xml;
  stream_junit(
      run, [&xml](std::string_view piece) { xml.append(piece); }, options);
  return xml;
}

void write_junit(const RunResult& run, const std::filesystem::path& path, const JunitOptions& options) {
  AtomicFileWriter file(path);
  stream_junit(
      run, [&file](std::string_view piece) { file.write(piece); }, options);
  file.commit();
}

}  // namespace harness::report
