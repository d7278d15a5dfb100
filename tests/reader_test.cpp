// Tests for fahras/reader.h over real Arabic news (fixtures in tests/data/good and tests/data/bad are
// cut from the ANT corpora): every format, the quirks of real files, and bad input of every kind.
#include "fahras/reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fahras/date.h"
#include "fuzz/fuzz_util.h"
#include "test_util.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;

std::string good(const std::string& name) {
  return std::string(FAHRAS_SOURCE_DIR) + "/tests/data/good/" + name;
}
std::string bad(const std::string& name) {
  return std::string(FAHRAS_SOURCE_DIR) + "/tests/data/bad/" + name;
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string date_of(const Article& article) {
  return article.date ? format_iso8601(*article.date) : "none";
}

// Every article of `contents` has what the indexer relies on.
void expect_sane(const FileContents& contents, const std::string& path) {
  for (std::size_t i = 0; i < contents.articles.size(); ++i) {
    const Article& article = contents.articles[i];
    EXPECT_FALSE(article.id.empty()) << path << " article " << i;
    EXPECT_EQ(article.path, path);
    EXPECT_TRUE(!article.title.empty() || !article.body.empty()) << article.id;
  }
}

const char kU8Replacement[] = "\xEF\xBF\xBD";

TEST(ReaderTest, DetectFormat) {
  static const struct {
    const char* path;
    const char* content;
    Format format;
  } cases[] = {
      {"a/news.json", "", Format::kJson},
      {"a/NEWS.JSON", "<DOC>", Format::kJson},
      {"a/news.jsonl", "{}", Format::kJsonLines},
      {"a/news.ndjson", "{}", Format::kJsonLines},
      {"BB-culture-1-20180218.txt", "<DOC>\n<DOCNO>BB-culture-1</DOCNO>", Format::kSgml},
      {"a.txt", "  \r\n\t<doc>", Format::kSgml},
      {"a.txt", "\xEF\xBB\xBF<DOC>", Format::kSgml},
      {"a.txt", "<DOC id=\"1\">", Format::kSgml},
      {"a.txt", "<DOC", Format::kSgml},
      {"a.sgml", "<DOC>", Format::kSgml},
      {"a.SGM", "<DOC>", Format::kSgml},
      {"a.trec", "<DOC>", Format::kSgml},
      {"a.xml", "<DOC>", Format::kSgml},
      {"JA-culture-56-20160701", "<DOC>", Format::kSgml},
      {"a.txt", "مهرجان قرطاج الدولي : أماكن وأوقات بيع التذاكر", Format::kText},
      {"a.txt", "<DOCNO>JA-culture-56</DOCNO>", Format::kText},
      {"a.txt", "<DOCUMENT>", Format::kText},
      {"a.xml", "<?xml version=\"1.0\"?><DOC>", Format::kText},
      {"notes", "مقال", Format::kText},
      {"a.txt", "", Format::kText},
      {"a/page.html", "", Format::kHtml},
      {"a/PAGE.HTM", "<DOC>", Format::kHtml},
      {"a.txt", "<!DOCTYPE html>\n<html lang=\"ar\">", Format::kHtml},
      {"a.txt", "\xEF\xBB\xBF  <!doctype  HTML><title>", Format::kHtml},
      {"a.txt", "<html dir=\"rtl\">", Format::kHtml},
      {"JA-culture-56-20160701", "<HTML>", Format::kHtml},
      {"a.txt", "<htmlx>", Format::kText},
      {"a.txt", "<!doctype htmlx>", Format::kText},
      {"a.txt", "<!DOCTYPE DOC>", Format::kText},
      {"a.txt", "نص عن <html> في سطر", Format::kText},
      {"a/article.txt.gz", "<DOC>", Format::kSgml},
      {"a/article.txt.GZ", "مقال", Format::kText},
      {"a/dump.jsonl.gz", "", Format::kJsonLines},
      {"a/page.html.gz", "", Format::kHtml},
      {"a/JA-culture-56.gz", "<DOC>", Format::kSgml},
      {"a/archive.tar.gz", "<DOC>", Format::kUnsupported},
      {"a/page.gz.html", "", Format::kHtml},
      {"a/a.txt.gz.gz", "<DOC>", Format::kUnsupported},
      {"photo.png", "<DOC>", Format::kUnsupported},
      {"README.md", "<DOC>", Format::kUnsupported},
      {"a.pdf", "", Format::kUnsupported},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(detect_format(c.path, c.content), c.format) << c.path << " / " << c.content;
  }
}

TEST(ReaderTest, IsArticlePath) {
  static const struct {
    const char* path;
    bool article;
  } cases[] = {
      {"2018/JA-culture-1.txt", true},   {"a.SGML", true},        {"a.sgm", true},
      {"a.xml", true},                   {"a.trec", true},        {"a.json", true},
      {"a.jsonl", true},                 {"a.ndjson", true},      {"a.html", true},
      {"a.HTM", true},                   {"a.txt.gz", true},      {"dump.jsonl.gz", true},
      {"page.html.GZ", true},            {"JA-culture-1", false}, {"JA-culture-1.gz", false},
      {"archive.tar.gz", false},         {"photo.png", false},    {"a.gz", false},
      {"notes.md", false},               {"a.txt.gz.gz", false},  {"a.txt.zip", false},
  };
  for (const auto& c : cases) EXPECT_EQ(is_article_path(c.path), c.article) << c.path;
}

TEST(ReaderTest, MultiDocSgml) {
  const std::string path = good("multi_doc.sgml");
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 3u);
  EXPECT_TRUE(contents.skipped.empty());
  EXPECT_TRUE(contents.warnings.empty());
  EXPECT_EQ(contents.unparsed_dates, 0u);
  expect_sane(contents, path);

  const Article& bbc = contents.articles[0];
  EXPECT_EQ(bbc.id, "BB-culture-1-20180218");
  EXPECT_EQ(bbc.record, 0u);
  EXPECT_EQ(bbc.url, "http://www.bbc.co.uk/arabic/art-and-culture-43105759");
  EXPECT_EQ(bbc.source, "BBC");
  EXPECT_EQ(bbc.category, "culture");
  EXPECT_EQ(bbc.title, "المؤرخ السينمائي أشرف غريب \" يحطم الأساطير\" المحيطة بالممثلين اليهود في مصر");
  EXPECT_EQ(bbc.raw_date, "Sun, 18 Feb 2018 17:21:49 GMT");
  EXPECT_EQ(date_of(bbc), "2018-02-18T17:21:49Z");
  EXPECT_EQ(bbc.author, "");
  EXPECT_EQ(bbc.abstract,
            "كتاب غير مسبوق يؤرخ للمثلين اليهود في مصر، ويعيد ، كما يقول مؤلفه، النظر في المغالطات "
            "الشائعة عن هؤلاء الممثلثن.");
  EXPECT_TRUE(bbc.body.starts_with("ليست هذه المرة الأولى التي يتحدى فيها أشرف غريب")) << bbc.body;
  EXPECT_NE(bbc.body.find("\nهذه المرة تحلى غريب"), std::string::npos);
  EXPECT_EQ(bbc.body.find('<'), std::string::npos);

  // Lower-case tags and an attribute on <doc>.
  const Article& cnn = contents.articles[1];
  EXPECT_EQ(cnn.id, "CN-economy-1-20180213");
  EXPECT_EQ(cnn.record, 1u);
  EXPECT_EQ(cnn.source, "CNN");
  EXPECT_EQ(cnn.title, "شركة \"Vue\" تخطط لافتتاح 30 صالة سينما في السعودية");
  EXPECT_EQ(date_of(cnn), "2018-02-13T10:22:00Z");
  EXPECT_TRUE(cnn.body.starts_with("دبي، الإمارات العربية المتحدة (CNN) --")) << cnn.body;

  const Article& jawhara = contents.articles[2];
  EXPECT_EQ(jawhara.id, "JA-culture-56-20160701");
  EXPECT_EQ(jawhara.source, "Jawhara FM");
  EXPECT_EQ(jawhara.title, "مهرجان قرطاج الدولي : أماكن وأوقات بيع التذاكر");
  EXPECT_EQ(jawhara.raw_date, "01/07/2016");
  EXPECT_EQ(date_of(jawhara), "2016-07-01T00:00:00Z");
  EXPECT_EQ(jawhara.abstract, "");  // blank lines only in the source
  EXPECT_TRUE(jawhara.body.ends_with("وستتوفر التذاكر\xC2\xA0 بـ :")) << jawhara.body;  // NBSP as in ANT
}

