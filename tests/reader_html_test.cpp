// Tests for the HTML reader (indexer/reader_html.cpp) over news pages made from real ANT articles:
// metadata from Open Graph / article:* / schema.org, the article's text without page furniture, and
// pages built to be slow.
#include <gtest/gtest.h>

#include <string>

#include "fahras/date.h"
#include "fahras/reader.h"

namespace fahras {
namespace {

std::string good(const std::string& name) {
  return std::string(FAHRAS_SOURCE_DIR) + "/tests/data/good/" + name;
}

std::string date_of(const Article& article) {
  return article.date ? format_iso8601(*article.date) : "none";
}

Article one_article(const std::string& html) {
  const FileContents contents = parse_content(html, Format::kHtml, "page.html");
  EXPECT_EQ(contents.error, "");
  EXPECT_EQ(contents.articles.size(), 1u);
  return contents.articles.empty() ? Article{} : contents.articles[0];
}

// A news page as sites write them: metadata in <head>, the article inside <main><article>, and
// around it a site header, navigation, a sidebar with an <article> of its own, scripts, a form...
TEST(HtmlReaderTest, NewsPage) {
  const std::string path = good("article.html");
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 1u);
  EXPECT_TRUE(contents.warnings.empty());
  const Article& a = contents.articles[0];
  EXPECT_EQ(a.id, path + "#0");
  EXPECT_EQ(a.path, path);
  EXPECT_EQ(a.title, "عصام الشابي : حكومة الشاهد حكومة انقاذ ولا يجب ان تتحول لحكومة تصريف أعمال");  // og:title
  EXPECT_EQ(a.raw_date, "2017-02-16T14:22:00+01:00");  // article:published_time, not <time>
  EXPECT_EQ(date_of(a), "2017-02-16T13:22:00Z");
  EXPECT_EQ(a.source, "Jawhara FM");
  EXPECT_EQ(a.author, "جوهرة أف أم - سياسة");
  EXPECT_EQ(a.url, "http://www.jawharafm.net/ar/article/عصام-الشابي/92/78215");  // og:url before canonical
  EXPECT_EQ(a.category, "politic");
  EXPECT_EQ(a.body,
            "أكد الأمين العام للحزب الجمهوري عصام الشابي ضيف بوليتيكا اليوم الخميس 16 فيفري 2017 أن الأمانة "
            "العامة هي حمل ثقيل سيعمل على التأقلم معها .\n"
            "وأوضح عصام الشابي أن الحزب الجمهوري يرى ترددا وتأخرا من الحكومة في تنفيذ الأولويات وطرح "
            "الإصلاحات الكبرى منها إصلاح القطاع الصحي ومراجعة الخارطة الصحية في تونس & مكافحة "
            "الفساد\xC2\xA0المتغلغل في كل مفاصل الدولة وفق قوله.\n"
            "وأشار الشابي إلى المواطن ينتظر من حكومة الوحدة الوطنية اليوم أن تقوم بواجبها.\n"
            "إصلاح القطاع العمومي\n"
            "الصناديق الاجتماعية\n"
            "الحزب الجمهوري\n"
            "الأمين العام عصام الشابي\n"
            "عصام الشابي في بوليتيكا");
  // Nothing from outside the article, nor from excluded elements inside it.
  for (const char* absent : {"رياضة", "الشريط الجانبي", "تعليق لا يظهر", "إعلان", "جافاسكريبت", "شعار",
                             "فيديو", "تعليقك", "اكتب هنا", "قالب", "المصدر", "الحقوق", "<", "font-family"}) {
    EXPECT_EQ(a.body.find(absent), std::string::npos) << absent;
  }
}

TEST(HtmlReaderTest, CompressedPageWithFallbacks) {
  const std::string path = good("page.html.gz");
  const FileContents contents = read_file(path);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.articles.size(), 1u);
  const Article& a = contents.articles[0];
  EXPECT_EQ(a.title, "حجز تمثال الفنان علي الرياحي في مطار قرطاج");  // <title>, white space collapsed
  EXPECT_EQ(date_of(a), "2017-06-02T10:56:00Z");                   // <meta itemprop="datePublished">
  EXPECT_EQ(a.url, "http://www.jawharafm.net/ar/article/86178");   // rel="Canonical nofollow"
  EXPECT_EQ(a.source, "");
  // <main> without <article>; unclosed <p> still separate paragraphs; the menu outside <main> is left.
  EXPECT_EQ(a.body,
            "أكد نقيب الفنانين الموسيقيين، مقداد السهيلي أن تمثال الفنان علي الرياحي الذي تم إنجازه في الصين "
            "بكلفة ناهزت 30 ألف دينار، عالق منذ يوم 25 ماي المنقضي بمطار تونس قرطاج الدولي.\n"
            "وأضاف السهيلي أن التمثال سيوضع في ساحة بالعاصمة.");
}

