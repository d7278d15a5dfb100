// Normalisation works on one word at a time, so it is built for short input: the word is decoded into
// a UTF-16 buffer on the stack, ICU's quick check usually says it is already in normal form (plain
// Arabic letters, lower-case Latin), and only then is the ICU normaliser run. The Arabic foldings are
// a table-free switch applied while encoding the result back to UTF-8.
//
// ICU's "nfkc_cf" normaliser does NFKC and full case folding in one pass (it also drops the Unicode
// default-ignorable characters, which include the format characters we remove anyway), so one quick
// check covers both stages.
#include "fahras/normalize.h"

#include <array>
#include <climits>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

namespace fahras {
namespace {

// UTF-16 storage on the stack for words up to kInline code units, on the heap beyond.
class U16Buffer {
 public:
  explicit U16Buffer(std::int32_t capacity) {
    if (capacity > kInline) heap_.resize(static_cast<std::size_t>(capacity));
  }
  UChar* data() { return heap_.empty() ? inline_.data() : heap_.data(); }
  std::int32_t capacity() const {
    return heap_.empty() ? kInline : static_cast<std::int32_t>(heap_.size());
  }

 private:
  static constexpr std::int32_t kInline = 96;
  std::array<UChar, kInline> inline_{};
  std::vector<UChar> heap_;
};

const UNormalizer2* nfkc_casefold() {
  static const UNormalizer2* const instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* n = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) {
      throw std::runtime_error(std::string("ICU nfkc_cf normaliser unavailable: ") +
                               u_errorName(status));
    }
    return n;
  }();
  return instance;
}

constexpr UChar32 kDrop = -1;

// The Arabic and format-character stage of normalize(), for one code point of NFKC_Casefold text:
// returns the code point it becomes, or kDrop.
UChar32 fold(UChar32 c) {
  if (c < 0x0600) return c;
  if (c <= 0x06FF) {
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670) return kDrop;  // tashkeel
    if (c >= 0x06D6 && c <= 0x06ED) return kDrop;                  // Quranic annotation marks
    if (c >= 0x0660 && c <= 0x0669) return u'0' + (c - 0x0660);    // Arabic-Indic digits
    if (c >= 0x06F0 && c <= 0x06F9) return u'0' + (c - 0x06F0);    // Eastern Arabic-Indic digits
    switch (c) {
      case 0x0640: return kDrop;  // tatweel
      case 0x061C: return kDrop;  // ARABIC LETTER MARK
      case 0x0622:                // آ
      case 0x0623:                // أ
      case 0x0625:                // إ
      case 0x0671: return 0x0627;  // ٱ -> ا
      case 0x0649: return 0x064A;  // ى -> ي
      case 0x0629: return 0x0647;  // ة -> ه
      case 0x06A9: return 0x0643;  // Persian ک -> ك
      case 0x06CC: return 0x064A;  // Persian ی -> ي
      case 0x06C0:                 // ۀ
      case 0x06C1: return 0x0647;  // Urdu ہ -> ه
      case 0x066B: return u'.';    // Arabic decimal separator
      case 0x066C: return u',';    // Arabic thousands separator
      // Hamza on a carrier (ؤ U+0624, ئ U+0626) and lone hamza (ء U+0621) are kept as written.
      // Whether to fold them (to و, ي, nothing) is for the relevance benchmark to decide; a fold
      // belongs here, and needs a new Analyzer version.
      default: return c;
    }
  }
  if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
      (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF) {
    return kDrop;  // zero-width characters and bidi controls
  }
  return c;
}

