#include "fahras/synonyms.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "fahras/error.h"

namespace fahras {
namespace {

[[noreturn]] void bad_line(const std::string& name, std::size_t line, const std::string& why) {
  throw Error(Error::Kind::kUsage, name + ":" + std::to_string(line) + ": " + why);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// True iff `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : 4;
    if (n == 4 || i + n >= s.size() + (n == 0 ? 1 : 0)) return false;
    char32_t cp = n == 0 ? b : n == 1 ? (b & 0x1F) : n == 2 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k <= n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// The line without its comment: '#' at its start or after white space begins one.
std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || is_space(line[i - 1]))) return line.substr(0, i);
  }
  return line;
}

constexpr std::string_view kArabicComma = "\xD8\x8C";  // ،

}  // namespace

SynonymFile parse_synonyms(std::istream& in, const std::string& name) {
  SynonymFile file;
  file.name = name;
  std::string raw;
  for (std::size_t number = 1; std::getline(in, raw); ++number) {
    std::string_view line = raw;
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // a byte order mark
    if (!valid_utf8(line)) bad_line(name, number, "not valid UTF-8");
    line = trim(strip_comment(line));
    if (line.empty()) continue;
    SynonymGroup group;
    group.line = number;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size();) {
      std::size_t separator = 0;
      if (i == line.size()) {
        separator = 1;
      } else if (line[i] == '/' || line[i] == ',') {
        separator = 1;
      } else if (line.substr(i).starts_with(kArabicComma)) {
        separator = kArabicComma.size();
      }
      if (separator == 0) {
        ++i;
        continue;
      }
      const std::string_view entry = trim(line.substr(start, i - start));
      if (entry.empty()) bad_line(name, number, "empty entry (entries are separated by one '/', ',' or '،')");
      group.entries.emplace_back(entry);
      i += separator;
      start = i;
    }
    if (group.entries.size() < 2) {
      bad_line(name, number, "a group needs at least two entries, separated by '/', ',' or '،'");
    }
    file.groups.push_back(std::move(group));
  }
  if (in.bad()) throw Error(Error::Kind::kIo, "cannot read synonyms file " + name);
  return file;
}

SynonymFile read_synonym_file(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(Error::Kind::kUsage,
                "cannot read synonyms file " + path + ": " + (errno ? std::strerror(errno) : "cannot open"));
  }
  return parse_synonyms(in, path);
}

Synonyms::Synonyms(const SynonymFile& file, const Analyzer& analyzer) : analyzer_version_(analyzer.version()) {
  std::map<std::size_t, std::size_t> line_of_group;
  for (const SynonymGroup& group : file.groups) {
    std::vector<Entry> entries;
    for (const std::string& text : group.entries) {
      Entry entry;
      for (const Token& token : analyzer.analyze(text)) {
        if (!token.term.empty()) entry.push_back(token.term);
      }
      if (entry.empty()) {
        bad_line(file.name, group.line, "'" + text + "' has no word that is searched (only stopwords?)");
      }
      if (std::find(entries.begin(), entries.end(), entry) != entries.end()) continue;  // ترامب, ترامپ
      if (entry.size() == 1) {
        const auto [it, added] = group_of_term_.emplace(entry.front(), groups_.size());
        if (!added && it->second != groups_.size()) {
          bad_line(file.name, group.line,
                   "'" + text + "' is already in the group of line " + std::to_string(line_of_group[it->second]));
        }
      }
      entries.push_back(std::move(entry));
    }
    line_of_group[groups_.size()] = group.line;
    groups_.push_back(std::move(entries));
  }
}

const std::vector<Synonyms::Entry>* Synonyms::group_of(const std::string& term) const {
  const auto it = group_of_term_.find(term);
  return it == group_of_term_.end() ? nullptr : &groups_[it->second];
}

}  // namespace fahras
