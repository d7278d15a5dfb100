// read_file_bytes, parse_file and parse_content: reading a file, the checks every input goes through
// before a format reader sees it (gzip, empty, binary, encodings, invalid UTF-8, BOM), format
// detection, and the helpers the format readers share.
#include "fahras/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <system_error>
#include <string>
#include <utility>
#include <vector>

#include "fahras/date.h"
#include "reader_util.h"

namespace fahras {
namespace reader_detail {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string generated_id(std::string_view path, std::uint32_t record) {
  return std::string(path) + "#" + std::to_string(record);
}

void add_article(Article article, FileContents& contents, std::string_view skip_reason) {
  if (article.title.empty() && article.body.empty()) {
    contents.skipped.push_back({article.record, std::string(skip_reason)});
    return;
  }
  if (article.id.empty()) article.id = generated_id(article.path, article.record);
  article.raw_date = std::string(trim(article.raw_date));
  if (!article.date && !article.raw_date.empty()) {
    article.date = parse_date(article.raw_date);
    if (!article.date) {
      ++contents.unparsed_dates;
      contents.warnings.push_back("record " + std::to_string(article.record + 1) + " (" + article.id +
                                  "): unparseable date '" + article.raw_date + "'");
    }
  }
  contents.articles.push_back(std::move(article));
}

}  // namespace reader_detail

namespace {

using reader_detail::equals_ignore_case;
using reader_detail::is_space;
using reader_detail::trim;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

bool is_gzip_name(const std::filesystem::path& path) { return lower(path.extension().string()) == ".gz"; }

// `path` without a final ".gz": the name that says what a compressed file holds.
std::filesystem::path inner_path(const std::filesystem::path& path) {
  return is_gzip_name(path) ? path.parent_path() / path.stem() : path;
}

enum class Sniff { kNeeded, kNotNeeded };

// The format given by the extension alone (after a final ".gz"); kText stands for "SGML, HTML or
// text, look at the content".
std::pair<Format, Sniff> format_from_extension(const std::filesystem::path& path) {
  const std::string extension = lower(inner_path(path).extension().string());
  if (extension == ".json") return {Format::kJson, Sniff::kNotNeeded};
  if (extension == ".jsonl" || extension == ".ndjson") return {Format::kJsonLines, Sniff::kNotNeeded};
  if (extension == ".html" || extension == ".htm") return {Format::kHtml, Sniff::kNotNeeded};
  if (extension.empty() || extension == ".txt" || extension == ".sgml" || extension == ".sgm" ||
      extension == ".xml" || extension == ".trec") {
    return {Format::kText, Sniff::kNeeded};
  }
  return {Format::kUnsupported, Sniff::kNotNeeded};
}

std::string unsupported_message(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  if (is_gzip_name(path)) extension.insert(0, inner_path(path).extension().string());
  return "unsupported file type '" + extension + "'";
}

// True iff `content` opens with `tag` (any case) followed by the end, '>', '/' or white space.
bool opens_with_tag(std::string_view content, std::string_view tag) {
  if (content.size() < tag.size() || !equals_ignore_case(content.substr(0, tag.size()), tag)) return false;
  return content.size() == tag.size() || content[tag.size()] == '>' || content[tag.size()] == '/' ||
         is_space(content[tag.size()]);
}

std::string_view skip_bom_and_space(std::string_view content) {
  if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
  while (!content.empty() && is_space(content.front())) content.remove_prefix(1);
  return content;
}

// True iff the content, after an optional BOM and white space, opens with a <DOC> tag.
bool looks_like_sgml(std::string_view content) { return opens_with_tag(skip_bom_and_space(content), "<DOC"); }

// True iff the content, after an optional BOM and white space, opens with <!doctype html> or <html>.
bool looks_like_html(std::string_view content) {
  content = skip_bom_and_space(content);
  if (content.size() >= 9 && equals_ignore_case(content.substr(0, 9), "<!doctype")) {
    content.remove_prefix(9);
    while (!content.empty() && is_space(content.front())) content.remove_prefix(1);
    return content.size() >= 4 && equals_ignore_case(content.substr(0, 4), "html") &&
           (content.size() == 4 || content[4] == '>' || is_space(content[4]));
  }
  return opens_with_tag(content, "<html");
}

// Returns the length of the well-formed UTF-8 sequence at text[pos], or 0 when the bytes there are
// ill-formed; `ill_formed` then gets the length of the maximal ill-formed subpart (Unicode 15, section
// 3.9, table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), which becomes one U+FFFD.
std::size_t valid_sequence(std::string_view text, std::size_t pos, std::size_t& ill_formed) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;  // range of the second byte; later bytes are always 80..BF
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    ill_formed = 1;
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if (pos + i >= text.size() || byte(pos + i) < low || byte(pos + i) > high) {
      ill_formed = i;
      return 0;
    }
    low = 0x80;
    high = 0xBF;
  }
  return length;
}