TEST(HtmlReaderTest, TitleAndDateFallbacks) {
  static const struct {
    const char* html;
    const char* title;
    const char* raw_date;
  } cases[] = {
      {"<title>وزارة الثقافة</title><meta property=\"og:title\" content=\" مهرجان قرطاج \"><h1>عنوان</h1>",
       "مهرجان قرطاج", ""},
      {"<title>وزارة&nbsp;الثقافة &amp; الفنون</title><h1>عنوان</h1>", "وزارة\xC2\xA0الثقافة & الفنون", ""},
      {"<body><h1>مهرجان <b>قرطاج</b>\n الدولي</h1><h1>ثان</h1><p>نص", "مهرجان قرطاج الدولي", ""},
      {"<meta property=\"og:title\" content=\"\"><title>وزارة الثقافة</title>", "وزارة الثقافة", ""},
      {"<meta name=\"pubdate\" content=\"2016-07-01\"><title>ت</title>", "ت", "2016-07-01"},
      {"<META PROPERTY=\"Article:Published_Time\" CONTENT=\"2018-02-20T01:44:01Z\"><title>ت</title>", "ت",
       "2018-02-20T01:44:01Z"},
      {"<title>ت</title><p>نص <span itemprop=\"datePublished\" datetime=\"2017-01-22\">22 جانفي</span>",
       "ت", "2017-01-22"},
      {"<title>ت</title><aside><time datetime=\"2015-01-01\">قديم</time></aside>"
       "<article><time datetime=\"2017-03-05T10:00:00+01:00\">5 مارس</time><p>نص</p></article>",
       "ت", "2017-03-05T10:00:00+01:00"},
      {"<title>ت</title><aside><time datetime=\"2015-01-01\">قديم</time></aside><p>نص", "ت", "2015-01-01"},
      {"<title>ت</title><time>بلا تاريخ</time><time datetime=\" 2016-05-17 \">17 ماي</time>", "ت", "2016-05-17"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.html);
    const Article a = one_article(c.html);
    EXPECT_EQ(a.title, c.title);
    EXPECT_EQ(a.raw_date, c.raw_date);
  }
}

TEST(HtmlReaderTest, BodyText) {
  static const struct {
    const char* html;
    const char* body;
  } cases[] = {
      // <article> wins over <main>, <main> over <body>; an <article> in an <aside> does not count.
      {"<body>قبل<main>رئيسي<article>المقال</article></main>بعد", "المقال"},
      {"<body>قبل<aside><article>جانبي</article></aside><main>رئيسي</main>", "رئيسي"},
      {"<body>قبل<nav><main>قائمة</main></nav><p>نص</p>", "قبل\nنص"},
      // Blocks end paragraphs; inline elements do not.
      {"<p>فقرة <b>أولى</b></p><p>فقرة<i>ثانية</i></p>", "فقرة أولى\nفقرةثانية"},
      {"<div>أ<div>ب</div>ج</div>د<br>هـ<br/><br>و", "أ\nب\nج\nد\nهـ\nو"},
      {"<h2>عنوان فرعي</h2>نص<ul><li>واحد<li>اثنان</ul>", "عنوان فرعي\nنص\nواحد\nاثنان"},
      {"<table><tr><th>الفريق</th><td>النقاط</td></tr><tr><td>الترجي</td><td>45</td></tr></table>",
       "الفريق النقاط\nالترجي 45"},
      {"<section>أ</section><blockquote>ب</blockquote><pre>ج   د</pre>", "أ\nب\nج د"},
      // White space collapsed; entities decoded.
      {"<p>  مهرجان\n\t قرطاج\r\n  الدولي  </p>", "مهرجان قرطاج الدولي"},
      {"<p>&#1605;&#x635;&#1585; &lt;سيبسا&gt; &quot;أدنوك&quot; AT&T &amp;amp;</p>",
       "مصر <سيبسا> \"أدنوك\" AT&T &amp;"},
      // Excluded elements and comments, wherever they are.
      {"<p>نص<script>alert('لا')</script><style>p{}</style><noscript>لا</noscript>"
       "<template>لا</template><!-- لا --><svg><text>لا</text></svg><iframe>لا</iframe>"
       "<form><label>لا</label><input value=\"لا\"><button>لا</button></form>تابع</p>",
       "نص\nتابع"},  // <form> closes the <p>
      {"<header>رأس</header><nav>قائمة</nav><p>نص</p><aside>جانبي</aside><footer>ذيل</footer>", "نص"},
      {"<p>نص <img alt=\"صورة\" src=\"a.jpg\"> تابع</p>", "نص تابع"},
      // Found by html_fuzz: gumbo wraps numeric references at 2^32 ("&#4294967296;" was U+0000, others
      // gave surrogates and so invalid UTF-8); HTML5 makes every one above U+10FFFF U+FFFD.
      {"<p>أ&#4294967296;ب&#x100000000;ج&#1566666666666666666666;د&#x110000&#1114111;</p>",
       "أ\xEF\xBF\xBDب\xEF\xBF\xBDج\xEF\xBF\xBDد\xEF\xBF\xBD\xF4\x8F\xBF\xBF"},
      {"<p>&#x635;&#15666666666685; &#0000000001589; &#x0000000635;</p>", "ص\xEF\xBF\xBD ص ص"},
      {"<p>&#x635;&#1518030eade &#x110000abc;</p>", "ص\xEF\xBF\xBD" "eade \xEF\xBF\xBD"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.html);
    EXPECT_EQ(one_article(c.html).body, c.body);
  }
}

