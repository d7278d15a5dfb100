// Helpers shared by the libFuzzer targets: invariants that hold for any input, checked so that a
// violation stops the fuzzer (abort) with the input saved, as a crash would.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fahras/reader.h"

namespace fahras::fuzz {

inline void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

// True iff `text` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
inline bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      length = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      length = 3;
      if (b == 0xE0) low = 0xA0;
      if (b == 0xED) high = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      length = 4;
      if (b == 0xF0) low = 0x90;
      if (b == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if (c < low || c > high) return false;
      low = 0x80;
      high = 0xBF;
    }
    i += length;
  }
  return true;
}

// What reader.h promises about any FileContents: an error leaves no article; every article has an
// id, a path, a title or a body, and only UTF-8 text; a date is set only from a raw date.
inline void check_contents(const FileContents& contents, std::string_view path) {
  check(contents.error.empty() || contents.articles.empty(), "error with articles");
  check(is_utf8(contents.error), "error is not UTF-8");
  for (const Article& a : contents.articles) {
    check(!a.id.empty(), "empty id");
    check(a.path == path, "path not kept");
    check(!a.title.empty() || !a.body.empty(), "article without title and body");
    for (const std::string* field : {&a.id, &a.title, &a.abstract, &a.body, &a.source, &a.category, &a.author,
                                     &a.url, &a.raw_date}) {
      check(is_utf8(*field), "field is not UTF-8");
    }
    check(!a.date || !a.raw_date.empty(), "date without raw date");
  }
  for (const std::string& warning : contents.warnings) check(is_utf8(warning), "warning is not UTF-8");
  for (const RecordSkip& skip : contents.skipped) check(is_utf8(skip.reason), "skip reason is not UTF-8");
}

}  // namespace fahras::fuzz
