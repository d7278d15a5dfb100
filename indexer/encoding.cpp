// Conversions to UTF-8 with ICU: Unicode encoding forms announced by a byte order mark, and the two
// legacy encodings of older Arabic archives, recognised by what they decode to (reader.h says when a
// conversion is accepted). ICU's charset detector (ucsdet) is not used: it answers with a confidence
// for many encodings at once, while the question here is narrower ("is this windows-1256 or
// ISO-8859-6 Arabic?") and can be answered exactly from the decoded characters.
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <memory>
#include <vector>

#include "reader_util.h"

namespace fahras::reader_detail {
namespace {

struct CloseConverter {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// A to-Unicode callback that counts the byte sequences the converter cannot map (illegal, irregular
// or unassigned) and substitutes U+FFFD for each, as the default callback does.
extern "C" void count_and_substitute(const void* context, UConverterToUnicodeArgs* args,
                                     const char* code_units, int32_t length,
                                     UConverterCallbackReason reason, UErrorCode* error) {
  if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR) {
    ++*static_cast<std::size_t*>(const_cast<void*>(context));
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason, error);
}

bool is_text_control(UChar32 c) { return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// Characters that text does not contain, whatever its language.
bool is_unexpected(UChar32 c) {
  switch (u_charType(c)) {
    case U_UNASSIGNED:
    case U_PRIVATE_USE_CHAR:
    case U_SURROGATE:
      return true;
    case U_CONTROL_CHAR:
      return !is_text_control(c);
    default:
      return false;
  }
}

// Smallest count of Arabic letters for a legacy conversion to be believed, and the share of the
// characters outside ASCII (white space aside) that must be in the Arabic script, in percent.
constexpr std::size_t kMinArabicLetters = 20;
constexpr std::size_t kMinArabicPercent = 90;

}  // namespace

const char* unicode_bom_charset(std::string_view content) {
  const auto starts = [&](std::string_view bom) { return content.starts_with(bom); };
  using namespace std::string_view_literals;
  if (starts("\xFF\xFE\x00\x00"sv)) return "UTF-32LE";  // before UTF-16LE, whose BOM it starts with
  if (starts("\x00\x00\xFE\xFF"sv)) return "UTF-32BE";
  if (starts("\xFF\xFE"sv)) return "UTF-16LE";
  if (starts("\xFE\xFF"sv)) return "UTF-16BE";
  return nullptr;
}

Converted convert_to_utf8(std::string_view bytes, const char* charset) {
  Converted result;
  result.charset = charset;
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<UConverter, CloseConverter> converter(ucnv_open(charset, &status));
  if (U_FAILURE(status)) {  // only when ICU's data lacks the charset: a broken installation
    result.invalid = bytes.size();
    return result;
  }
  ucnv_setToUCallBack(converter.get(), count_and_substitute, &result.invalid, nullptr, nullptr,
                      &status);
  // Every charset converted here gives at most one UTF-16 unit per byte, and one more per U+FFFD.
  std::vector<UChar> units(bytes.size() + 2);
  UChar* target = units.data();
  const char* source = bytes.data();
  ucnv_toUnicode(converter.get(), &target, units.data() + units.size(), &source,
                 bytes.data() + bytes.size(), nullptr, /*flush=*/true, &status);
  if (U_FAILURE(status)) {  // cannot happen with the buffer above; refuse rather than guess
    result.invalid = bytes.size();
    return result;
  }
  const auto length = static_cast<std::size_t>(target - units.data());
  result.text.reserve(length * 2);
  for (std::size_t i = 0; i < length;) {
    UChar32 c = 0;
    U16_NEXT(units.data(), i, length, c);
    ++result.characters;
    if (is_unexpected(c)) ++result.unexpected;
    if (c >= 0x80 && !u_isUWhiteSpace(c)) {
      ++result.non_ascii;
      if (uscript_hasScript(c, USCRIPT_ARABIC)) {
        ++result.arabic;
        if (u_isalpha(c)) ++result.arabic_letters;
      }
    }
    char utf8[U8_MAX_LENGTH];
    std::int32_t written = 0;
    U8_APPEND_UNSAFE(utf8, written, c);
    result.text.append(utf8, static_cast<std::size_t>(written));
  }
  return result;
}

std::optional<Converted> convert_legacy_arabic(std::string_view content) {
  std::optional<Converted> best;
  for (const char* charset : {"windows-1256", "ISO-8859-6"}) {
    Converted candidate = convert_to_utf8(content, charset);
    const bool convincing = candidate.invalid == 0 && candidate.unexpected == 0 &&
                            candidate.arabic_letters >= kMinArabicLetters &&
                            candidate.arabic * 100 >= candidate.non_ascii * kMinArabicPercent;
    // Compare arabic/non_ascii shares without dividing.
    if (convincing && (!best || candidate.arabic * best->non_ascii > best->arabic * candidate.non_ascii)) {
      best = std::move(candidate);
    }
  }
  return best;
}

}  // namespace fahras::reader_detail
