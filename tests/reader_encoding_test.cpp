// Tests for what the readers do before parsing (indexer/encoding.cpp, indexer/gzip.cpp): older Arabic
// encodings, UTF-16 and UTF-32 with a BOM, and gzip. The oracle for every conversion is the original
// UTF-8 article: the converted file must read exactly as it does.
#include <unicode/ucnv.h>
#include <zlib.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "fahras/reader.h"
#include "compare.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;

std::string data_file(const std::string& name) { return std::string(FAHRAS_SOURCE_DIR) + "/tests/data/" + name; }

// `utf8` encoded in `charset` with ICU; empty when some character has no mapping there.
std::string encode(const std::string& utf8, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t length = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                      utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return {};
  out.resize(static_cast<std::size_t>(length));
  // ICU substitutes unmappable characters (0x1A or '?'); compare a round trip to find them.
  std::string back(out.size() * 4 + 16, '\0');
  const int32_t back_length = ucnv_convert("UTF-8", charset, back.data(), static_cast<int32_t>(back.size()),
                                           out.data(), static_cast<int32_t>(out.size()), &status);
  if (U_FAILURE(status)) return {};
  back.resize(static_cast<std::size_t>(back_length));
  return back == utf8 || back == "\xEF\xBB\xBF" + utf8 ? out : std::string();
}

using test::expect_same_fields;

TEST(EncodingTest, Windows1256Fixture) {
  const FileContents converted = read_file(data_file("encodings/cp1256.txt"));
  ASSERT_EQ(converted.error, "");
  ASSERT_EQ(converted.warnings, std::vector<std::string>{"converted from windows-1256"});
  ASSERT_EQ(converted.articles.size(), 1u);
  // The same CNN article, as UTF-8 in another fixture (whose TEXT is longer).
  const FileContents original = read_file(data_file("good/multi_doc.sgml"));
  ASSERT_EQ(original.articles.size(), 3u);
  const Article& a = converted.articles[0];
  const Article& b = original.articles[1];
  EXPECT_EQ(a.id, "CN-economy-1-20180213");
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.title, "شركة \"Vue\" تخطط لافتتاح 30 صالة سينما في السعودية");
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.abstract, b.abstract);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.date, b.date);
  EXPECT_EQ(a.body,
            "دبي، الإمارات العربية المتحدة (CNN) -- سيحصل عشاق السينما في المملكة العربية السعودية قريباً على "
            "فرصة ذهبية للاستمتاع بالمقاعد المريحة والشاشات الكبيرة.");
  EXPECT_TRUE(b.body.starts_with(a.body)) << b.body;
}

TEST(EncodingTest, Iso88596Fixture) {
  const std::string original_path = test::corpus_dir() / "ant-v1.1/culture/JA-culture-113-20170602.txt";
  const FileContents converted = read_file(data_file("encodings/iso8859-6.txt"));
  const FileContents original = read_file(original_path);
  ASSERT_EQ(converted.error, "");
  ASSERT_EQ(converted.warnings, std::vector<std::string>{"converted from ISO-8859-6"});
  ASSERT_EQ(converted.articles.size(), 1u);
  ASSERT_EQ(original.articles.size(), 1u);
  EXPECT_EQ(converted.articles[0].id, "JA-culture-113-20170602");
  EXPECT_EQ(converted.articles[0].title, "حجز تمثال الفنان علي الرياحي في مطار قرطاج");
  expect_same_fields(converted.articles[0], original.articles[0]);
  // The converted bytes are the original file's, byte for byte.
  EXPECT_EQ(encode(test::slurp(original_path), "ISO-8859-6"), test::slurp(data_file("encodings/iso8859-6.txt")));
}

TEST(EncodingTest, Utf16Fixture) {
  const std::string original_path = test::corpus_dir() / "nvidia-musk-article.txt";
  const FileContents converted = read_file(data_file("encodings/utf16le.txt"));
  const FileContents original = read_file(original_path);
  ASSERT_EQ(converted.error, "");
  ASSERT_EQ(converted.warnings, std::vector<std::string>{"converted from UTF-16LE"});
  ASSERT_EQ(converted.articles.size(), 1u);
  ASSERT_EQ(original.articles.size(), 1u);
  EXPECT_TRUE(converted.articles[0].title.starts_with("الرئيس التنفيذي لشركة Tesla، Elon Musk"));
  expect_same_fields(converted.articles[0], original.articles[0]);
}