// Real ANT files that an XML parser rejects: "S&P" in a title, a raw & in a URL, lines starting "< ".
TEST(ReaderTest, NotWellFormedSgml) {
  const std::string path = good("not_well_formed.txt");
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 3u);
  EXPECT_TRUE(contents.warnings.empty());
  expect_sane(contents, path);
  EXPECT_EQ(contents.articles[0].id, "AL-economy-644-20180522");
  EXPECT_EQ(contents.articles[0].title, "S&P: مشاكل تركيا قد تدفع ماليتها إلى \"التدهور\" سريعا");
  EXPECT_EQ(contents.articles[0].author, "لندن – رويترز");
  EXPECT_EQ(date_of(contents.articles[0]), "2018-05-22T16:28:19Z");
  EXPECT_EQ(contents.articles[1].id, "JA-sport-919-20170101");
  EXPECT_NE(contents.articles[1].body.find("\n< الترتيب النهائي للنسخة 13 لجائزة «الأسد الذهبي»"),
            std::string::npos)
      << contents.articles[1].body;
  EXPECT_EQ(contents.articles[2].id, "JA-politic-360-20170202");
  EXPECT_TRUE(contents.articles[2].url.ends_with(
      "/92/77266?utm_campaign=nabdapp.com&utm_medium=referral&utm_source=nabdapp.com&ocid=Nabd_App"));
  EXPECT_EQ(contents.articles[2].title, "المرايحي : تمكين الأمنيين والعسكريين من حق الانتخاب قرار غير مفهوم");
}

TEST(ReaderTest, EntitiesInFixture) {
  const FileContents contents = read_file(good("entities.sgml"));
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 1u);
  const Article& article = contents.articles[0];
  EXPECT_EQ(article.title, "أدنوك تبرم اتفاقية امتياز جديدة مع \"سيبسا\" الإسبانية");
  EXPECT_EQ(article.author, "أبوظبي - سكاي نيوز عربية");
  EXPECT_EQ(article.abstract, "حصة 20 بالمئة في امتياز صرب/أم اللولو البحري في أبوظبي");
  EXPECT_EQ(article.body,
            "وقعت شركة بترول أبوظبي الوطنية 'أدنوك' اتفاقية مع شركة <سيبسا> الإسبانية للنفط & الغاز.\n"
            "وتسري الاتفاقية لمدة 40 عاما & يبدأ العمل بها في التاسع من مارس &unknown; المقبل.");
}

