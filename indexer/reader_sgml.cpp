// SGML reader: TREC/CLEF-style <DOC> records, read tag by tag rather than with an XML parser, because
// real files are not well-formed XML (ANT has bare & and <, URLs with raw &, one TITLE cut short).
//
// Only the known tag names are markup; anything else between < and > is text. A field that is not
// closed ends at the next known tag, at </DOC> or at the end of the file.
#include <array>
#include <optional>

#include "fahras/normalize.h"
#include "reader_util.h"

namespace fahras::reader_detail {
namespace {

// Index 0 is the record itself; the others are its fields.
constexpr std::array<std::string_view, 10> kTagNames = {
    "DOC", "DOCNO", "URL", "SRC", "CAT", "TITLE", "TIME", "AUTHOR", "ABSTRACT", "TEXT"};
enum TagId : std::size_t {
  kDoc, kDocno, kUrl, kSrc, kCat, kTitle, kTime, kAuthor, kAbstract, kText, kTagCount
};

// Longest run of attributes accepted inside a tag before deciding that the '<' was text.
constexpr std::size_t kMaxTagLength = 1024;

struct Tag {
  std::size_t begin = 0;  // offset of '<'
  std::size_t end = 0;    // offset just past '>'
  std::size_t id = kDoc;
  bool closing = false;       // </TEXT>
  bool self_closing = false;  // <AUTHOR/>
};

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::optional<std::size_t> tag_id(std::string_view name) {
  for (std::size_t id = 0; id < kTagNames.size(); ++id) {
    if (equals_ignore_case(name, kTagNames[id])) return id;
  }
  return std::nullopt;
}

// The known tag that starts at text[pos] (a '<'), if any: "<NAME>", "</NAME>", or "<NAME attr...>"
// with a name of kTagNames in any case.
std::optional<Tag> tag_at(std::string_view text, std::size_t pos) {
  Tag tag;
  tag.begin = pos;
  std::size_t i = pos + 1;
  if (i < text.size() && text[i] == '/') {
    tag.closing = true;
    ++i;
  }
  const std::size_t name_begin = i;
  while (i < text.size() && is_letter(text[i])) ++i;
  const auto id = tag_id(text.substr(name_begin, i - name_begin));
  if (!id || i >= text.size()) return std::nullopt;
  tag.id = *id;
  if (text[i] != '>') {
    if (!is_space(text[i]) && text[i] != '/') return std::nullopt;
    const std::size_t close = text.find_first_of("<>", i);
    if (close == std::string_view::npos || text[close] != '>' || close - i > kMaxTagLength) {
      return std::nullopt;
    }
    i = close;
    tag.self_closing = !tag.closing && text[i - 1] == '/';
  }
  tag.end = i + 1;
  return tag;
}

std::optional<Tag> next_tag(std::string_view text, std::size_t pos) {
  while ((pos = text.find('<', pos)) != std::string_view::npos) {
    if (auto tag = tag_at(text, pos)) return tag;
    ++pos;
  }
  return std::nullopt;
}

// `text` without a trailing "<", "</" or "</TEX" left by a file cut in the middle of a tag.
std::string_view drop_cut_tag(std::string_view text) {
  const std::size_t open = text.rfind('<');
  if (open == std::string_view::npos) return text;
  std::string_view rest = text.substr(open + 1);
  if (rest.starts_with('/')) rest.remove_prefix(1);
  for (std::string_view name : kTagNames) {
    if (rest.size() <= name.size() && equals_ignore_case(rest, name.substr(0, rest.size()))) {
      return text.substr(0, open);
    }
  }
  return text;
}

// The code point of "#1604" or "#x644", if it is one that may appear in text.
std::optional<std::uint32_t> numeric_reference(std::string_view name) {
  if (!name.starts_with('#')) return std::nullopt;
  name.remove_prefix(1);
  int base = 10;
  if (!name.empty() && (name.front() == 'x' || name.front() == 'X')) {
    base = 16;
    name.remove_prefix(1);
  }
  if (name.empty() || name.size() > 7) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : name) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (base == 16 && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(digit);
  }
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return value;
}

// Decodes &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references. Anything else, including a
// bare '&', is kept as written.
std::string decode_entities(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kNamed = {{
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"},
  }};
  constexpr std::size_t kMaxEntityLength = 10;  // "#x10FFFF" and the names above fit
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) break;
    out.append(text, pos, amp - pos);
    pos = amp + 1;
    const std::size_t semicolon = text.find(';', pos);
    if (semicolon == std::string_view::npos || semicolon - pos > kMaxEntityLength) {
      out += '&';
      continue;
    }
    const std::string_view name = text.substr(pos, semicolon - pos);
    bool decoded = false;
    for (const auto& [entity, replacement] : kNamed) {
      if (name == entity) {
        out += replacement;
        decoded = true;
        break;
      }
    }
    if (!decoded) {
      if (const auto code_point = numeric_reference(name)) {
        append_utf8(out, static_cast<char32_t>(*code_point));
        decoded = true;
      }
    }
    if (decoded) {
      pos = semicolon + 1;
    } else {
      out += '&';
    }
  }
  out.append(text, pos);
  return out;
}