struct ByteCounts {
  std::size_t nul = 0;
  std::size_t invalid = 0;    // bytes in ill-formed UTF-8 sequences
  std::size_t non_ascii = 0;  // bytes from 0x80 on
};

ByteCounts count_bad_bytes(std::string_view text) {
  ByteCounts counts;
  std::size_t ill_formed = 0;
  for (const char c : text) counts.non_ascii += static_cast<unsigned char>(c) >= 0x80;
  for (std::size_t pos = 0; pos < text.size();) {
    if (text[pos] == '\0') ++counts.nul;
    const std::size_t length = valid_sequence(text, pos, ill_formed);
    if (length == 0) counts.invalid += ill_formed;
    pos += length == 0 ? ill_formed : length;
  }
  return counts;
}

// What a path that is not a regular file is, for the message that refuses it.
const char* file_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a named pipe";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

}  // namespace

namespace reader_detail {

// `text` with each maximal ill-formed subpart replaced by U+FFFD.
std::string replace_invalid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t ill_formed = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = valid_sequence(text, pos, ill_formed);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      pos += ill_formed;
    } else {
      out.append(text, pos, length);
      pos += length;
    }
  }
  return out;
}

}  // namespace reader_detail

Format detect_format(const std::filesystem::path& path, std::string_view content) {
  const auto [format, sniff] = format_from_extension(path);
  if (sniff == Sniff::kNotNeeded) return format;
  if (looks_like_sgml(content)) return Format::kSgml;
  return looks_like_html(content) ? Format::kHtml : Format::kText;
}

bool is_article_path(const std::filesystem::path& path) {
  return !inner_path(path).extension().empty() && format_from_extension(path).first != Format::kUnsupported;
}