std::string sgml_with_text(const std::string& text) {
  return "<DOC>\n<DOCNO>SK-economy-1</DOCNO>\n<TITLE>أدنوك</TITLE>\n<TEXT>" + text + "</TEXT>\n</DOC>\n";
}

TEST(ReaderTest, DecodesEntities) {
  static const struct {
    const char* text;
    const char* body;
  } cases[] = {
      {"النفط &amp; الغاز", "النفط & الغاز"},
      {"&lt;سيبسا&gt; &quot;أدنوك&quot; &apos;أبوظبي&apos;", "<سيبسا> \"أدنوك\" 'أبوظبي'"},
      {"&#1605;&#1589;&#1585;", "مصر"},
      {"&#x645;&#x635;&#X631;", "مصر"},
      {"&#x1F4F0;", "\xF0\x9F\x93\xB0"},
      {"مصر&nbsp;اليوم", "مصر\xC2\xA0اليوم"},
      {"&amp;lt;", "&lt;"},  // decoded once only
      {"AT&T و S&P", "AT&T و S&P"},
      {"صرب & أم", "صرب & أم"},
      {"&unknown; &; &#; &#x; &#12a; &", "&unknown; &; &#; &#x; &#12a; &"},
      {"&#0; &#xD800; &#x110000; &#99999999;", "&#0; &#xD800; &#x110000; &#99999999;"},
      {"&amp", "&amp"},
      {"  \n&#32;مصر&#32;\n", "مصر"},  // trimmed after decoding
  };
  for (const auto& c : cases) {
    const FileContents contents = parse_content(sgml_with_text(c.text), Format::kSgml, "e.sgml");
    ASSERT_EQ(contents.articles.size(), 1u) << c.text;
    EXPECT_EQ(contents.articles[0].body, c.body) << c.text;
  }
}

TEST(ReaderTest, LenientTags) {
  static const struct {
    const char* content;
    const char* title;
    const char* body;
  } cases[] = {
      {"<DOC>\n<TITLE lang=\"ar\">عنوان</TITLE >\n<TEXT >نص المقال</TEXT>\n</DOC>", "عنوان", "نص المقال"},
      {"<Doc><Title>عنوان</tItLe><Text>نص المقال</Text></dOC>", "عنوان", "نص المقال"},
      {"<DOC><TITLE>عنوان<TEXT>نص المقال</DOC>", "عنوان", "نص المقال"},
      {"<DOC><TITLE>عنوان</TEXT>نص خارج الحقول<TEXT>نص المقال</DOC>", "عنوان", "نص المقال"},
      {"<DOC><AUTHOR/><TITLE>عنوان</TITLE><TEXT>نص</TEXT></DOC>", "عنوان", "نص"},
      {"<DOC><TITLE>عنوان</TITLE><TEXT>نص <b>مهم</b> و<P>فقرة</TEXT></DOC>", "عنوان", "نص <b>مهم</b> و<P>فقرة"},
      {"<DOC><TITLE>عنوان</TITLE><TEXT>أ<TEXT2>ب <TEXTE>ج < د</TEXT></DOC>", "عنوان", "أ<TEXT2>ب <TEXTE>ج < د"},
      {"<DOC><TITLE>عنوان</TITLE><TEXT>فقرة أولى</TEXT><TEXT>فقرة ثانية</TEXT></DOC>", "عنوان",
       "فقرة أولى\nفقرة ثانية"},
      {"<DOC><TITLE>عنوان</TITLE><TITLE>عنوان آخر</TITLE></DOC>", "عنوان", ""},
      {"مقدمة خارج السجل <TITLE>ليس هنا</TITLE>\n<DOC><TEXT>نص</TEXT></DOC>\nذيل", "", "نص"},
      {"<DOC><TITLE>عنوان</TITLE><TEXT>نص ينتهي بوسم مقطوع </TE", "عنوان", "نص ينتهي بوسم مقطوع"},
      {"<DOC><TITLE>عنوان</TITLE><TEXT>نص ينتهي بـ<", "عنوان", "نص ينتهي بـ"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.content);
    const FileContents contents = parse_content(c.content, Format::kSgml, "t.sgml");
    ASSERT_EQ(contents.error, "");
    ASSERT_EQ(contents.articles.size(), 1u);
    EXPECT_EQ(contents.articles[0].title, c.title);
    EXPECT_EQ(contents.articles[0].body, c.body);
  }
}

TEST(ReaderTest, DocWithoutClosingTagStartsNextRecord) {
  const FileContents contents = parse_content(
      "<DOC><DOCNO>A</DOCNO><TITLE>الأول</TITLE>\n<DOC><DOCNO>B</DOCNO><TITLE>الثاني</TITLE></DOC>",
      Format::kSgml, "two.sgml");
  ASSERT_EQ(contents.articles.size(), 2u);
  EXPECT_EQ(contents.articles[0].id, "A");
  EXPECT_EQ(contents.articles[0].title, "الأول");
  EXPECT_EQ(contents.articles[1].id, "B");
  EXPECT_EQ(contents.articles[1].record, 1u);
  ASSERT_EQ(contents.warnings.size(), 1u);
  EXPECT_EQ(contents.warnings[0], "record 1: <DOC> not closed");
}