// Every article of the corpus that the encoding can hold, in every format-neutral form: converted,
// detected as the right encoding, and read exactly as the UTF-8 original.
TEST(EncodingTest, WholeCorpusInLegacyEncodings) {
  std::size_t files = 0;
  std::size_t iso_files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(test::corpus_dir() / "ant-v1.1")) {
    if (!entry.is_regular_file()) continue;
    const std::string utf8 = test::slurp(entry.path());
    const FileContents original = parse_content(utf8, Format::kSgml, "a.txt");
    ASSERT_EQ(original.articles.size(), 1u) << entry.path();
    for (const char* charset : {"windows-1256", "ISO-8859-6"}) {
      const std::string bytes = encode(utf8, charset);
      if (bytes.empty()) continue;  // a character the encoding lacks (« » in ISO-8859-6, é...)
      SCOPED_TRACE(entry.path().string() + " in " + charset);
      const FileContents converted = parse_content(bytes, Format::kSgml, "a.txt");
      ASSERT_EQ(converted.error, "");
      ASSERT_EQ(converted.warnings, std::vector<std::string>{std::string("converted from ") + charset});
      ASSERT_EQ(converted.articles.size(), 1u);
      expect_same_fields(converted.articles[0], original.articles[0]);
      EXPECT_EQ(converted.articles[0].id, original.articles[0].id);
      ++files;
      iso_files += std::string(charset) == "ISO-8859-6";
    }
  }
  EXPECT_GE(files, 500u);  // 299 articles, nearly all in both encodings
  EXPECT_GE(iso_files, 250u);
}

TEST(EncodingTest, NotConvincinglyArabic) {
  static const struct {
    std::string bytes;
    const char* error;     // "" when read
    const char* warning;   // first warning, or ""
  } cases[] = {
      // Too few Arabic letters to tell.
      {encode("مهرجان قرطاج الدولي 2017", "windows-1256"), "binary or not UTF-8 (17 invalid bytes)", ""},
      {encode("مهرجان قرطاج الدولي للسينما", "windows-1256"), "", "converted from windows-1256"},  // 23 letters
      // French in Latin-1 is not Arabic, though windows-1256 maps é à ç as Latin-1 does.
      {"Le festival international de Carthage a \xE9t\xE9 inaugur\xE9 \xE0 Tunis, o\xF9 le th\xE9\xE2tre "
       "\xE9tait plein. \xC9v\xE9nement tr\xE8s attendu: \xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9\xE9",
       "binary or not UTF-8 (", ""},
      // Arabic with control characters is binary.
      {encode("مهرجان قرطاج الدولي للسينما", "windows-1256") + "\x01\x02", "binary or not UTF-8 (", ""},
      // ISO-8859-6 maps 0x80-0x9F to C1 controls, and has holes (0xDF): neither passes.
      {encode("مهرجان قرطاج الدولي للسينما", "ISO-8859-6") + "\x85\x90\xDF", "binary or not UTF-8 (", ""},
      // A few stray bytes in UTF-8 Arabic are repaired, not re-read as another encoding.
      {"مهرجان قرطاج الدولي للسينما \xE1\xE3\xC7 يفتتح دورته الجديدة", "", "3 invalid UTF-8 bytes replaced"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.bytes));
    const FileContents contents = parse_content("Title\n" + c.bytes, Format::kText, "t.txt");
    EXPECT_TRUE(contents.error.starts_with(c.error)) << contents.error;
    EXPECT_EQ(contents.error.empty(), *c.error == '\0') << contents.error;
    if (*c.warning == '\0') {
      EXPECT_TRUE(contents.warnings.empty());
    } else {
      ASSERT_FALSE(contents.warnings.empty());
      EXPECT_EQ(contents.warnings[0], c.warning);
    }
  }
}

TEST(EncodingTest, UnicodeByteOrderMarks) {
  const std::string text = "مهرجان قرطاج الدولي\nأماكن وأوقات بيع التذاكر 📰";
  static const struct {
    const char* charset;
    const char* bom;
    std::size_t bom_size;
  } forms[] = {
      {"UTF-16LE", "\xFF\xFE", 2},
      {"UTF-16BE", "\xFE\xFF", 2},
      {"UTF-32LE", "\xFF\xFE\x00\x00", 4},
      {"UTF-32BE", "\x00\x00\xFE\xFF", 4},
  };
  for (const auto& form : forms) {
    SCOPED_TRACE(form.charset);
    const std::string bytes = std::string(form.bom, form.bom_size) + encode(text, form.charset);
    const FileContents contents = parse_content(bytes, Format::kText, "t.txt");
    ASSERT_EQ(contents.error, "");
    ASSERT_EQ(contents.warnings, std::vector<std::string>{std::string("converted from ") + form.charset});
    ASSERT_EQ(contents.articles.size(), 1u);
    EXPECT_EQ(contents.articles[0].title, "مهرجان قرطاج الدولي");
    EXPECT_EQ(contents.articles[0].body, "أماكن وأوقات بيع التذاكر 📰");
  }
  // Unpaired surrogates are replaced; an odd trailing byte too.
  std::string broken = "\xFF\xFE" + encode("مهرجان قرطاج الدولي\nنص المقال عن افتتاح الدورة", "UTF-16LE");
  broken.insert(6, std::string("\x00\xD8", 2));  // a high surrogate followed by a letter
  const FileContents repaired = parse_content(broken + "\x41", Format::kText, "t.txt");
  ASSERT_EQ(repaired.error, "");
  ASSERT_EQ(repaired.warnings, std::vector<std::string>{"converted from UTF-16LE (2 invalid sequences replaced)"});
  ASSERT_EQ(repaired.articles.size(), 1u);
  EXPECT_EQ(repaired.articles[0].title, "مه\xEF\xBF\xBDرجان قرطاج الدولي");
  EXPECT_EQ(repaired.articles[0].body, "نص المقال عن افتتاح الدورة\xEF\xBF\xBD");
  // Binary data after a UTF-16 BOM: controls, unassigned and private-use characters.
  std::string binary = "\xFF\xFE";
  for (int i = 0; i < 400; ++i) binary += static_cast<char>((i * 37) % 256);
  EXPECT_TRUE(parse_content(binary, Format::kText, "t.txt").error.starts_with("binary or not UTF-16 ("))
      << parse_content(binary, Format::kText, "t.txt").error;
  EXPECT_EQ(parse_content(std::string("\xFF\xFE\x00\x00", 4) + std::string(40, '\0'), Format::kText, "t.txt").error,
            "binary or not UTF-32 (10 invalid or control characters)");
  // One NUL is enough, as in UTF-8.
  EXPECT_EQ(parse_content("\xFF\xFE" + encode("مهرجان قرطاج الدولي للسينما", "UTF-16LE") + std::string(2, '\0'),
                          Format::kText, "t.txt")
                .error,
            "binary or not UTF-16 (1 invalid or control characters)");
}

