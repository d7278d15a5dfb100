// JSON and JSON Lines readers, over nlohmann::json. Only nlohmann::json::exception is caught: the
// parser reports malformed input that way, and nothing else here is expected to throw.
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "reader_util.h"

namespace fahras::reader_detail {
namespace {

using Json = nlohmann::json;

// Unix seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years format_iso8601 can print.
constexpr std::int64_t kMinSeconds = -62135596800;
constexpr std::int64_t kMaxSeconds = 253402300799;

// Longest parser message kept in a skip reason or an error.
constexpr std::size_t kMaxMessageLength = 160;

// nlohmann's message without its "[json.exception.parse_error.101] " prefix, cut to a readable length
// (on a UTF-8 character boundary, since the message quotes the input). The quote ("last read: '...'")
// may itself stop inside a character, where the parser stopped: that partial character becomes U+FFFD.
std::string short_message(const Json::exception& e) {
  std::string_view message = e.what();
  if (message.starts_with('[')) {
    const std::size_t end = message.find("] ");
    if (end != std::string_view::npos) message.remove_prefix(end + 2);
  }
  if (message.size() > kMaxMessageLength) {
    std::size_t cut = kMaxMessageLength;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    std::string shortened = replace_invalid_utf8(message.substr(0, cut));
    shortened += "...";
    return shortened;
  }
  return replace_invalid_utf8(message);
}

// Sets `seconds` from a JSON number of Unix seconds. Returns false for numbers outside the years
// 1 to 9999 and for NaN.
bool seconds_from_number(const Json& value, std::int64_t& seconds) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<std::uint64_t>();
    if (unsigned_value > static_cast<std::uint64_t>(kMaxSeconds)) return false;
    seconds = static_cast<std::int64_t>(unsigned_value);
    return true;
  }
  if (value.is_number_integer()) {
    seconds = value.get<std::int64_t>();
    return seconds >= kMinSeconds && seconds <= kMaxSeconds;
  }
  const double floating = std::floor(value.get<double>());
  if (!(floating >= static_cast<double>(kMinSeconds) && floating <= static_cast<double>(kMaxSeconds))) {
    return false;
  }
  seconds = static_cast<std::int64_t>(floating);
  return true;
}

// Reads string field `key` of `object` into `out` (trimmed). Returns false when the field is present
// with a value other than a string or null.
bool read_string(const Json& object, const char* key, std::string& out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = std::string(trim(it->get_ref<const std::string&>()));
  return true;
}

// Fills `article` from one JSON object. Returns the reason to skip the record, or an empty string.
std::string fill_article(const Json& object, Article& article) {
  const auto not_string = [](std::string_view key) {
    return "field '" + std::string(key) + "' is not a string";
  };
  const auto id = object.find("id");
  if (id != object.end() && (id->is_number_integer() || id->is_number_unsigned())) {
    article.id = id->dump();  // numeric ids are common in feeds, and unambiguous
  } else if (!read_string(object, "id", article.id)) {
    return not_string("id");
  }
  static constexpr std::pair<const char*, std::string Article::*> kStringFields[] = {
      {"title", &Article::title},   {"body", &Article::body},   {"abstract", &Article::abstract},
      {"source", &Article::source}, {"url", &Article::url},     {"category", &Article::category},
      {"author", &Article::author},
  };
  for (const auto& [key, member] : kStringFields) {
    if (!read_string(object, key, article.*member)) return not_string(key);
  }
  std::string text;
  if (!read_string(object, "text", text)) return not_string("text");
  if (article.body.empty()) article.body = std::move(text);

  const auto date = object.find("date");
  if (date != object.end() && !date->is_null()) {
    if (date->is_string()) {
      article.raw_date = date->get<std::string>();
    } else if (date->is_number()) {
      article.raw_date = date->dump();
      std::int64_t seconds = 0;
      if (seconds_from_number(*date, seconds)) article.date = seconds;
    } else {
      return "field 'date' is not a string or a number";
    }
  }
  return {};
}

// Adds the record `object`, or skips it with `where` + the reason.
void add_record(const Json& object, std::uint32_t record, std::string_view path, std::string_view where,
                FileContents& contents) {
  Article article;
  article.path = std::string(path);
  article.record = record;
  if (!object.is_object()) {
    contents.skipped.push_back({record, std::string(where) + "not a JSON object"});
    return;
  }
  const std::string reason = fill_article(object, article);
  if (!reason.empty()) {
    contents.skipped.push_back({record, std::string(where) + reason});
    return;
  }
  add_article(std::move(article), contents, std::string(where) + "no title and no body");
}

}  // namespace

FileContents parse_json(std::string_view content, std::string_view path) {
  FileContents contents;
  Json value;
  try {
    value = Json::parse(content);
  } catch (const Json::exception& e) {
    contents.error = "invalid JSON: " + short_message(e);
    return contents;
  }
  if (value.is_object()) {
    add_record(value, 0, path, "", contents);
    return contents;
  }
  bool any_object = false;
  if (value.is_array()) {
    for (const Json& element : value) any_object = any_object || element.is_object();
  }
  if (!value.is_array() || (!value.empty() && !any_object)) {
    contents.error = "expected a JSON object or an array of objects";
    return contents;
  }
  std::uint32_t record = 0;
  for (const Json& element : value) add_record(element, record++, path, "", contents);
  return contents;
}

FileContents parse_json_lines(std::string_view content, std::string_view path) {
  FileContents contents;
  std::uint32_t record = 0;
  std::size_t line_number = 0;
  while (!content.empty()) {
    const std::size_t newline = content.find('\n');
    const std::string_view line = trim(content.substr(0, newline));
    content.remove_prefix(newline == std::string_view::npos ? content.size() : newline + 1);
    ++line_number;
    if (line.empty()) continue;
    const std::string where = "line " + std::to_string(line_number) + ": ";
    Json value;
    try {
      value = Json::parse(line);
    } catch (const Json::exception& e) {
      contents.skipped.push_back({record++, where + "invalid JSON: " + short_message(e)});
      continue;
    }
    add_record(value, record++, path, where, contents);
  }
  return contents;
}

}  // namespace fahras::reader_detail