TEST(ReaderTest, MalformedSgmlFixture) {
  const std::string path = bad("malformed.txt");
  FileContents contents;
  ASSERT_NO_THROW(contents = read_file(path));
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 2u);
  expect_sane(contents, path);

  // Record 0: no DOCNO, TITLE and TEXT never closed.
  const Article& first = contents.articles[0];
  EXPECT_EQ(first.id, path + "#0");
  EXPECT_EQ(first.record, 0u);
  EXPECT_EQ(first.title, "أدنوك تبرم اتفاقية امتياز جديدة مع \"سيبسا\" الإسبانية");
  EXPECT_EQ(date_of(first), "2018-02-18T12:26:59Z");
  EXPECT_TRUE(first.body.starts_with("وقعت شركة بترول أبوظبي الوطنية")) << first.body;
  EXPECT_TRUE(first.body.ends_with("مقابل رسم بقيمة 5 مليارات و500 مليون درهم")) << first.body;

  // Record 1: a title of white space and no text.
  ASSERT_EQ(contents.skipped.size(), 1u);
  EXPECT_EQ(contents.skipped[0].record, 1u);
  EXPECT_EQ(contents.skipped[0].reason, "no title and no text");

  // Record 2: the file ends in "</TE", without </DOC>.
  const Article& last = contents.articles[1];
  EXPECT_EQ(last.id, "JA-localNews-41-20170122");
  EXPECT_EQ(last.record, 2u);
  EXPECT_EQ(date_of(last), "2017-01-22T17:18:00Z");
  EXPECT_TRUE(last.body.ends_with("معربة عن املها لايجاد حلول في أقرب الأوقات.")) << last.body;
  ASSERT_EQ(contents.warnings.size(), 1u);
  EXPECT_EQ(contents.warnings[0], "record 3: <DOC> not closed");
}

TEST(ReaderTest, CompactIsoTime) {
  const FileContents contents = read_file(good("compact_time.txt"));
  ASSERT_EQ(contents.articles.size(), 1u);
  EXPECT_EQ(contents.articles[0].raw_date, "2017-01-22T171800");
  EXPECT_EQ(date_of(contents.articles[0]), "2017-01-22T17:18:00Z");
}

TEST(ReaderTest, UnparseableDateKeepsArticle) {
  const FileContents contents = parse_content(
      "<DOC><DOCNO>JA-politic-1</DOCNO><TITLE>المرايحي</TITLE><TIME> 31/02/2017 </TIME></DOC>"
      "<DOC><DOCNO>JA-politic-2</DOCNO><TITLE>مرزوق</TITLE><TIME></TIME></DOC>",
      Format::kSgml, "dates.sgml");
  ASSERT_EQ(contents.articles.size(), 2u);
  EXPECT_FALSE(contents.articles[0].date.has_value());
  EXPECT_EQ(contents.articles[0].raw_date, "31/02/2017");
  EXPECT_FALSE(contents.articles[1].date.has_value());  // no date at all is not a warning
  EXPECT_EQ(contents.unparsed_dates, 1u);
  ASSERT_EQ(contents.warnings.size(), 1u);
  EXPECT_EQ(contents.warnings[0], "record 1 (JA-politic-1): unparseable date '31/02/2017'");
}

TEST(ReaderTest, SgmlWithoutDoc) {
  const FileContents contents = parse_content("<TITLE>عنوان</TITLE>", Format::kSgml, "x.sgml");
  EXPECT_EQ(contents.error, "no <DOC> record");
  EXPECT_TRUE(contents.articles.empty());
}

TEST(ReaderTest, ByteOrderMark) {
  const std::string path = good("bom.txt");
  ASSERT_TRUE(bytes_of(path).starts_with("\xEF\xBB\xBF"));
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 1u);
  EXPECT_EQ(contents.articles[0].id, "FR-culture-1-20180218");
  EXPECT_EQ(contents.articles[0].source, "france24");
  EXPECT_EQ(date_of(contents.articles[0]), "2018-02-18T15:38:57Z");

  const FileContents text = parse_content("\xEF\xBB\xBF" "وفاة المخرج\nنص", Format::kText, "bom.txt");
  ASSERT_EQ(text.articles.size(), 1u);
  EXPECT_EQ(text.articles[0].title, "وفاة المخرج");
  const FileContents json = parse_content("\xEF\xBB\xBF{\"title\": \"وفاة\"}", Format::kJson, "bom.json");
  ASSERT_EQ(json.error, "");
  ASSERT_EQ(json.articles.size(), 1u);
}

