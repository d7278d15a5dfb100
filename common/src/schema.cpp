#include "fahras/schema.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "fahras/error.h"
#include "fahras/normalize.h"

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

// `words` one after another, `separator` between each two.
template <typename Words>
std::string join(const Words& words, char separator) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

// The pieces of `value` between `separator`s (empty ones included, none for ""): join's inverse.
std::vector<std::string_view> split(std::string_view value, char separator) {
  std::vector<std::string_view> pieces;
  while (!value.empty()) {
    const std::size_t end = std::min(value.find(separator), value.size());
    pieces.push_back(value.substr(0, end));
    value.remove_prefix(std::min(end + 1, value.size()));
  }
  return pieces;
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
bool take_number(std::string_view& s, T& out, int base = 10, char separator = ' ') {
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out, base);
  if (ec != std::errc() || ptr == end || *ptr != separator) return false;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()) + 1);
  return true;
}

std::string get_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Reads the flat objects encode_article writes (string and integer values, nlohmann's escapes)
// about five times faster than nlohmann::json::parse, which builds a tree of every value first: the
// searcher decodes every hit. Returns false on anything else (nested values, floats, literals,
// surrogate escapes, bad syntax), and decode_article then takes the general parser.
class FlatArticleReader {
 public:
  explicit FlatArticleReader(std::string_view data) : s_(data) {}

  bool read(Article& a) {
    bool has_id = false;
    space();
    if (!take('{')) return false;
    space();
    if (take('}')) return false;  // no id
    std::string key, ignored;
    while (true) {
      space();
      if (!string(key)) return false;
      space();
      if (!take(':')) return false;
      space();
      if (i_ < s_.size() && s_[i_] == '"') {
        std::string* field = key == "id"         ? &a.id
                             : key == "title"    ? &a.title
                             : key == "abstract" ? &a.abstract
                             : key == "body"     ? &a.body
                             : key == "source"   ? &a.source
                             : key == "category" ? &a.category
                             : key == "author"   ? &a.author
                             : key == "url"      ? &a.url
                             : key == "path"     ? &a.path
                             : key == "raw_date" ? &a.raw_date
                                                 : &ignored;
        field->clear();
        if (!string(*field)) return false;
        has_id = has_id || field == &a.id;
      } else {
        std::int64_t n = 0;
        const bool negative = i_ < s_.size() && s_[i_] == '-';
        const auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), n);
        if (ec != std::errc()) return false;
        i_ = static_cast<std::size_t>(end - s_.data());
        if (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E')) return false;
        if (key == "date") a.date = n;
        if (key == "record" && !negative) a.record = static_cast<std::uint32_t>(n);
      }
      space();
      if (take('}')) break;
      if (!take(',')) return false;
    }
    space();
    return has_id && i_ == s_.size();
  }

 private:
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool take(char c) {
    if (i_ >= s_.size() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  // Appends the JSON string at i_ to `out`, unescaped.
  bool string(std::string& out) {
    out.clear();
    if (!take('"')) return false;
    while (true) {
      std::size_t run = i_;
      while (run < s_.size() && s_[run] != '"' && s_[run] != '\\') ++run;
      if (run == s_.size()) return false;
      out.append(s_.substr(i_, run - i_));
      i_ = run + 1;
      if (s_[run] == '"') return true;
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      switch (e) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned code = 0;
          if (i_ + 4 > s_.size()) return false;
          const auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + i_ + 4, code, 16);
          if (ec != std::errc() || end != s_.data() + i_ + 4) return false;
          i_ += 4;
          if (code >= 0xD800 && code <= 0xDFFF) return false;  // surrogate pairs: the general parser
          append_utf8(out, static_cast<char32_t>(code));
          break;
        }
        default:
          return false;
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::string unique_id_term(std::string_view id) { return hashed_term(kIdPrefix, id); }

std::string field_value_term(std::string_view prefix, std::string_view value) {
  const std::string normalized = normalize_field_value(value);
  return normalized.empty() ? std::string() : hashed_term(prefix, normalized);
}

std::string file_term(std::string_view path) { return hashed_term(kFilePrefix, path); }

std::uint64_t content_hash(std::string_view bytes) { return fnv1a64(bytes); }

namespace {
constexpr char kLeadSketchFormat = 2;
constexpr std::size_t kLeadSketchHeader = 3;  // the format byte and the lead part's length
static_assert(kLeadSketchEnd <= 255, "lead sketch positions are one byte");

// The bits of the filter of `bits` bits that `term` sets: double hashing of content_hash(term).
template <typename F>
void for_each_probe(std::string_view term, std::size_t bits, F f) {
  const std::uint64_t h = content_hash(term);
  const std::uint64_t h1 = h & 0xffffffffu;
  const std::uint64_t h2 = (h >> 32) | 1;
  for (std::size_t k = 0; k < kSketchFilterProbes; ++k) f(static_cast<std::size_t>((h1 + k * h2) % bits));
}

// The lead part and the filter of a sketch, or nullopt when it is not one.
struct SketchParts {
  std::string_view lead;
  std::string_view filter;
};
std::optional<SketchParts> sketch_parts(std::string_view sketch) {
  if (sketch.size() < kLeadSketchHeader || sketch[0] != kLeadSketchFormat) return std::nullopt;
  const std::size_t lead = (std::size_t{static_cast<unsigned char>(sketch[1])} << 8) | static_cast<unsigned char>(sketch[2]);
  if (kLeadSketchHeader + lead > sketch.size()) return std::nullopt;
  return SketchParts{sketch.substr(kLeadSketchHeader, lead), sketch.substr(kLeadSketchHeader + lead)};
}
}  // namespace

std::uint32_t lead_sketch_hash(std::string_view term) { return static_cast<std::uint32_t>(content_hash(term)); }

std::string encode_lead_sketch(const std::vector<std::pair<std::string, Xapian::termpos>>& postings) {
  std::vector<std::pair<std::uint32_t, Xapian::termpos>> held;
  std::vector<std::string_view> terms;
  for (const auto& [term, position] : postings) {
    terms.push_back(term);
    if (position >= 1 && position <= kLeadSketchEnd) held.emplace_back(lead_sketch_hash(term), position);
  }
  std::sort(held.begin(), held.end());
  held.erase(std::unique(held.begin(), held.end()), held.end());
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  std::string lead;
  for (std::size_t i = 0; i < held.size();) {
    std::size_t j = i;
    while (j < held.size() && held[j].first == held[i].first) ++j;
    const std::uint32_t h = held[i].first;
    for (const int shift : {24, 16, 8, 0}) lead.push_back(static_cast<char>((h >> shift) & 0xff));
    lead.push_back(static_cast<char>(j - i));  // at most kLeadSketchEnd positions
    for (; i < j; ++i) lead.push_back(static_cast<char>(held[i].second));
  }
  // At most kLeadSketchEnd positions, a few bytes each: the lead part's length fits in 2 bytes.
  std::string out{kLeadSketchFormat, static_cast<char>(lead.size() >> 8), static_cast<char>(lead.size() & 0xff)};
  out += lead;
  const std::size_t bytes = std::max<std::size_t>(8, (terms.size() * kSketchFilterBits + 7) / 8);
  std::string filter(bytes, '\0');
  for (const std::string_view term : terms) {
    for_each_probe(term, bytes * 8, [&](std::size_t bit) { filter[bit / 8] = static_cast<char>(filter[bit / 8] | (1 << (bit % 8))); });
  }
  return out + filter;
}

bool lead_sketch_positions(std::string_view sketch, std::string_view term, std::vector<Xapian::termpos>& out) {
  const std::optional<SketchParts> parts = sketch_parts(sketch);
  if (!parts) return false;
  const std::string_view lead = parts->lead;
  const std::uint32_t want = lead_sketch_hash(term);
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(lead[i]); };
  std::size_t i = 0;
  while (i + 5 <= lead.size()) {
    const std::uint32_t h = (std::uint32_t{byte(i)} << 24) | (std::uint32_t{byte(i + 1)} << 16) |
                            (std::uint32_t{byte(i + 2)} << 8) | byte(i + 3);
    const std::size_t count = byte(i + 4);
    i += 5;
    if (i + count > lead.size()) return false;
    if (h == want) {
      for (std::size_t k = 0; k < count; ++k) out.push_back(byte(i + k));
      return true;
    }
    if (h > want) return true;
    i += count;
  }
  return i == lead.size();
}

bool lead_sketch_may_hold(std::string_view sketch, std::string_view term) {
  const std::optional<SketchParts> parts = sketch_parts(sketch);
  if (!parts || parts->filter.empty()) return true;
  const std::string_view filter = parts->filter;
  bool all = true;
  for_each_probe(term, filter.size() * 8, [&](std::size_t bit) {
    all = all && (static_cast<unsigned char>(filter[bit / 8]) >> (bit % 8) & 1);
  });
  return all;
}

std::string order_key(const Article& article) {
  std::string key(1, article.date ? '\x01' : '\x00');
  if (article.date) {
    const auto biased = static_cast<std::uint64_t>(*article.date) ^ (std::uint64_t{1} << 63);
    for (int shift = 56; shift >= 0; shift -= 8) key += static_cast<char>((biased >> shift) & 0xff);
  }
  key += article.id;
  return key;
}

std::vector<std::string> suggestion_keys(std::string_view word) {
  std::vector<std::size_t> starts;  // byte offset of each letter
  for (std::size_t i = 0; i < word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  if (starts.size() < 2) return {};
  std::vector<std::string> keys{std::string(word)};
  starts.push_back(word.size());
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    std::string key;
    key.reserve(word.size());
    key.append(word.substr(0, starts[k]));
    key.append(word.substr(starts[k + 1]));
    // Deleting either of two equal neighbours gives the same key ("الله"): list it once.
    if (key != keys.back()) keys.push_back(std::move(key));
  }
  return keys;
}

std::string variant_key(std::string_view word) {
  std::u32string letters;
  for (std::size_t i = 0; i < word.size();) {
    const auto c = static_cast<unsigned char>(word[i]);
    // Arabic letters (U+0621..U+064A) are two bytes, D8 A1 to D9 8A; anything else disqualifies.
    if ((c != 0xD8 && c != 0xD9) || i + 1 >= word.size()) return {};
    const char32_t cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(word[i + 1]) & 0x3F);
    if (cp < 0x0621 || cp > 0x064A || (cp >= 0x063B && cp <= 0x0640)) return {};
    letters.push_back(cp);
    i += 2;
  }
  if (letters.size() < 4 || (letters[0] == U'\u0627' && letters[1] == U'\u0644')) return {};
  std::string key;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    char32_t cp = letters[i];
    if (i > 0 && (cp == U'\u0627' || cp == U'\u0648' || cp == U'\u064A' || cp == U'\u0621' ||
                  cp == U'\u0624' || cp == U'\u0626')) {
      continue;
    }
    switch (cp) {
      case U'\u0637': cp = U'\u062A'; break;  // ط -> ت
      case U'\u0635': cp = U'\u0633'; break;  // ص -> س
      case U'\u0630': case U'\u0638': cp = U'\u0632'; break;  // ذ ظ -> ز
      case U'\u063A': case U'\u062C': cp = U'\u0642'; break;  // غ ج -> ق
      default: break;
    }
    append_utf8(key, cp);
    ++kept;
  }
  return kept < 3 ? std::string() : key;
}

