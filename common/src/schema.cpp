#include "fahras/schema.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "fahras/error.h"

namespace fahras::schema {
namespace {

// Xapian refuses terms over 245 bytes. Keep whole terms up to this size; hash longer ones.
constexpr std::size_t kMaxUniqueTermBytes = 240;
constexpr std::size_t kKeptPrefixBytes = 200;
// Metadata keys: Xapian advises 200 bytes at most. Paths up to kMaxWholePathBytes are kept whole;
// longer ones keep a prefix of at least kKeptPathBytes - 3 (a UTF-8 sequence is not cut).
constexpr std::size_t kMaxWholePathBytes = 180;
constexpr std::size_t kKeptPathBytes = 150;

std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Cuts `s` to at most `n` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string hex16(std::uint64_t h) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string(hex, 16);
}

std::string hashed_term(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (prefix.size() + value.size() <= kMaxUniqueTermBytes) {
    term += value;
    return term;
  }
  term += utf8_prefix(value, kKeptPrefixBytes);
  term += '#';
  term += hex16(fnv1a64(value));
  return term;
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Reads one space-terminated number from the front of `s`, in `base`.
template <typename T>
bool take_number(std::string_view& s, T& out, int base = 10) {
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out, base);
  if (ec != std::errc() || ptr == end || *ptr != ' ') return false;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()) + 1);
  return true;
}

std::string get_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string unique_id_term(std::string_view id) { return hashed_term(kIdPrefix, id); }

std::string file_term(std::string_view path) { return hashed_term(kFilePrefix, path); }

std::uint64_t content_hash(std::string_view bytes) { return fnv1a64(bytes); }

std::string body_key(const Article& article) {
  const std::string& text = article.body.empty() ? article.abstract : article.body;
  std::string folded;
  folded.reserve(text.size());
  for (char c : text) {
    if (!is_ascii_space(c)) {
      folded += c;
    } else if (!folded.empty() && folded.back() != ' ') {
      folded += ' ';
    }
  }
  if (!folded.empty() && folded.back() == ' ') folded.pop_back();
  return folded.empty() ? std::string() : hex16(fnv1a64(folded));
}

std::string file_state_key(std::string_view path) {
  std::string key(kFileStatePrefix);
  if (path.size() <= kMaxWholePathBytes) {
    key += path;
  } else {
    key += utf8_prefix(path, kKeptPathBytes);
    key += '#';
    key += hex16(fnv1a64(path));
  }
  return key;
}

std::string file_state_key_prefix(std::string_view path_prefix) {
  // Every key of a path starting with path_prefix holds at least its first kKeptPathBytes - 3 bytes.
  return prefixed(kFileStatePrefix,
                  path_prefix.substr(0, std::min(path_prefix.size(), kKeptPathBytes - 3)));
}

std::string encode_file_state(const FileState& s) {
  std::string value = "2 ";
  value += std::to_string(s.size);
  value += ' ';
  value += std::to_string(s.mtime_ns);
  value += ' ';
  value += std::to_string(s.ctime_ns);
  value += ' ';
  value += hex16(s.hash);
  value += ' ';
  value += std::to_string(s.articles);
  value += ' ';
  value += s.path;
  return value;
}

std::optional<FileState> decode_file_state(std::string_view value) {
  if (!value.starts_with("2 ")) return std::nullopt;
  value.remove_prefix(2);
  FileState s;
  if (!take_number(value, s.size) || !take_number(value, s.mtime_ns) ||
      !take_number(value, s.ctime_ns) || !take_number(value, s.hash, 16) ||
      !take_number(value, s.articles) || value.empty()) {
    return std::nullopt;
  }
  s.path = std::string(value);
  return s;
}

std::string encode_article(const Article& a) {
  nlohmann::json j = {
      {"id", a.id},         {"title", a.title},   {"abstract", a.abstract}, {"body", a.body},
      {"source", a.source}, {"category", a.category}, {"author", a.author}, {"url", a.url},
      {"path", a.path},     {"record", a.record},
  };
  if (a.date) j["date"] = *a.date;
  if (!a.raw_date.empty()) j["raw_date"] = a.raw_date;
  // Readers hand over valid UTF-8; replace rather than throw should one slip through.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Article decode_article(std::string_view data) {
  nlohmann::json j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("id")) {
    throw Error(Error::Kind::kDatabase, "document data is not a Fahras article (wrong database?)");
  }
  Article a;
  a.id = get_string(j, "id");
  a.title = get_string(j, "title");
  a.abstract = get_string(j, "abstract");
  a.body = get_string(j, "body");
  a.source = get_string(j, "source");
  a.category = get_string(j, "category");
  a.author = get_string(j, "author");
  a.url = get_string(j, "url");
  a.path = get_string(j, "path");
  a.raw_date = get_string(j, "raw_date");
  if (auto it = j.find("record"); it != j.end() && it->is_number_unsigned()) {
    a.record = it->get<std::uint32_t>();
  }
  if (auto it = j.find("date"); it != j.end() && it->is_number_integer()) {
    a.date = it->get<std::int64_t>();
  }
  return a;
}

}  // namespace fahras::schema