TEST(ReaderTest, PlainText) {
  const std::string path = good("plain.txt");
  ASSERT_EQ(detect_format(path, bytes_of(path)), Format::kText);
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 1u);
  const Article& article = contents.articles[0];
  EXPECT_EQ(article.id, path + "#0");
  EXPECT_EQ(article.title,
            "الرئيس التنفيذي لشركة Tesla، Elon Musk (يسار)، والرئيس التنفيذي لشركة Nvidia، Jensen Huang (R).");
  EXPECT_TRUE(article.body.starts_with("رويترز\nفي نوفمبر 2023، في اجتماع شامل مع الموظفين")) << article.body;
  EXPECT_FALSE(article.date.has_value());

  static const struct {
    const char* content;
    const char* title;
    const char* body;
  } cases[] = {
      {"عنوان فقط", "عنوان فقط", ""},
      {"\r\n \n  عنوان  \r\n\r\nسطر أول\r\nسطر ثان\r\n", "عنوان", "سطر أول\r\nسطر ثان"},
  };
  for (const auto& c : cases) {
    const FileContents small = parse_content(c.content, Format::kText, "p.txt");
    ASSERT_EQ(small.articles.size(), 1u) << c.content;
    EXPECT_EQ(small.articles[0].title, c.title);
    EXPECT_EQ(small.articles[0].body, c.body);
  }
}

TEST(ReaderTest, JsonArray) {
  const std::string path = good("articles.json");
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 2u);
  EXPECT_TRUE(contents.skipped.empty());
  expect_sane(contents, path);
  const Article& bbc = contents.articles[0];
  EXPECT_EQ(bbc.id, "BB-culture-1-20180218");
  EXPECT_EQ(bbc.title, "المؤرخ السينمائي أشرف غريب \" يحطم الأساطير\" المحيطة بالممثلين اليهود في مصر");
  EXPECT_EQ(bbc.source, "BBC");
  EXPECT_EQ(bbc.category, "culture");
  EXPECT_EQ(bbc.url, "http://www.bbc.co.uk/arabic/art-and-culture-43105759");
  EXPECT_TRUE(bbc.abstract.starts_with("كتاب غير مسبوق"));
  EXPECT_TRUE(bbc.body.starts_with("ليست هذه المرة الأولى"));
  EXPECT_EQ(date_of(bbc), "2018-02-18T17:21:49Z");
  // No id, "text" for the body, the date as a number.
  const Article& sky = contents.articles[1];
  EXPECT_EQ(sky.id, path + "#1");
  EXPECT_EQ(sky.author, "أبوظبي - سكاي نيوز عربية");
  EXPECT_TRUE(sky.body.starts_with("وقعت شركة بترول أبوظبي الوطنية")) << sky.body;
  EXPECT_EQ(sky.raw_date, "1518956819");
  EXPECT_EQ(date_of(sky), "2018-02-18T12:26:59Z");
}

TEST(ReaderTest, JsonLines) {
  const std::string path = good("articles.jsonl");
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 3u);
  expect_sane(contents, path);
  EXPECT_EQ(contents.articles[0].id, "CN-economy-1-20180213");
  EXPECT_EQ(date_of(contents.articles[0]), "2018-02-13T10:22:00Z");
  EXPECT_EQ(contents.articles[1].id, "FR-culture-1-20180218");
  EXPECT_EQ(contents.articles[1].title, "وفاة المخرج السينمائي الأفريقي إدريسا ويدراوغو عن عمر ناهز 64 عاما");
  EXPECT_EQ(contents.articles[2].id, "JA-culture-56-20160701");
  EXPECT_EQ(contents.articles[2].record, 2u);
  EXPECT_EQ(date_of(contents.articles[2]), "2016-07-01T00:00:00Z");
}

TEST(ReaderTest, JsonRecords) {
  static const struct {
    const char* content;
    Format format;
    std::size_t articles;
    const char* skip_reason;  // of the first skipped record, or ""
    const char* error;        // prefix of FileContents::error, or ""
  } cases[] = {
      {R"({"title": "وفاة المخرج", "body": "نص"})", Format::kJson, 1, "", ""},
      {R"({"title": 5, "body": "نص"})", Format::kJson, 0, "field 'title' is not a string", ""},
      {R"({"title": "وفاة", "author": ["أ", "ب"]})", Format::kJson, 0, "field 'author' is not a string", ""},
      {R"({"id": 1.5, "title": "وفاة"})", Format::kJson, 0, "field 'id' is not a string", ""},
      {R"({"title": "وفاة", "text": {}})", Format::kJson, 0, "field 'text' is not a string", ""},
      {R"({"title": "وفاة", "date": true})", Format::kJson, 0, "field 'date' is not a string or a number", ""},
      {R"({"title": "وفاة", "date": null, "author": null})", Format::kJson, 1, "", ""},
      {R"({"source": "BBC", "title": "  ", "body": ""})", Format::kJson, 0, "no title and no body", ""},
      {R"([{"title": "وفاة"}, 3, {"body": "نص"}])", Format::kJson, 2, "not a JSON object", ""},
      {R"([])", Format::kJson, 0, "", ""},
      {R"("وفاة المخرج")", Format::kJson, 0, "", "expected a JSON object or an array of objects"},
      {R"([1, "وفاة"])", Format::kJson, 0, "", "expected a JSON object or an array of objects"},
      {R"({"title": "وفاة")", Format::kJson, 0, "", "invalid JSON: parse error at line 1"},
      {R"({"title": "وفاة"} {"title": "ثانية"})", Format::kJson, 0, "", "invalid JSON: "},
      {"{\"title\": \"أ\"}\n\n  \n{\"title\": \"ب\"}\n", Format::kJsonLines, 2, "", ""},
      {"{\"title\": \"أ\"}\n[1]\n", Format::kJsonLines, 1, "line 2: not a JSON object", ""},
      {"{\"title\": \"أ\"}\r\n{\"title\": 7}\r\n", Format::kJsonLines, 1,
       "line 2: field 'title' is not a string", ""},
      {"{\"title\": \"أ\"}\n{\"body\": \"\"}", Format::kJsonLines, 1, "line 2: no title and no body", ""},
      {"{\"title\": \"أ\"\n", Format::kJsonLines, 0, "line 1: invalid JSON: parse error at line 1", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.content);
    FileContents contents;
    ASSERT_NO_THROW(contents = parse_content(c.content, c.format, "feed"));
    EXPECT_TRUE(contents.error.starts_with(c.error)) << contents.error;
    EXPECT_EQ(contents.error.empty(), std::string(c.error).empty()) << contents.error;
    EXPECT_EQ(contents.articles.size(), c.articles);
    if (*c.skip_reason == '\0') {
      EXPECT_TRUE(contents.skipped.empty());
    } else {
      ASSERT_FALSE(contents.skipped.empty());
      EXPECT_TRUE(contents.skipped[0].reason.starts_with(c.skip_reason)) << contents.skipped[0].reason;
    }
    expect_sane(contents, "feed");
  }
}