std::uint32_t suggest_floor(std::uint32_t shards) {
  return shards <= 1 ? kSuggestFloor : (kSuggestFloor + shards - 1) / shards;
}

std::string encode_word_list(const std::vector<std::string>& words) { return join(words, '\n'); }

std::vector<std::string> decode_word_list(std::string_view value) {
  const std::vector<std::string_view> pieces = split(value, '\n');
  return {pieces.begin(), pieces.end()};
}

std::uint32_t shard_of(std::string_view id, std::uint32_t shards) {
  return static_cast<std::uint32_t>(fnv1a64(id) % shards);
}

std::string encode_opening(const std::vector<Token>& title, const std::vector<Token>& text) {
  std::vector<std::string_view> words;
  auto add = [&](const Token& token) {
    const std::string_view word = token.normalized;
    if (word.empty() || word.size() > kMaxTermBytes || word.find_first_of(" \n") != std::string_view::npos) return;
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  };
  for (const Token& token : title) add(token);
  std::size_t first = words.size();  // how many of `words` are the first ones
  for (const Token& token : text) {
    if (token.position >= kFurtherWords) break;
    add(token);
    if (token.position < kOpeningWords) first = words.size();
  }
  if (words.empty()) return "";
  const std::vector<std::string_view> further(words.begin() + static_cast<std::ptrdiff_t>(first), words.end());
  words.resize(first);
  return join(words, ' ') + '\n' + join(further, ' ');
}