FileBytes read_file_bytes(const std::filesystem::path& path) {
  FileBytes file;
  const auto fail = [&](const char* what) {
    file.error = what;
    file.error += ": ";
    file.error += std::error_code(errno, std::generic_category()).message();
    return std::move(file);
  };
  struct Closer {
    void operator()(const int* fd) const { ::close(*fd); }
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail("cannot open file");
  const std::unique_ptr<const int, Closer> closer(&fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) return fail("cannot read file");
  if (S_ISDIR(info.st_mode)) {
    errno = EISDIR;
    return fail("cannot read file");
  }
  if (!S_ISREG(info.st_mode)) {
    file.error = "cannot read file: ";
    file.error += file_kind(info.st_mode);
    return file;
  }
  file.size = static_cast<std::uint64_t>(info.st_size);
  file.mtime_ns = std::int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec;
  file.ctime_ns = std::int64_t{info.st_ctim.tv_sec} * 1'000'000'000 + info.st_ctim.tv_nsec;
  if (info.st_size > 0) file.bytes.reserve(file.size);
  char buffer[1 << 16];
  while (true) {
    const ssize_t count = ::read(fd, buffer, sizeof buffer);
    if (count == 0) return file;
    if (count < 0) {
      if (errno == EINTR) continue;
      file.bytes.clear();
      return fail("cannot read file");
    }
    file.bytes.append(buffer, static_cast<std::size_t>(count));
  }
}

FileContents parse_file(std::string_view bytes, const std::filesystem::path& path) {
  std::string decompressed;
  if (is_gzip_name(path)) {
    FileContents contents;
    contents.error = gunzip(bytes, kMaxDecompressedBytes, decompressed);
    if (!contents.error.empty()) return contents;
    bytes = decompressed;
  }
  return parse_content(bytes, detect_format(path, bytes), path.string());
}

FileContents read_file(const std::filesystem::path& path) {
  if (format_from_extension(path).first == Format::kUnsupported) {
    FileContents contents;
    contents.error = unsupported_message(path);
    return contents;  // not read at all: images and archives can be large
  }
  const FileBytes file = read_file_bytes(path);
  if (!file.error.empty()) {
    FileContents contents;
    contents.error = file.error;
    return contents;
  }
  return parse_file(file.bytes, path);
}

FileContents parse_content(std::string_view content, Format format, std::string_view path) {
  FileContents contents;
  if (format == Format::kUnsupported) {
    contents.error = unsupported_message(std::filesystem::path(path));
    return contents;
  }
  if (content.empty()) {
    contents.error = "empty file";
    return contents;
  }
  std::vector<std::string> warnings;  // about the whole file; they go before the reader's own
  reader_detail::Converted converted;
  if (const char* charset = reader_detail::unicode_bom_charset(content)) {
    converted = reader_detail::convert_to_utf8(content, charset);
    const std::size_t bad_characters = converted.invalid + converted.unexpected;
    // As for UTF-8: a NUL, or over 5% of the characters that text does not have.
    if (bad_characters * 20 > converted.characters || converted.text.find('\0') != std::string::npos) {
      contents.error = "binary or not ";
      contents.error.append(charset, 6);  // "UTF-16" of "UTF-16LE"
      contents.error += " (" + std::to_string(bad_characters) + " invalid or control characters)";
      return contents;
    }
    std::string warning = "converted from " + converted.charset;
    if (converted.invalid > 0) {
      warning += " (" + std::to_string(converted.invalid) + " invalid sequences replaced)";
    }
    warnings.push_back(std::move(warning));
    content = converted.text;
  }
  ByteCounts bad = count_bad_bytes(content);
  // Mostly ill-formed UTF-8 without NULs may be an older Arabic encoding.
  if (bad.nul == 0 && bad.invalid > 0 && (bad.invalid * 20 > content.size() || bad.invalid * 4 > bad.non_ascii)) {
    if (auto legacy = reader_detail::convert_legacy_arabic(content)) {
      converted = std::move(*legacy);
      warnings.push_back("converted from " + converted.charset);
      content = converted.text;
      bad = ByteCounts{};
    }
  }
  if (bad.nul > 0 || bad.invalid * 20 > content.size()) {  // NUL anywhere, or over 5% invalid
    contents.error = "binary or not UTF-8 (";
    if (bad.nul > 0) contents.error += std::to_string(bad.nul) + " NUL bytes, ";
    contents.error += std::to_string(bad.invalid) + " invalid bytes)";
    return contents;
  }
  std::string repaired;
  if (bad.invalid > 0) {
    repaired = reader_detail::replace_invalid_utf8(content);
    content = repaired;
    warnings.push_back(std::to_string(bad.invalid) + " invalid UTF-8 bytes replaced");
  }
  if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
  if (trim(content).empty()) {
    contents.error = "empty file";
    return contents;
  }
  switch (format) {
    case Format::kSgml:
      contents = reader_detail::parse_sgml(content, path);
      break;
    case Format::kJson:
      contents = reader_detail::parse_json(content, path);
      break;
    case Format::kJsonLines:
      contents = reader_detail::parse_json_lines(content, path);
      break;
    case Format::kHtml:
      contents = reader_detail::parse_html(content, path);
      break;
    case Format::kText:
      contents = reader_detail::parse_text(content, path);
      break;
    case Format::kUnsupported:  // answered above
      break;
  }
  contents.warnings.insert(contents.warnings.begin(), warnings.begin(), warnings.end());
  return contents;
}

}  // namespace fahras