TEST(ReaderTest, JsonIdsAndDates) {
  static const struct {
    const char* content;
    const char* id;
    const char* raw_date;
    const char* date;
    std::uint32_t unparsed;
  } cases[] = {
      {R"({"id": "FR-culture-1", "title": "وفاة", "date": "Sun, 18 Feb 2018 15:38:57 GMT"})", "FR-culture-1",
       "Sun, 18 Feb 2018 15:38:57 GMT", "2018-02-18T15:38:57Z", 0},
      {R"({"id": 42, "title": "وفاة", "date": 1518968337})", "42", "1518968337", "2018-02-18T15:38:57Z", 0},
      {R"({"title": "وفاة", "date": 0})", "feed#0", "0", "1970-01-01T00:00:00Z", 0},
      {R"({"title": "وفاة", "date": -86400})", "feed#0", "-86400", "1969-12-31T00:00:00Z", 0},
      {R"({"title": "وفاة", "date": 1518968337.75})", "feed#0", "1518968337.75", "2018-02-18T15:38:57Z", 0},
      {R"({"title": "وفاة", "date": " 2018-02-18 "})", "feed#0", "2018-02-18", "2018-02-18T00:00:00Z", 0},
      {R"({"title": "وفاة", "date": "أمس"})", "feed#0", "أمس", "none", 1},
      {R"({"title": "وفاة", "date": 1e20})", "feed#0", "1e+20", "none", 1},
      {R"({"title": "وفاة", "date": 18446744073709551615})", "feed#0", "18446744073709551615", "none", 1},
      {R"({"title": "وفاة", "id": "", "date": ""})", "feed#0", "", "none", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.content);
    const FileContents contents = parse_content(c.content, Format::kJson, "feed");
    ASSERT_EQ(contents.articles.size(), 1u);
    EXPECT_EQ(contents.articles[0].id, c.id);
    EXPECT_EQ(contents.articles[0].raw_date, c.raw_date);
    EXPECT_EQ(date_of(contents.articles[0]), c.date);
    EXPECT_EQ(contents.unparsed_dates, c.unparsed);
    EXPECT_EQ(contents.warnings.size(), c.unparsed);
  }
}

TEST(ReaderTest, MixedJsonLinesKeepsGoodRecords) {
  const std::string path = bad("mixed.jsonl");
  FileContents contents;
  ASSERT_NO_THROW(contents = read_file(path));
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 3u);
  EXPECT_EQ(contents.articles[0].id, "BB-culture-1-20180218");
  EXPECT_EQ(contents.articles[1].id, "CN-economy-1-20180213");
  EXPECT_EQ(contents.articles[2].id, "FR-culture-1-20180218");
  EXPECT_EQ(contents.articles[2].record, 3u);  // the blank line is not a record
  ASSERT_EQ(contents.skipped.size(), 1u);
  EXPECT_EQ(contents.skipped[0].record, 2u);
  EXPECT_TRUE(contents.skipped[0].reason.starts_with("line 3: invalid JSON: parse error at line 1, column "))
      << contents.skipped[0].reason;
  EXPECT_EQ(contents.skipped[0].reason.find("[json.exception"), std::string::npos);
  EXPECT_LE(contents.skipped[0].reason.size(), 200u);
}