std::optional<Opening> decode_opening(std::string_view value) {
  const std::size_t newline = value.find('\n');
  if (newline == std::string_view::npos) return std::nullopt;
  auto words = [](std::string_view list) {  // (an empty word only in a damaged value)
    std::vector<std::string_view> out = split(list, ' ');
    out.erase(std::remove(out.begin(), out.end(), std::string_view()), out.end());
    return out;
  };
  return Opening{words(value.substr(0, newline)), words(value.substr(newline + 1))};
}

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

std::string holders_key(std::string_view id_term) {
  return prefixed(kHoldersPrefix, hex16(fnv1a64(id_term)));
}

std::string encode_holders(const Holders& holders) {
  std::string out;
  const auto field = [&](std::string_view f) { ((out += std::to_string(f.size())) += ':') += f; };
  field(holders.id_term);
  for (const Holder& h : holders.files) {
    field(h.path);
    field(h.given);
  }
  return out;
}

std::optional<Holders> decode_holders(std::string_view value) {
  std::vector<std::string> fields;
  while (!value.empty()) {
    std::size_t size = 0;
    if (!take_number(value, size, 10, ':') || size > value.size()) return std::nullopt;
    fields.emplace_back(value.substr(0, size));
    value.remove_prefix(size);
  }
  if (fields.size() % 2 != 1) return std::nullopt;
  Holders out{fields[0], {}};
  for (std::size_t i = 1; i < fields.size(); i += 2) out.files.push_back({fields[i], fields[i + 1]});
  return out;
}

bool later_in_walk(std::string_view a, std::string_view b) {
  return std::filesystem::path(a).compare(std::filesystem::path(b)) > 0;
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

std::string encode_header(const Article& article) {
  Article header = article;
  header.abstract.clear();
  header.body.clear();
  return encode_article(header);
}

Article decode_article(std::string_view data) {
  if (Article fast; FlatArticleReader(data).read(fast)) return fast;
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
