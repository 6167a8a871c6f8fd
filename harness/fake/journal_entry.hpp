#pragma once
// A journal entry two ways: JournalEntry, the plain value its readers take apart, and PackedEntry, how the
// journal keeps it (the whole entry in one heap block, read through views). A full journal of 10,000 entries
// held as JournalEntry values in a deque took ~4.2 MB (176 B inline, a deque block shared by two, the target
// and the headers each a block of their own); packed it is under half of that.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "harness/fake/http_message.hpp"

namespace harness::fake {

// Request headers packed into bytes: each name and value as its length (LEB128: one byte below 128) and its
// bytes. Iterating yields (name, value) pairs of strings, in order.
class PackedHeadersView {
 public:
  class const_iterator {
   public:
    using value_type = std::pair<std::string, std::string>;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = value_type;
    using iterator_category = std::input_iterator_tag;
    const_iterator() = default;
    explicit const_iterator(const char* at) : at_(at) {}
    value_type operator*() const;
    const_iterator& operator++();
    const_iterator operator++(int) {
      auto old = *this;
      ++*this;
      return old;
    }
    bool operator==(const const_iterator& other) const { return at_ == other.at_; }
    bool operator!=(const const_iterator& other) const { return at_ != other.at_; }

   private:
    const char* at_ = nullptr;
  };
  using iterator = const_iterator;

  PackedHeadersView() = default;
  explicit PackedHeadersView(std::string_view packed) : packed_(packed) {}
  const_iterator begin() const { return const_iterator(packed_.data()); }
  const_iterator end() const { return const_iterator(packed_.data() + packed_.size()); }
  bool empty() const { return packed_.empty(); }
  std::size_t bytes() const { return packed_.size(); }  // about what the names and values take as text
  std::string_view packed() const { return packed_; }
  HeaderList list() const { return HeaderList(begin(), end()); }
  bool holds(const HeaderList& headers) const;  // the same names and values in the same order, no copy

 private:
  std::string_view packed_;
};

// The same bytes owned: one allocation for all the headers instead of one per long name or value.
class PackedHeaders {
 public:
  using const_iterator = PackedHeadersView::const_iterator;
  using iterator = const_iterator;

  PackedHeaders() = default;
  PackedHeaders(
      const HeaderList& headers);  // NOLINT(google-explicit-constructor): JournalEntry{..., headers}
  explicit PackedHeaders(PackedHeadersView view) : packed_(view.packed()) {}

  PackedHeadersView view() const { return PackedHeadersView(packed_); }
  const_iterator begin() const { return view().begin(); }
  const_iterator end() const { return view().end(); }
  bool empty() const { return packed_.empty(); }
  std::size_t bytes() const { return packed_.size(); }
  HeaderList list() const { return view().list(); }
  friend bool operator==(const PackedHeaders& a, const HeaderList& b) { return a.list() == b; }
  friend bool operator==(const PackedHeaders& a, const PackedHeaders& b) { return a.packed_ == b.packed_; }

  // What PackedHeaders(headers) holds, written at `out` (packed_size(headers) bytes); returns the end.
  static std::size_t packed_size(const HeaderList& headers);
  static char* pack(const HeaderList& headers, char* out);

 private:
  std::string packed_;
};

struct JournalEntry {
  std::int64_t time_ms = 0;  // on the world's clock
  std::string method;
  std::string target;  // path and query as received
  PackedHeaders headers;
  std::string body;
  int status = 0;             // what was answered (0: no answer, e.g. a reset)
  int fault = 0;              // 1-based index of the fault that answered it, 0 for none
  std::string served_states;  // Response::served_states: the job (and sub-job) states served, if any
};

class PackedEntryView;

// The parts of one entry, to be packed: where the journal and PackedEntry write an entry from.
struct EntryParts {
  std::int64_t time_ms = 0;
  std::string_view method;
  std::string_view target;
  const HeaderList* headers = nullptr;  // the headers as received, or else already packed:
  std::string_view packed_headers;
  std::string_view body;
  int status = 0;
  int fault = 0;
  std::string_view served_states;
  // Set by the journal: > 0 when the same header bytes lie that many bytes before where this entry is
  // written, in the same chunk; the entry then refers to them instead of holding a copy.
  std::size_t shared_headers_back = 0;

  static EntryParts of(const JournalEntry& entry);
  static EntryParts of(const PackedEntryView& entry);  // its headers as bytes of its own, not shared
  std::size_t size() const;                            // of the packed bytes
  void write(char* out) const;                         // size() bytes
};

// A packed entry read in place: time_ms, status and fault as zigzag LEB128 numbers, then method, target,
// headers, body and served states, each as its LEB128 length and its bytes (no alignment asked of the
// bytes). The headers' length is doubled, plus 1 when they are shared: then instead of the bytes comes
// how far before the entry's first byte they lie (EntryParts::shared_headers_back).
class PackedEntryView {
 public:
  explicit PackedEntryView(const char* at) : at_(at) {}
  std::int64_t time_ms() const;
  int status() const;
  int fault() const;
  std::string_view method() const { return text(kMethod); }
  std::string_view target() const { return text(kTarget); }
  PackedHeadersView headers() const { return PackedHeadersView(text(kHeaders)); }
  std::string_view body() const { return text(kBody); }
  std::string_view served_states() const { return text(kServedStates); }
  std::size_t size() const;  // of the packed bytes, shared headers by their reference
  const char* data() const { return at_; }

  JournalEntry unpack() const;

 private:
  enum Text : std::size_t { kMethod, kTarget, kHeaders, kBody, kServedStates, kTexts };
  std::string_view text(std::size_t which) const;

  const char* at_;
};

// A packed entry that owns its bytes (one block, its headers included): an entry apart from its journal.
class PackedEntry {
 public:
  explicit PackedEntry(PackedEntryView view);
  PackedEntry(const PackedEntry& other) : PackedEntry(other.view()) {}
  PackedEntry& operator=(const PackedEntry& other) { return *this = PackedEntry(other); }
  PackedEntry(PackedEntry&&) noexcept = default;
  PackedEntry& operator=(PackedEntry&&) noexcept = default;
  ~PackedEntry() = default;

  PackedEntryView view() const { return PackedEntryView(block_.get()); }

 private:
  std::unique_ptr<char[]> block_;
};

}  // namespace harness::fake