// Each file of tests/data/bad gives the documented outcome, and none throws.
TEST(ReaderTest, BadFixtures) {
  static const struct {
    const char* name;
    const char* error;  // prefix of FileContents::error; "" when the file is read
    std::size_t articles;
    std::size_t skipped;
    std::size_t warnings;
  } cases[] = {
      {"empty.txt", "empty file", 0, 0, 0},
      {"whitespace.txt", "empty file", 0, 0, 0},
      {"binary.txt", "binary or not UTF-8 (", 0, 0, 0},
      {"truncated.txt.gz", "truncated gzip (ends inside compressed data)", 0, 0, 0},
      {"corrupt.json.gz", "corrupt gzip: ", 0, 0, 0},
      {"not_gzip.txt.gz", "not gzip (no gzip header)", 0, 0, 0},
      {"bad.json", "invalid JSON: parse error at line ", 0, 0, 0},
      {"not_object.json", "expected a JSON object or an array of objects", 0, 0, 0},
      {"invalid_utf8.txt", "", 1, 0, 1},
      {"malformed.txt", "", 2, 1, 1},
      {"mixed.jsonl", "", 3, 1, 0},
      {"no-such-file.txt", "cannot open file: No such file or directory", 0, 0, 0},
      {"photo.png", "unsupported file type '.png'", 0, 0, 0},
      {"archive.tar.GZ", "unsupported file type '.tar.GZ'", 0, 0, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    FileContents contents;
    ASSERT_NO_THROW(contents = read_file(bad(c.name)));
    EXPECT_TRUE(contents.error.starts_with(c.error)) << contents.error;
    EXPECT_EQ(contents.error.empty(), *c.error == '\0') << contents.error;
    EXPECT_EQ(contents.articles.size(), c.articles);
    EXPECT_EQ(contents.skipped.size(), c.skipped);
    EXPECT_EQ(contents.warnings.size(), c.warnings);
  }
  // The counts agree with Python's UTF-8 decoder, which also replaces maximal subparts.
  EXPECT_EQ(read_file(bad("binary.txt")).error, "binary or not UTF-8 (306 NUL bytes, 780 invalid bytes)");
}

// nlohmann's parse errors quote the input where the parser stopped, which may be inside a character.
TEST(ReaderTest, JsonErrorsAreUtf8) {
  static const struct {
    const char* content;
    Format format;
  } cases[] = {
      {R"({"title": "وفاة" م})", Format::kJson},
      {"{\"title\": \"وفاة\"}\n{\"date\": \"15/0 \"م}\n", Format::kJsonLines},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.content);
    const FileContents contents = parse_content(c.content, c.format, "feed");
    std::string message = contents.error;
    for (const RecordSkip& skip : contents.skipped) message += skip.reason;
    EXPECT_NE(message.find("invalid literal; last read: "), std::string::npos) << message;
    EXPECT_NE(message.find("\xEF\xBF\xBD"), std::string::npos) << message;  // the cut character
    EXPECT_TRUE(fuzz::is_utf8(message)) << message;
  }
}

// Inputs the fuzzers of tests/fuzz found (tests/data/fuzz-regressions/<target>-<what>, bytes as the
// fuzzer got them): each now reads without breaking what reader.h promises.
TEST(ReaderTest, FuzzRegressions) {
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(std::string(FAHRAS_SOURCE_DIR) + "/tests/data/fuzz-regressions")) {
    const std::string name = entry.path().filename().string();
    const std::string bytes = bytes_of(entry.path().string());
    SCOPED_TRACE(name);
    FileContents contents;
    if (name.starts_with("json_fuzz-")) {  // first byte: odd for JSON Lines
      ASSERT_FALSE(bytes.empty());
      contents = parse_content(std::string_view(bytes).substr(1), (bytes[0] & 1) ? Format::kJsonLines : Format::kJson,
                               "fuzz");
    } else if (name.starts_with("html_fuzz-")) {
      contents = parse_content(bytes, Format::kHtml, "fuzz");
      for (const Article& a : contents.articles) EXPECT_EQ(a.title.find('\n'), std::string::npos) << a.title;
    } else if (name.starts_with("sgml_fuzz-")) {
      contents = parse_content(bytes, Format::kSgml, "fuzz");
    } else {
      ADD_FAILURE() << "no reader for " << name;
      continue;
    }
    ++count;
    EXPECT_TRUE(fuzz::is_utf8(contents.error)) << contents.error;
    for (const RecordSkip& skip : contents.skipped) EXPECT_TRUE(fuzz::is_utf8(skip.reason)) << skip.reason;
    for (const Article& a : contents.articles) {
      for (const std::string* field : {&a.id, &a.title, &a.body, &a.abstract, &a.source, &a.url, &a.author,
                                       &a.category, &a.raw_date}) {
        EXPECT_TRUE(fuzz::is_utf8(*field)) << *field;
      }
    }
  }
  EXPECT_GE(count, 2u);
}

TEST(ReaderTest, InvalidUtf8IsReplaced) {
  const std::string path = bad("invalid_utf8.txt");
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.warnings.size(), 1u);
  EXPECT_EQ(contents.warnings[0], "3 invalid UTF-8 bytes replaced");
  ASSERT_EQ(contents.articles.size(), 1u);
  const Article& article = contents.articles[0];
  EXPECT_EQ(article.id, "FR-culture-1-20180218");
  // FF and FE are each a bad sequence of their own; D8 starts a pair that the next byte breaks.
  EXPECT_EQ(article.title, std::string("وفاة المخ") + kU8Replacement + kU8Replacement +
                               "رج السينمائي الأفريقي إدريسا ويدراوغو عن عمر ناهز 64 عاما");
  const std::string around = std::string("الأحد في العاص") + kU8Replacement + "مة واغادوغو، عن عمر ناهز 64 عاما.";
  EXPECT_NE(article.body.find(around), std::string::npos) << article.body;
  EXPECT_TRUE(article.body.starts_with("توفي المخرج السينمائي الشهير إدريسا ويدراوغو")) << article.body;
  EXPECT_EQ(date_of(article), "2018-02-18T15:38:57Z");
}

