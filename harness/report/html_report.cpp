#include "harness/report/html_report.hpp"

#include <cstdio>
#include <set>

#include "harness/report/atomic_file.hpp"
#include "harness/report/html_exchange.hpp"
#include "harness/report/html_page.hpp"
#include "harness/report/html_text.hpp"

namespace harness::report {
namespace {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed:
      return "passed";
    case Outcome::failed:
      return "failed";
    case Outcome::errored:
      return "errored";
    case Outcome::skipped:
      return "skipped";
  }
  return "passed";
}

const char* badge_text(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed:
      return "PASS";
    case Outcome::failed:
      return "FAIL";
    case Outcome::errored:
      return "ERROR";
    case Outcome::skipped:
      return "SKIP";
  }
  return "PASS";
}

std::string seconds_text(double seconds) {
  char text[32];
  if (seconds < 1)
    std::snprintf(text, sizeof text, "%.0f ms", seconds * 1000);
  else
    std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

// "scenarios/x.lua:12" from a message that begins "scenarios/x.lua:12: ...", else "" (by hand: a std::regex
// per case costs more than the rest of the page).
std::string location(const std::string& message) {
  const auto line_end = message.find('\n');
  const auto lua = message.find(".lua:");
  if (lua == std::string::npos || lua > line_end) return {};
  std::size_t at = lua + 5;
  while (at < message.size() && at - lua - 5 < 9 && message[at] >= '0' && message[at] <= '9') ++at;
  if (at == lua + 5 || at >= message.size() || message[at] != ':') return {};
  return message.substr(0, at);
}

void append_case(std::string& out, const SuiteResult& suite, const CaseResult& result, std::size_t id) {
  const bool problem = result.outcome == Outcome::failed || result.outcome == Outcome::errored;
  const char* outcome = outcome_name(result.outcome);
  out += "<details class=\"case " + std::string(outcome) + "\" data-outcome=\"" + outcome + "\" id=\"case-" +
         std::to_string(id) + "\" data-text=\"";
  append_html(out, result.name + "\n" + suite.file + "\n" + result.message);
  out += problem ? "\" open><summary>" : "\"><summary>";
  out += "<span class=\"badge " + std::string(outcome) + "\">" + badge_text(result.outcome) + "</span> ";
  out += "<span class=\"title\">";
  append_html(out, result.name);
  out += "</span> ";
  if (const auto loc = location(result.message); !loc.empty()) {
    out += "<span class=\"loc\">";
    append_html(out, loc);
    out += "</span> ";
  } else {
    out += "<span class=\"file\">";
    append_html(out, suite.file);
    out += "</span> ";
  }
  out += "<span class=\"time\">(" + seconds_text(result.seconds) + ")</span></summary>";
  if (!result.message.empty()) {
    out += "<pre class=\"message\">";
    append_html(out, result.message);
    out += "</pre>";
  }
  if (problem && !result.detail.empty() && result.detail != result.message) {
    const auto pointers = violation_pointers(result.detail);
    std::string detail = result.detail;
    if (detail.rfind(result.message, 0) == 0) detail.erase(0, result.message.size());
    out += "<div class=\"detail\">";
    append_transcripts_html(out, detail, pointers);
    out += "</div>";
  }
  if (!result.output.empty()) {
    out += problem ? "<details class=\"output\"><summary>everything the case printed and sent</summary>"
                   : "<details class=\"output\" open><summary>what the case printed and sent</summary>";
    append_transcripts_html(out, result.output, {});
    out += "</details>";
  }
  out += "</details>\n";
}

void append_summary(std::string& out, const RunResult& run, const HtmlInfo& info) {
  const Totals t = totals(run);
  out += "<table class=\"summary\" id=\"summary\"><tr><th>result</th><td class=\"counts\">";
  out += "<span class=\"passed\" id=\"count-passed\">" + std::to_string(t.passed()) + " passed</span>";
  out += "<span class=\"failed\" id=\"count-failed\">" + std::to_string(t.failures) + " failed</span>";
  out += "<span class=\"errored\" id=\"count-errored\">" + std::to_string(t.errors) + " errored</span>";
  out += "<span class=\"skipped\" id=\"count-skipped\">" + std::to_string(t.skipped) + " skipped</span>";
  out += "<span id=\"count-tests\">" + std::to_string(t.tests) + " cases</span></td></tr>";
  out += "<tr><th>files</th><td>" + std::to_string(run.suites.size()) + "</td></tr>";
  out += "<tr><th>time</th><td>" + seconds_text(run.seconds) + "</td></tr>";
  out += "<tr><th>seed</th><td>" + std::to_string(run.seed) + "</td></tr>";
  out += "<tr><th>filters</th><td>";
  append_html(out, info.filters.empty() ? "none" : info.filters);
  out += "</td></tr><tr><th>command</th><td><code>";
  append_html(out, info.command_line);
  out += "</code></td></tr>";
  if (!run.interrupted.empty()) {
    out += "<tr><th>stopped</th><td class=\"errored\">";
    append_html(out, run.interrupted + ": the run stopped early");
    out += "</td></tr>";
  }
  out += "</table>\n";
}

template <typename Map>
void append_count_row(std::string& out, const char* title, const Map& counts, const char* kind) {
  out += "<table class=\"grid\" id=\"grid-" + std::string(kind) + "\"><tr><th class=\"ep\">";
  out += title;
  out += "</th>";
  for (const auto& entry : counts) {
    out += "<th>";
    append_html(out, entry.first);
    out += "</th>";
  }
  out += "</tr><tr><td></td>";
  for (const auto& [name, count] : counts) {
    out += std::string("<td class=\"cell ") + (count > 0 ? "hit" : "miss") + "\" data-" + kind + "=\"";
    append_html(out, name);
    out += "\">" + std::to_string(count) + "</td>";
  }
  out += "</tr></table>\n";
}

void append_coverage(std::string& out, const Coverage& coverage) {
  out += "<section id=\"coverage\"><h2>Contract coverage</h2>\n";
  if (!coverage.collected) {
    out += "<p>No coverage was collected: no fake answered this run.</p></section>\n";
    return;
  }
  std::set<int> columns;
  std::size_t documented = 0, hit = 0;
  for (const auto& [id, endpoint] : coverage.endpoints)
    for (const auto& [status, count] : endpoint.statuses) {
      columns.insert(status);
      ++documented;
      hit += count > 0;
    }
  out += "<p id=\"coverage-summary\">" + std::to_string(hit) + " of " + std::to_string(documented) +
         " documented statuses answered by the fake" + (hit == documented ? " (full status coverage)" : "") +
         "; " + std::to_string(coverage.requests) + " requests read from the journals";
  if (coverage.journal_dropped > 0)
    out += ", " + std::to_string(coverage.journal_dropped) + " dropped by a full journal (not counted)";
  out +=
      ". A red cell is a documented status never answered; a yellow one an answered status the table "
      "does not list.</p>\n";
  out += "<table class=\"grid\" id=\"grid-statuses\"><tr><th class=\"ep\">endpoint</th>";
  for (const int status : columns) out += "<th>" + std::to_string(status) + "</th>";
  out += "<th>other statuses</th><th>query parameters</th></tr>\n";
  for (const auto& [id, endpoint] : coverage.endpoints) {
    out += "<tr><th class=\"ep\">";
    append_html(out, endpoint.service + " " + endpoint.key);
    out += "</th>";
    for (const int status : columns) {
      const auto found = endpoint.statuses.find(status);
      if (found == endpoint.statuses.end()) {
        out += "<td class=\"na\"></td>";
        continue;
      }
      out += std::string("<td class=\"cell ") + (found->second > 0 ? "hit" : "miss") + "\" data-endpoint=\"";
      append_html(out, endpoint.service + " " + endpoint.key);
      out += "\" data-status=\"" + std::to_string(status) + "\">" + std::to_string(found->second) + "</td>";
    }
    out += endpoint.undocumented.empty() ? "<td>" : "<td class=\"extra\">";
    for (const auto& [status, count] : endpoint.undocumented)
      out += std::to_string(status) + "&times;" + std::to_string(count) + " ";
    out += "</td><td>";
    for (const auto& [name, count] : endpoint.query) {
      append_html(out, name);
      out += "&times;" + std::to_string(count) + " ";
    }
    out += "</td></tr>\n";
  }
  out += "</table>\n";
  append_count_row(out, "fault kinds delivered", coverage.faults, "fault");
  append_count_row(out, "job states served", coverage.job_states, "state");
  append_count_row(out, "sub-job states served", coverage.sub_job_states, "substate");
  out += "</section>\n";
}

}  // namespace

