#include "harness/runner/select_expression.hpp"

#include "harness/runner/runner.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace harness::runner {

struct SelectExpression::Node {
  enum class Kind { term, negation, both, either } kind = Kind::term;
  std::string term;
  std::unique_ptr<Node> left, right;
};

namespace {

using Node = SelectExpression::Node;

// Deeper nesting is a mistake, and a recursive parser must not run out of stack on a hostile argument.
constexpr int kMaxDepth = 100;

struct Token {
  enum class Kind { word, quoted, open, close, and_, or_, not_, end } kind;
  std::string text;
  std::size_t column;  // 1-based
};

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (i < text.size()) {
    const char c = text[i];
    const std::size_t column = i + 1;
    if (space(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Token::Kind::open : Token::Kind::close, std::string(1, c), column});
      ++i;
    } else if (c == '"' || c == '\'') {
      const std::size_t end = text.find(c, i + 1);
      if (end == std::string_view::npos)
        throw ExpressionError("the quote at column " + std::to_string(column) + " is never closed", column);
      tokens.push_back({Token::Kind::quoted, std::string(text.substr(i + 1, end - i - 1)), column});
      i = end + 1;
    } else {
      std::size_t end = i;
      while (end < text.size() && !space(text[end]) && text[end] != '(' && text[end] != ')' &&
             text[end] != '"' && text[end] != '\'')
        ++end;
      std::string word(text.substr(i, end - i));
      Token::Kind kind = word == "and"   ? Token::Kind::and_
                         : word == "or"  ? Token::Kind::or_
                         : word == "not" ? Token::Kind::not_
                                         : Token::Kind::word;
      tokens.push_back({kind, std::move(word), column});
      i = end;
    }
  }
  tokens.push_back({Token::Kind::end, "", text.size() + 1});
  return tokens;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::unique_ptr<Node> parse_all() {
    if (peek().kind == Token::Kind::end) throw ExpressionError("the expression is empty", 1);
    auto root = parse_or(0);
    if (peek().kind == Token::Kind::close)
      throw ExpressionError("')' at column " + std::to_string(peek().column) + " has no '('", peek().column);
    if (peek().kind != Token::Kind::end) fail("'and', 'or' or the end");
    return root;
  }

 private:
  const Token& peek() const { return tokens_[next_]; }
  const Token& take() { return tokens_[next_++]; }

  [[noreturn]] void fail(const std::string& wanted) const {
    const Token& at = peek();
    const std::string found = at.kind == Token::Kind::end ? "the end" : "\"" + at.text + "\"";
    throw ExpressionError(
        "expected " + wanted + " at column " + std::to_string(at.column) + ", found " + found, at.column);
  }

  static std::unique_ptr<Node> join(Node::Kind kind, std::unique_ptr<Node> left,
                                    std::unique_ptr<Node> right) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->left = std::move(left);
    node->right = std::move(right);
    return node;
  }

  std::unique_ptr<Node> parse_or(int depth) {
    auto left = parse_and(depth);
    while (peek().kind == Token::Kind::or_) {
      take();
      left = join(Node::Kind::either, std::move(left), parse_and(depth));
    }
    return left;
  }

  std::unique_ptr<Node> parse_and(int depth) {
    auto left = parse_not(depth);
    while (peek().kind == Token::Kind::and_) {
      take();
      left = join(Node::Kind::both, std::move(left), parse_not(depth));
    }
    return left;
  }

  std::unique_ptr<Node> parse_not(int depth) {
    if (depth > kMaxDepth)
      throw ExpressionError(
          "nested deeper than " + std::to_string(kMaxDepth) + " at column " + std::to_string(peek().column),
          peek().column);
    if (peek().kind == Token::Kind::not_) {
      take();
      return join(Node::Kind::negation, parse_not(depth + 1), nullptr);
    }
    if (peek().kind == Token::Kind::open) {
      const Token open = take();
      auto inside = parse_or(depth + 1);
      if (peek().kind != Token::Kind::close) {
        if (peek().kind == Token::Kind::end)
          throw ExpressionError("'(' at column " + std::to_string(open.column) + " is never closed",
                                open.column);
        fail("'and', 'or' or ')'");
      }
      take();
      return inside;
    }
    auto node = std::make_unique<Node>();
    if (peek().kind == Token::Kind::quoted) {
      node->term = take().text;
    } else if (peek().kind == Token::Kind::word) {
      node->term = take().text;
      while (peek().kind == Token::Kind::word) node->term += " " + take().text;  // "unknown job"
    } else {
      fail("a word, 'not' or '('");
    }
    return node;
  }

  std::vector<Token> tokens_;
  std::size_t next_ = 0;
};

bool evaluate(const Node& node, const std::function<bool(const std::string&)>& term_holds) {
  switch (node.kind) {
    case Node::Kind::term:
      return term_holds(node.term);
    case Node::Kind::negation:
      return !evaluate(*node.left, term_holds);
    case Node::Kind::both:
      return evaluate(*node.left, term_holds) && evaluate(*node.right, term_holds);
    case Node::Kind::either:
      return evaluate(*node.left, term_holds) || evaluate(*node.right, term_holds);
  }
  return false;
}

}  // namespace

SelectExpression SelectExpression::parse(std::string_view text) {
  return SelectExpression(Parser(tokenize(text)).parse_all());
}

bool SelectExpression::matches(const std::function<bool(const std::string& term)>& term_holds) const {
  return evaluate(*root_, term_holds);
}

}  // namespace harness::runner

namespace harness::runner {
namespace {

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::vector<SelectExpression> parse_each(const char* option, const std::vector<std::string>& texts) {
  std::vector<SelectExpression> parsed;
  for (const auto& text : texts) {
    try {
      parsed.push_back(SelectExpression::parse(text));
    } catch (const ExpressionError& e) {
      throw ConfigError(std::string(option) + " \"" + text + "\": " + e.what());
    }
  }
  return parsed;
}

}  // namespace

CaseFilter case_filter(const std::vector<std::string>& keywords, const std::vector<std::string>& tags) {
  if (keywords.empty() && tags.empty()) return {};
  auto by_name = parse_each("-k", keywords);
  auto by_tag = parse_each("--tag", tags);
  return [by_name, by_tag](const std::string& file, const std::string& title,
                           const std::vector<std::string>& case_tags) {
    const std::string title_lower = lower(title), file_lower = lower(file);
    const auto in_name = [&](const std::string& term) {
      const std::string want = lower(term);
      return title_lower.find(want) != std::string::npos || file_lower.find(want) != std::string::npos;
    };
    const auto tagged = [&](const std::string& term) {
      return std::find(case_tags.begin(), case_tags.end(), term) != case_tags.end();
    };
    const auto any = [](const std::vector<SelectExpression>& all, const auto& term_holds) {
      if (all.empty()) return true;
      return std::any_of(all.begin(), all.end(),
                         [&](const SelectExpression& e) { return e.matches(term_holds); });
    };
    return any(by_name, in_name) && any(by_tag, tagged);
  };
}

}  // namespace harness::runner