// Unicode's well-formed byte sequences (table 3-7), one U+FFFD per maximal ill-formed subpart.
TEST(ReaderTest, Utf8Validation) {
#define FFFD "\xEF\xBF\xBD"
  static const struct {
    const char* bytes;
    const char* text;  // what the reader makes of `bytes`
    int invalid;       // bytes counted as invalid
  } cases[] = {
      {"\xD9\x85", "\xD9\x85", 0},                          // U+0645 ARABIC LETTER MEEM
      {"\xE2\x80\x93", "\xE2\x80\x93", 0},                  // U+2013 EN DASH
      {"\xF0\x9F\x93\xB0", "\xF0\x9F\x93\xB0", 0},          // U+1F4F0 NEWSPAPER
      {"\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", 0},          // U+10FFFF, the last code point
      {"\xEF\xBF\xBD", FFFD, 0},                            // U+FFFD itself is valid
      {"\xFF\xFE", FFFD FFFD, 2},
      {"\xC0\xAF", FFFD FFFD, 2},                            // overlong '/'
      {"\xC1\xBF", FFFD FFFD, 2},                            // overlong DEL
      {"\xE0\x80\xAF", FFFD FFFD FFFD, 3},                   // overlong, three bytes
      {"\xF0\x80\x80\xAF", FFFD FFFD FFFD FFFD, 4},          // overlong, four bytes
      {"\xED\xA0\x80", FFFD FFFD FFFD, 3},                   // surrogate U+D800
      {"\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD, 4},          // U+110000
      {"\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD, 4},
      {"\xD9", FFFD, 1},                                     // a pair cut short
      {"\xE2\x80", FFFD, 2},                                 // a triple cut short: one subpart
      {"\xF0\x9F\x93", FFFD, 3},                             // a quadruple cut short
      {"\x80", FFFD, 1},                                     // a lone continuation byte
      {"\xD9\xD9\x85", FFFD "\xD9\x85", 1},                 // a lead byte, then a good MEEM
  };
#undef FFFD
  const std::string filler(200, 'x');
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::PrintToString(std::string(c.bytes)));
    const std::string content = "عنوان\nقبل" + std::string(c.bytes) + "بعد " + filler;
    const FileContents contents = parse_content(content, Format::kText, "u.txt");
    ASSERT_EQ(contents.error, "");
    ASSERT_EQ(contents.articles.size(), 1u);
    EXPECT_EQ(contents.articles[0].body, "قبل" + std::string(c.text) + "بعد " + filler);
    if (c.invalid == 0) {
      EXPECT_TRUE(contents.warnings.empty());
    } else {
      ASSERT_EQ(contents.warnings.size(), 1u);
      EXPECT_EQ(contents.warnings[0], std::to_string(c.invalid) + " invalid UTF-8 bytes replaced");
    }
  }
}

TEST(ReaderTest, BinaryThreshold) {
  static const struct {
    std::size_t good_bytes;
    std::size_t bad_bytes;
    const char* error;
  } cases[] = {
      {95, 5, ""},  // exactly 5% is still text
      {94, 6, "binary or not UTF-8 (6 invalid bytes)"},
      {0, 1, "binary or not UTF-8 (1 invalid bytes)"},
  };
  for (const auto& c : cases) {
    const std::string content = std::string(c.good_bytes, 'x') + std::string(c.bad_bytes, '\xFF');
    EXPECT_EQ(parse_content(content, Format::kText, "t.txt").error, c.error) << c.good_bytes;
  }
  static const char kWithNul[] = "وفاة\n\0المخرج";
  EXPECT_EQ(parse_content(std::string(kWithNul, sizeof kWithNul - 1), Format::kText, "t.txt").error,
            "binary or not UTF-8 (1 NUL bytes, 0 invalid bytes)");
}

TEST(ReaderTest, UnreadableFiles) {
  test::TempDir dir;
  fs::create_directory(dir / "folder.txt");
  const FileContents folder = read_file(dir / "folder.txt");
  EXPECT_EQ(folder.error, "cannot read file: Is a directory");
  const FileContents missing = read_file(dir / "gone.json");
  EXPECT_EQ(missing.error, "cannot open file: No such file or directory");
  EXPECT_TRUE(missing.articles.empty());
}

TEST(ReaderTest, PathIsKeptAsGiven) {
  test::TempDir dir;
  fs::copy_file(good("multi_doc.sgml"), dir / "MULTI");  // no extension: the content decides
  const fs::path path = dir / "." / "MULTI";
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.articles.size(), 3u);
  EXPECT_EQ(contents.articles[2].path, path.string());
}

// Every cut of every good fixture parses without throwing, and what it yields is usable.
TEST(ReaderTest, TruncatedInputNeverThrows) {
  for (const char* name :
       {"multi_doc.sgml", "not_well_formed.txt", "articles.json", "articles.jsonl", "plain.txt"}) {
    const std::string path = good(name);
    const std::string content = bytes_of(path);
    ASSERT_FALSE(content.empty()) << name;
    const Format format = detect_format(path, content);
    for (std::size_t size = 0; size <= content.size(); size += 7) {
      FileContents contents;
      ASSERT_NO_THROW(contents = parse_content(content.substr(0, size), format, path)) << name << " " << size;
      expect_sane(contents, path);
      EXPECT_TRUE(contents.error.empty() || contents.articles.empty()) << name << " " << size;
    }
  }
}

}  // namespace
}  // namespace fahras
