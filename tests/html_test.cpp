// HTML printer: escaping, URL encoding, <mark> highlights and the page's structure, on real Arabic text.
#include <gtest/gtest.h>

#include "fahras/html.h"

namespace fahras::html {
namespace {

// Highlights of every occurrence of `word` in `text`.
Snippet marking(const std::string& text, const std::vector<std::string>& words) {
  Snippet s{text, {}};
  for (std::size_t at = 0; at < text.size(); ++at) {
    for (const std::string& w : words) {
      if (text.compare(at, w.size(), w) == 0) {
        s.highlights.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + w.size())});
        at += w.size() - 1;
        break;
      }
    }
  }
  return s;
}

TEST(HtmlTest, EscapeMakesTextSafeInContentAndAttributes) {
  static const struct {
    const char* text;
    const char* escaped;
  } cases[] = {
      {"الانتخابات البلدية", "الانتخابات البلدية"},
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
      {"\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"},
      {"' onmouseover='alert(1)", "&#39; onmouseover=&#39;alert(1)"},
      {"وزارة الشؤون & الثقافة", "وزارة الشؤون &amp; الثقافة"},
      {"&amp;", "&amp;amp;"},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(escape(c.text), c.escaped) << c.text;
}

TEST(HtmlTest, UrlEncodeKeepsOnlyUnreservedBytes) {
  static const struct {
    const char* text;
    const char* encoded;
  } cases[] = {
      {"تونس", "%D8%AA%D9%88%D9%86%D8%B3"},
      {"Jawhara FM", "Jawhara%20FM"},
      {"a&b=c#d?e+f/g", "a%26b%3Dc%23d%3Fe%2Bf%2Fg"},
      {"2018-03-05", "2018-03-05"},
      {"\"x\"", "%22x%22"},
  };
  for (const auto& c : cases) EXPECT_EQ(url_encode(c.text), c.encoded) << c.text;
}

TEST(HtmlTest, MarkedWrapsHighlightsAndEscapesAround) {
  static const struct {
    const char* text;
    std::vector<std::string> words;
    const char* html;
  } cases[] = {
      {"أعلنت الهيئة أن الانتخابات البلدية ستجرى", {"الانتخابات", "البلدية"},
       "أعلنت الهيئة أن <mark>الانتخابات</mark> <mark>البلدية</mark> ستجرى"},
      {"…<b>والانتخابات</b>…", {"والانتخابات"}, "…&lt;b&gt;<mark>والانتخابات</mark>&lt;/b&gt;…"},
      {"قال \"للانتخابات\" & غيرها", {"للانتخابات"}, "قال &quot;<mark>للانتخابات</mark>&quot; &amp; غيرها"},
      {"لا شيء هنا", {}, "لا شيء هنا"},
  };
  for (const auto& c : cases) EXPECT_EQ(marked(marking(c.text, c.words)), c.html) << c.text;

  // Highlights out of the text or out of order are ignored, never read past the end.
  const std::string text = "الانتخابات البلدية";
  Snippet bad{text, {{0, 20}, {0, 20}, {21, 500}, {30, 25}, {21, 35}}};
  EXPECT_EQ(marked(bad), "<mark>الانتخابات</mark> <mark>البلدية</mark>");
}

TEST(HtmlTest, PageUrlCarriesTheFormAndLeavesDefaultsOut) {
  PageForm form;
  form.q = "الانتخابات البلدية";
  EXPECT_EQ(page_url(form, 1), "/?q=%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA%20"
                               "%D8%A7%D9%84%D8%A8%D9%84%D8%AF%D9%8A%D8%A9");
  form.q = "تونس";
  form.source = "Jawhara FM";
  form.since = "2017";
  form.sort = "relevance";
  EXPECT_EQ(page_url(form, 3), "/?q=%D8%AA%D9%88%D9%86%D8%B3&source=Jawhara%20FM&since=2017&page=3");
  form.sort = "date";
  form.limit = "20";
  EXPECT_EQ(page_url(form, 1), "/?q=%D8%AA%D9%88%D9%86%D8%B3&source=Jawhara%20FM&since=2017&sort=date&limit=20");
  EXPECT_EQ(page_url(PageForm{}, 1), "/");
}

SearchResults one_result(const std::string& url) {
  SearchResults results;
  results.query = "الانتخابات";
  results.estimated = 1;
  Hit hit;
  hit.rank = 1;
  hit.id = "JA-politic-1";
  hit.title = marking("هيئة الانتخابات تعلن الروزنامة", {"الانتخابات"});
  hit.source = "Jawhara FM";
  hit.category = "politic";
  hit.date = 1485415860;  // 2017-01-26T07:31:00Z
  hit.url = url;
  hit.snippet = marking("…أعلنت الهيئة العليا المستقلة للانتخابات عن…", {"للانتخابات"});
  results.hits.push_back(hit);
  return results;
}

TEST(HtmlTest, ResultShowsTitleSourceCategoryDateAndSnippet) {
  const SearchResults results = one_result("http://www.jawharafm.net/ar/article/1");
  Page page;
  page.form.q = "الانتخابات";
  page.results = &results;
  const std::string html = render_page(page);
  EXPECT_EQ(html.rfind("<!doctype html>\n<html dir=\"rtl\" lang=\"ar\">", 0), 0u);
  EXPECT_NE(html.find("<title>الانتخابات — فهرس</title>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"http://www.jawharafm.net/ar/article/1\" rel=\"noopener noreferrer\">هيئة "
                      "<mark>الانتخابات</mark> تعلن الروزنامة</a>"),
            std::string::npos);
  EXPECT_NE(html.find("<a class=\"source\" href=\"/?q=%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA"
                      "&amp;source=Jawhara%20FM\">Jawhara FM</a>"),
            std::string::npos);
  EXPECT_NE(html.find(">politic</a>"), std::string::npos);
  EXPECT_NE(html.find("<time datetime=\"2017-01-26T07:31:00Z\">2017-01-26</time>"), std::string::npos);
  EXPECT_NE(html.find("المستقلة <mark>للانتخابات</mark> عن"), std::string::npos);
  EXPECT_NE(html.find("النتائج 1–1 من نحو 1"), std::string::npos);
  EXPECT_EQ(html.find("<nav"), std::string::npos) << "one page: no page links";
}

TEST(HtmlTest, OnlyWebUrlsBecomeLinks) {
  for (const char* url : {"javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "JAVASCRIPT:x", ""}) {
    const SearchResults results = one_result(url);
    Page page;
    page.results = &results;
    const std::string html = render_page(page);
    EXPECT_NE(html.find("<h2 class=\"title\" dir=\"auto\">هيئة <mark>الانتخابات</mark>"), std::string::npos) << url;
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos) << url;
    EXPECT_EQ(html.find("href=\"data:text"), std::string::npos) << url;
  }
}

TEST(HtmlTest, ErrorsAndEmptyResultsAreSaidInArabicAndEnglish) {
  Page page;
  page.form.q = "(تونس";
  page.status = PageStatus::kBadRequest;
  page.error = "unbalanced parenthesis: '(' without ')'";
  const std::string bad = render_page(page);
  EXPECT_NE(bad.find("<div class=\"error\" role=\"alert\"><p>تعذّر تنفيذ هذا البحث"), std::string::npos);
  EXPECT_NE(bad.find("This search cannot be run: unbalanced parenthesis: &#39;(&#39; without &#39;)&#39;"),
            std::string::npos);
  EXPECT_NE(bad.find("name=\"q\" value=\"(تونس\""), std::string::npos);

  SearchResults none;
  none.query = "<كلمة>";
  Page empty;
  empty.form.q = none.query;
  empty.results = &none;
  const std::string html = render_page(empty);
  EXPECT_NE(html.find("لا نتائج لـ «&lt;كلمة&gt;»"), std::string::npos);
  EXPECT_NE(html.find("No results for “&lt;كلمة&gt;”"), std::string::npos);
}

}  // namespace
}  // namespace fahras::html
