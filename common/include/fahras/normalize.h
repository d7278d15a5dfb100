// Normalisation of words, the stage of the Analyzer that makes spelling variants equal. Pure
// functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace fahras {

// Returns the normal form of one word (UTF-8 in, UTF-8 out):
//   NFKC (presentation forms such as U+FEFB ﻻ become لا); tashkeel U+064B-U+065F and U+0670, Quranic
//   marks U+06D6-U+06ED, tatweel U+0640 and format characters (ZWJ, ZWNJ, bidi marks) removed;
//   أ إ آ ٱ -> ا; ى -> ي; ة -> ه; Persian and Urdu letters ک -> ك, ی -> ي, ہ ۀ -> ه;
//   Arabic-Indic and Eastern Arabic-Indic digits -> 0-9, ٫ -> '.', ٬ -> ','; case folded (ICU full
//   case folding: NVIDIA -> nvidia, Straße -> strasse). Hamza on a carrier (ؤ ئ) and lone ء are kept.
// Invalid UTF-8 sequences are dropped. A ligature standing for several words gives them with spaces
// between (U+FDFA ﷺ -> "صلي الله عليه وسلم").
std::string normalize(std::string_view word);

// Normalises a field value for exact matching (source:, category:): normalize() applied to the
// whole value, with runs of white space and punctuation removed, so "Sky News", "sky-news" and
// "SKYNEWS" all give "skynews".
std::string normalize_field_value(std::string_view value);

// Appends `code_point` to `out` as UTF-8. REQUIRES: code_point <= 0x10FFFF.
void append_utf8(std::string& out, char32_t code_point);

// The byte offset of the first ill-formed UTF-8 sequence in `text` (a stray byte, a truncated or
// overlong sequence, a surrogate), or std::string_view::npos when `text` is well-formed UTF-8.
std::size_t invalid_utf8_offset(std::string_view text);

}  // namespace fahras
