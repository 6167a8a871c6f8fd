#pragma once
// A case's text (what it printed and its HTTP transcripts, client::Exchange::transcript) as HTML: request and
// response heads as tables, JSON bodies pretty-printed and folded, the values at violations' JSON pointers
// marked.
#include <string>
#include <string_view>
#include <vector>

namespace harness::report {

// The JSON pointers of a schema failure's violation lines ("  /job_id: 42 is a number, ...").
std::vector<std::string> violation_pointers(std::string_view detail);

// JSON text pretty-printed as HTML, the values at `pointers` inside <mark class="ptr">; nullopt-like empty
// string when `body` is not JSON.
std::string json_body_html(std::string_view body, const std::vector<std::string>& pointers);

// Appends `text` as HTML: each transcript found in it as an exchange block, everything else as plain lines.
void append_transcripts_html(std::string& out, std::string_view text,
                             const std::vector<std::string>& pointers);

}  // namespace harness::report
