#pragma once
// The fixed parts of the HTML report: its style sheet and its script (html_page.cpp), kept apart from the
// writer so each stays readable.
namespace harness::report {

extern const char* const kHtmlStyle;
extern const char* const kHtmlScript;

}  // namespace harness::report
