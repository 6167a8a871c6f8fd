#pragma once
// An optional string in one pointer. std::optional<std::string> takes 40 bytes whether it is set or not; a
// job has four that are rarely set (error_code, fail_reason, begin_time, end_time), which cost a world of
// 10,000 jobs 1.6 MB of empty optionals. Reads as std::optional<std::string> does: if (text), *text,
// value_or.
#include <memory>
#include <optional>
#include <string>

namespace harness::fake {

class OptionalText {
 public:
  OptionalText() = default;
  OptionalText(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): text = std::nullopt
  OptionalText(std::string text)   // NOLINT(google-explicit-constructor): text = "SDRS.0406"
      : text_(std::make_unique<const std::string>(std::move(text))) {}
  OptionalText(const char* text) : OptionalText(std::string(text)) {}  // NOLINT(google-explicit-constructor)
  OptionalText(const OptionalText& other)
      : text_(other.text_ ? std::make_unique<const std::string>(*other.text_) : nullptr) {}
  OptionalText(OptionalText&&) noexcept = default;
  OptionalText& operator=(const OptionalText& other) {
    if (this != &other) text_ = other.text_ ? std::make_unique<const std::string>(*other.text_) : nullptr;
    return *this;
  }
  OptionalText& operator=(OptionalText&&) noexcept = default;

  explicit operator bool() const { return text_ != nullptr; }
  bool has_value() const { return text_ != nullptr; }
  const std::string& operator*() const { return *text_; }
  const std::string* operator->() const { return text_.get(); }
  std::string value_or(std::string fallback) const { return text_ ? *text_ : std::move(fallback); }
  void reset() { text_.reset(); }

  friend bool operator==(const OptionalText& a, const OptionalText& b) {
    return a.text_ ? b.text_ && *a.text_ == *b.text_ : !b.text_;
  }

 private:
  std::unique_ptr<const std::string> text_;
};

}  // namespace harness::fake