TEST(HtmlReaderTest, PagesWithoutArticles) {
  const FileContents empty = parse_content("<!DOCTYPE html><html><head></head><body>  </body></html>",
                                           Format::kHtml, "empty.html");
  EXPECT_EQ(empty.error, "");
  EXPECT_TRUE(empty.articles.empty());
  ASSERT_EQ(empty.skipped.size(), 1u);
  EXPECT_EQ(empty.skipped[0].reason, "no title and no text");

  const FileContents scripts = parse_content("<html><script>var x = 'مقال';</script></html>", Format::kHtml, "s.html");
  EXPECT_TRUE(scripts.articles.empty());
  EXPECT_EQ(scripts.skipped.size(), 1u);
}

// gumbo's tree builder is quadratic in the nesting depth: pages nested beyond kMaxHtmlDepth are
// refused before parsing; deep but legitimate structures (unclosed <p>, <li>, <td>, void elements,
// markup inside scripts and comments) do not count.
TEST(HtmlReaderTest, NestingDepth) {
  const auto repeat = [](const std::string& piece, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
  };
  const std::string refused = "HTML nested deeper than " + std::to_string(kMaxHtmlDepth) + " elements, not read";
  static const struct {
    std::string html;
    bool refused;
  } cases[] = {
      {"<title>ت</title>" + repeat("<div>", kMaxHtmlDepth) + "نص", false},
      {"<title>ت</title>" + repeat("<div>", kMaxHtmlDepth + 1) + "نص", true},
      {"<title>ت</title>" + repeat("<b>", 100000), true},
      {"<title>ت</title>" + repeat("<DIV class=\"x\"><span>", 600), true},
      {"<title>ت</title>" + repeat("<div>نص</div>", 50000), false},
      {"<title>ت</title>" + repeat("<p>فقرة", 20000) + repeat("<li>بند", 20000) + repeat("<td>خانة", 20000),
       false},
      {"<title>ت</title>" + repeat("<br><img src=x><hr/><p/>", 20000), false},
      {"<title>ت</title>" + repeat("<span/>", 20000), true},  // HTML ignores the slash: 20,000 deep
      {"<title>ت</title>" + repeat("<svg><path d=\"M0 0\"/><g/><circle r=\"1\"></circle></svg>", 20000), false},
      {"<title>ت</title><script>" + repeat("<div>", 20000) + "</script><!--" + repeat("<div>", 20000) +
           "--><textarea>" + repeat("<b>", 20000) + "</textarea>نص",
       false},
      {"<title>ت</title>" + repeat("< div>", 20000) + repeat("<3", 20000), false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.html.substr(0, 60));
    const FileContents contents = parse_content(c.html, Format::kHtml, "deep.html");
    EXPECT_EQ(contents.error, c.refused ? refused : "");
    EXPECT_EQ(contents.articles.size(), c.refused ? 0u : 1u);
  }
}

}  // namespace
}  // namespace fahras