std::string write_html(const RunResult& run, const HtmlInfo& info) {
  std::string out;
  out.reserve(1 << 16);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'\">"
      "<meta name=\"viewport\" content=\"width=device-width\"><title>harness report</title><style>";
  out += kHtmlStyle;
  out += "</style></head><body>\n<h1>harness report</h1>\n";
  append_summary(out, run, info);
  out +=
      "<nav class=\"controls\" id=\"controls\" hidden>"
      "<label><input type=\"checkbox\" value=\"failed\" checked> failed</label>"
      "<label><input type=\"checkbox\" value=\"errored\" checked> errored</label>"
      "<label><input type=\"checkbox\" value=\"passed\" checked> passed</label>"
      "<label><input type=\"checkbox\" value=\"skipped\" checked> skipped</label>"
      "<input type=\"search\" id=\"search\" placeholder=\"search titles, files, messages\"> "
      "<span id=\"shown\"></span></nav>\n";
  std::size_t id = 0, problems = 0, others = 0;
  for (const auto& suite : run.suites)
    for (const auto& result : suite.cases)
      (result.outcome == Outcome::failed || result.outcome == Outcome::errored ? problems : others) += 1;
  out += "<section id=\"problems\"><h2>Failures and errors (" + std::to_string(problems) + ")</h2>\n";
  for (const auto& suite : run.suites)
    for (const auto& result : suite.cases) {
      ++id;
      if (result.outcome == Outcome::failed || result.outcome == Outcome::errored)
        append_case(out, suite, result, id);
    }
  if (problems == 0) out += "<p>None: every case that ran passed.</p>\n";
  out += "</section>\n";
  append_coverage(out, run.coverage);
  out += "<section id=\"others\"><h2>Passed and skipped (" + std::to_string(others) + ")</h2>\n";
  id = 0;
  for (const auto& suite : run.suites)
    for (const auto& result : suite.cases) {
      ++id;
      if (result.outcome == Outcome::passed || result.outcome == Outcome::skipped)
        append_case(out, suite, result, id);
    }
  out += "</section>\n<script>";
  out += kHtmlScript;
  out += "</script></body></html>\n";
  return out;
}

void HtmlReporter::run_ended(const RunResult& run) {
  write_file_atomically(path_, write_html(run, info_));
}

}  // namespace harness::report