// Calls `emit(c)` for each code point of normalize(word), before the Arabic folding.
template <typename Emit>
void for_each_nfkc_cf(std::string_view word, Emit emit) {
  if (word.size() > static_cast<std::size_t>(INT32_MAX) / 2) {
    throw std::length_error("fahras::normalize: input too long");
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(word.data());
  const auto length = static_cast<std::int32_t>(word.size());

  // UTF-8 -> UTF-16, dropping invalid sequences. A UTF-16 string never has more units than the
  // UTF-8 string has bytes.
  U16Buffer source(length);
  UChar* s = source.data();
  std::int32_t s_length = 0;
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0) U16_APPEND_UNSAFE(s, s_length, c);
  }

  const UNormalizer2* normalizer = nfkc_casefold();
  UErrorCode status = U_ZERO_ERROR;
  const UChar* text = s;
  std::int32_t text_length = s_length;
  U16Buffer normalized(0);
  if (unorm2_spanQuickCheckYes(normalizer, s, s_length, &status) < s_length) {
    status = U_ZERO_ERROR;
    std::int32_t needed =
        unorm2_normalize(normalizer, s, s_length, normalized.data(), normalized.capacity(), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      normalized = U16Buffer(needed);
      status = U_ZERO_ERROR;
      needed = unorm2_normalize(normalizer, s, s_length, normalized.data(), normalized.capacity(),
                                &status);
    }
    if (U_FAILURE(status)) {
      throw std::runtime_error(std::string("ICU normalisation failed: ") + u_errorName(status));
    }
    text = normalized.data();
    text_length = needed;
  }

  for (std::int32_t i = 0; i < text_length;) {
    UChar32 c;
    U16_NEXT(text, i, text_length, c);
    emit(c);
  }
}

// The fast path of normalize(), for the words that make up most news text: lower-case ASCII
// letters and digits, and Arabic letters without marks (U+0621-U+063A, U+0641-U+064A). Such a word
// is already in NFKC_Casefold form (none of these characters decomposes, composes with its
// neighbours or changes case), so normalize() only applies fold(), which maps each of these letters
// to one of the same UTF-8 length. Returns false, leaving `out` unspecified, for any other word.
bool normalize_plain(std::string_view word, std::string& out) {
  out.assign(word);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c < 0x80) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
      continue;
    }
    if ((c != 0xD8 && c != 0xD9) || i + 1 == out.size()) return false;
    const auto trail = static_cast<unsigned char>(out[i + 1]);
    if ((trail & 0xC0u) != 0x80u) return false;
    const UChar32 code = ((c & 0x1F) << 6) | (trail & 0x3F);
    if (!((code >= 0x0621 && code <= 0x063A) || (code >= 0x0641 && code <= 0x064A))) return false;
    const UChar32 folded = fold(code);  // a letter of the same ranges: two bytes again
    out[i] = static_cast<char>(0xC0 | (folded >> 6));
    out[i + 1] = static_cast<char>(0x80 | (folded & 0x3F));
    ++i;
  }
  return true;
}

}  // namespace

void append_utf8(std::string& out, char32_t code_point) {
  char bytes[U8_MAX_LENGTH];
  std::int32_t n = 0;
  U8_APPEND_UNSAFE(bytes, n, static_cast<UChar32>(code_point));
  out.append(bytes, static_cast<std::size_t>(n));
}

std::string normalize(std::string_view word) {
  std::string out;
  if (normalize_plain(word, out)) return out;
  out.clear();
  out.reserve(word.size());
  for_each_nfkc_cf(word, [&out](UChar32 c) {
    c = fold(c);
    if (c != kDrop) append_utf8(out, static_cast<char32_t>(c));
  });
  return out;
}

std::string normalize_field_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for_each_nfkc_cf(value, [&out](UChar32 c) {
    c = fold(c);
    if (c == kDrop || u_isUWhiteSpace(c) || u_ispunct(c)) return;
    append_utf8(out, static_cast<char32_t>(c));
  });
  return out;
}

std::size_t invalid_utf8_offset(std::string_view text) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int64_t>(text.size());
  for (std::int64_t i = 0; i < length;) {
    const std::int64_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return static_cast<std::size_t>(start);
  }
  return std::string_view::npos;
}

}  // namespace fahras