// ---- gzip ----

// `data` compressed by zlib as one gzip member.
std::string gzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST(GzipTest, CompressedFixturesReadAsTheirContent) {
  static const struct {
    const char* compressed;
    const char* plain;
  } cases[] = {
      {"good/article.txt.gz", "../../corpus/ant-v1.1/politic/JA-politic-130-20170216.txt"},
      {"good/dump.jsonl.gz", "good/articles.jsonl"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.compressed);
    const FileContents compressed = read_file(data_file(c.compressed));
    const FileContents plain = read_file(data_file(c.plain));
    ASSERT_EQ(compressed.error, "");
    ASSERT_EQ(compressed.articles.size(), plain.articles.size());
    ASSERT_FALSE(compressed.articles.empty());
    for (std::size_t i = 0; i < plain.articles.size(); ++i) {
      expect_same_fields(compressed.articles[i], plain.articles[i]);
      EXPECT_EQ(compressed.articles[i].id, plain.articles[i].id);
      EXPECT_EQ(compressed.articles[i].path, data_file(c.compressed));
    }
  }
}

TEST(GzipTest, Gunzip) {
  const std::string text = test::slurp(test::corpus_dir() / "ant-v1.1/culture/JA-culture-113-20170602.txt");
  const std::string member = gzip(text);
  static const std::string kZeros(16, '\0');
  static const struct {
    std::string data;
    std::size_t max_bytes;
    const char* error;
    std::string out;
  } cases[] = {
      {member, 1 << 20, "", text},
      {member + gzip("نهاية"), 1 << 20, "", text + "نهاية"},  // concatenated members, as `cat a.gz b.gz`
      {member + kZeros, 1 << 20, "", text},                     // zero padding after the stream
      {member + "garbage", 1 << 20, "corrupt gzip: data after the end of the compressed stream", text},
      {member.substr(0, member.size() - 4), 1 << 20, "truncated gzip (ends inside compressed data)", ""},
      {member.substr(0, 10), 1 << 20, "truncated gzip (ends inside compressed data)", ""},
      {member, text.size(), "", text},
      {member, text.size() - 1, "gzip decompresses to over 2720 bytes (a decompression bomb?), not read", ""},
      {gzip(std::string(3 << 20, 'x')), 2 << 20, "gzip decompresses to over 2 MiB (a decompression bomb?), not read", ""},
      {text, 1 << 20, "not gzip (no gzip header)", ""},
      {"", 1 << 20, "not gzip (no gzip header)", ""},
      {"\x1F\x8B", 1 << 20, "truncated gzip (ends inside compressed data)", ""},
      {std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03\xFF\xFF\xFF\xFF", 14), 1 << 20, "corrupt gzip: ", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.data.substr(0, 16)) + " " + c.error);
    std::string out;
    const std::string error = gunzip(c.data, c.max_bytes, out);
    EXPECT_TRUE(error.starts_with(c.error)) << error;
    EXPECT_EQ(error.empty(), *c.error == '\0') << error;
    if (error.empty()) {
      EXPECT_EQ(out, c.out);
    }
    EXPECT_LE(out.size(), c.max_bytes);
  }
}

// A real bomb through read_file: 300 MiB of spaces in 1.3 MB (300 members of 1 MiB, which gzip
// reads as one file), refused at kMaxDecompressedBytes.
TEST(GzipTest, DecompressionBombIsRefused) {
  test::TempDir dir;
  const std::string member = gzip(std::string(1 << 20, ' '));
  std::string bomb;
  for (int i = 0; i < 300; ++i) bomb += member;
  ASSERT_LT(bomb.size(), 2u << 20);
  test::write_file(dir / "bomb.txt.gz", bomb);
  const FileContents contents = read_file(dir / "bomb.txt.gz");
  EXPECT_EQ(contents.error, "gzip decompresses to over 256 MiB (a decompression bomb?), not read");
  EXPECT_TRUE(contents.articles.empty());
}

}  // namespace
}  // namespace fahras
