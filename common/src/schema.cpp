#include "fahras/schema.h"

#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "fahras/error.h"

namespace fahras::schema {
namespace {

// Xapian refuses terms over 245 bytes. Keep whole terms up to this size; hash longer ones.
constexpr std::size_t kMaxUniqueTermBytes = 240;
constexpr std::size_t kKeptPrefixBytes = 200;

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

std::string hashed_term(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (prefix.size() + value.size() <= kMaxUniqueTermBytes) {
    term += value;
    return term;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(value)));
  term += utf8_prefix(value, kKeptPrefixBytes);
  term += '#';
  term += hex;
  return term;
}

std::string get_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string unique_id_term(std::string_view id) { return hashed_term(kIdPrefix, id); }

std::string file_term(std::string_view path) { return hashed_term(kFilePrefix, path); }

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