// The fields of one <DOC>, as decoded text. A repeated ABSTRACT or TEXT is appended on a new line; for
// the other fields the first non-empty one wins.
void store_field(std::size_t id, std::string_view raw, std::array<std::string, kTagCount>& fields) {
  std::string value(trim(decode_entities(raw)));
  if (value.empty()) return;
  std::string& field = fields[id];
  if (field.empty()) {
    field = std::move(value);
  } else if (id == kAbstract || id == kText) {
    field += '\n';
    field += value;
  }
}

}  // namespace

FileContents parse_sgml(std::string_view content, std::string_view path) {
  FileContents contents;
  std::uint32_t record = 0;
  std::optional<Tag> tag = next_tag(content, 0);
  while (tag) {
    if (tag->id != kDoc || tag->closing) {  // text and stray fields outside any <DOC> are ignored
      tag = next_tag(content, tag->end);
      continue;
    }
    std::array<std::string, kTagCount> fields;
    std::size_t open_field = kTagCount;  // kTagCount: no field open
    std::size_t field_begin = 0;
    bool closed = false;
    tag = next_tag(content, tag->end);
    while (true) {
      if (open_field != kTagCount) {
        const std::size_t field_end = tag ? tag->begin : content.size();
        std::string_view raw = content.substr(field_begin, field_end - field_begin);
        store_field(open_field, tag ? raw : drop_cut_tag(raw), fields);
        open_field = kTagCount;
      }
      if (!tag) break;
      if (tag->id == kDoc) {  // </DOC>, or a <DOC> that opens the next record
        if (tag->closing) {
          closed = true;
          tag = next_tag(content, tag->end);
        }
        break;
      }
      if (!tag->closing && !tag->self_closing) {
        open_field = tag->id;
        field_begin = tag->end;
      }
      tag = next_tag(content, tag->end);
    }

    Article article;
    article.path = std::string(path);
    article.record = record;
    article.id = std::move(fields[kDocno]);
    article.url = std::move(fields[kUrl]);
    article.source = std::move(fields[kSrc]);
    article.category = std::move(fields[kCat]);
    article.title = std::move(fields[kTitle]);
    article.raw_date = std::move(fields[kTime]);
    article.author = std::move(fields[kAuthor]);
    article.abstract = std::move(fields[kAbstract]);
    article.body = std::move(fields[kText]);
    if (!closed) {
      contents.warnings.push_back("record " + std::to_string(record + 1) + ": <DOC> not closed");
    }
    add_article(std::move(article), contents, "no title and no text");
    ++record;
  }
  if (record == 0) contents.error = "no <DOC> record";
  return contents;
}

}  // namespace fahras::reader_detail
