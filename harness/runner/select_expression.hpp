#pragma once
// The expressions of -k and --tag: words joined by `and`, `or`, `not` and parentheses, as pytest's -k.
//
//   sdrs and not (paging or "time out")
//
// Precedence: not, then and, then or. Words next to each other form one term with single spaces ("unknown
// job"); a quoted term ("..." or '...') may hold spaces, parentheses and the keywords. The keywords are
// lower case; what a term means (a substring of a title, a tag) is up to the caller of matches().
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace harness::runner {

// A malformed expression; column() is the 1-based position in the text the message speaks of.
class ExpressionError : public std::runtime_error {
 public:
  ExpressionError(const std::string& message, std::size_t column)
      : std::runtime_error(message), column_(column) {}
  std::size_t column() const { return column_; }

 private:
  std::size_t column_;
};

class SelectExpression {
 public:
  // Throws ExpressionError: "expected a word, 'not' or '(' at column 9 (the end)".
  static SelectExpression parse(std::string_view text);

  // Evaluates with `term_holds` deciding each term.
  bool matches(const std::function<bool(const std::string& term)>& term_holds) const;

  struct Node;

 private:
  explicit SelectExpression(std::shared_ptr<const Node> root) : root_(std::move(root)) {}
  std::shared_ptr<const Node> root_;
};

}  // namespace harness::runner

namespace harness::runner {

using CaseFilter = std::function<bool(const std::string& file, const std::string& title,
                                      const std::vector<std::string>& case_tags)>;

// -k and --tag together: a case runs when one of the -k expressions holds (a term holds when it is part of
// the case's title or file path, ignoring case) and one of the --tag expressions holds (a term holds when it
// is one of the case's tags). Empty lists: no condition; both empty: an empty function. A malformed
// expression throws ConfigError: `-k "sdrs and": expected a word, 'not' or '(' at column 10, found the end`.
CaseFilter case_filter(const std::vector<std::string>& keywords, const std::vector<std::string>& tags);

}  // namespace harness::runner
