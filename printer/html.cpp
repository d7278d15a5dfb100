#include "fahras/html.h"

#include <algorithm>

#include "fahras/date.h"
#include "fahras/normalize.h"
#include "fahras/printer.h"

namespace fahras::html {
namespace {

// Inline, so that the page loads nothing else (the server's Content-Security-Policy allows no other
// style source). The font stack puts faces made for Arabic first.
constexpr std::string_view kStyle = R"css(
body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Segoe UI", Tahoma, sans-serif;
       max-width: 50rem; margin: 0 auto; padding: 1rem; line-height: 1.7; color: #1d1d1f; background: #fff; }
header h1 { margin: 0 0 .5rem; font-size: 1.6rem; }
header h1 a { color: inherit; text-decoration: none; }
form .row { display: flex; gap: .5rem; }
input, select, button { font: inherit; }
input[name=q] { flex: 1; padding: .35rem .6rem; border: 1px solid #888; border-radius: .4rem; }
button { padding: .35rem 1.2rem; border: 0; border-radius: .4rem; background: #0b6e4f; color: #fff; cursor: pointer; }
fieldset { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .6rem 0 0; padding: .3rem .8rem .6rem;
           border: 1px solid #ddd; border-radius: .4rem; font-size: .9rem; }
fieldset label { display: flex; flex-direction: column; }
.summary, .meta { color: #555; font-size: .9rem; }
ol.results { list-style: none; padding: 0; }
li.result { margin: 0 0 1.4rem; }
li.result h2 { font-size: 1.15rem; margin: 0; }
li.result h2 a { color: #1a0dab; text-decoration: none; }
.meta a { color: inherit; }
.snippet { margin: .2rem 0 0; }
mark { background: #fde68a; color: inherit; border-radius: .2rem; padding: 0 .1rem; }
.error { border: 1px solid #b91c1c; background: #fef2f2; border-radius: .4rem; padding: .5rem 1rem; }
nav.pages { display: flex; flex-wrap: wrap; gap: .6rem; align-items: baseline; }
nav.pages [aria-current] { font-weight: bold; }
[lang=en] { font-family: "Segoe UI", Tahoma, sans-serif; }
.suggestion { font-size: 1.05rem; }
.suggestion a { font-weight: bold; }
.facets { display: flex; flex-wrap: wrap; gap: .2rem 1.5rem; font-size: .9rem; margin: .4rem 0 1rem; }
.facets ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .1rem .8rem; }
.facets h2 { font-size: .9rem; margin: 0; color: #555; }
.facets .count { color: #555; }
.facets [aria-current] { font-weight: bold; }
)css";

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// True iff `s` is YYYY-MM-DD, the only value an <input type=date> keeps.
bool is_full_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_ascii_digit(s[i])) return false;
  }
  return true;
}

bool is_web_url(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

// Appends ` name="value"`, the value escaped.
void attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  out += escape(value);
  out += '"';
}

void text_input(std::string& out, std::string_view label, std::string_view name, std::string_view value,
                std::string_view placeholder) {
  out += "<label>";
  out += label;
  out += "<input";
  attribute(out, "name", name);
  attribute(out, "value", value);
  attribute(out, "placeholder", placeholder);
  out += " dir=\"auto\"></label>\n";
}

void date_input(std::string& out, std::string_view label, std::string_view name, std::string_view value) {
  out += "<label>";
  out += label;
  // A partial date (2018, 2018-03) is valid here but would be dropped by a date input: keep it as text.
  out += value.empty() || is_full_date(value) ? "<input type=\"date\"" : "<input type=\"text\"";
  attribute(out, "name", name);
  attribute(out, "value", value);
  out += " placeholder=\"2018-03-05\" dir=\"ltr\"></label>\n";
}

void form_html(std::string& out, const PageForm& form) {
  out += "<form method=\"get\" action=\"/\" role=\"search\">\n<div class=\"row\">";
  out += "<input type=\"search\" name=\"q\"";
  attribute(out, "value", form.q);
  out += " placeholder=\"ابحث في الأخبار…\" aria-label=\"بحث\" dir=\"auto\" autofocus>";
  out += "<button type=\"submit\">ابحث</button></div>\n";
  out += "<fieldset><legend>تصفية النتائج</legend>\n";
  text_input(out, "المصدر", "source", form.source, "Jawhara FM");
  text_input(out, "التصنيف", "category", form.category, "politic");
  date_input(out, "من تاريخ", "since", form.since);
  date_input(out, "إلى تاريخ", "until", form.until);
  out += "<label>الترتيب<select name=\"sort\">";
  static constexpr std::pair<std::string_view, std::string_view> kSorts[] = {
      {"relevance", "الأكثر صلة"}, {"date", "الأحدث أولًا"}, {"oldest", "الأقدم أولًا"}};
  for (const auto& [value, label] : kSorts) {
    const bool selected = form.sort == value || (form.sort.empty() && value == "relevance") ||
                          (form.sort == "newest" && value == "date");
    out += "<option value=\"";
    out += value;
    out += selected ? "\" selected>" : "\">";
    out += label;
    out += "</option>";
  }
  out += "</select></label>\n";
  if (!form.limit.empty()) {
    out += "<input type=\"hidden\" name=\"limit\"";
    attribute(out, "value", form.limit);
    out += ">\n";
  }
  out += "</fieldset>\n</form>\n";
}

void link(std::string& out, const std::string& url, std::string_view cls, std::string_view text) {
  out += "<a";
  if (!cls.empty()) attribute(out, "class", cls);
  attribute(out, "href", url);
  out += '>';
  out += escape(text);
  out += "</a>";
}

void hit_html(std::string& out, const Hit& hit, const PageForm& form) {
  out += "<li class=\"result\">\n<h2 class=\"title\" dir=\"auto\">";
  const std::string title = hit.title.text.empty() ? escape(hit.id) : marked(hit.title);
  if (is_web_url(hit.url)) {
    out += "<a";
    attribute(out, "href", hit.url);
    out += " rel=\"noopener noreferrer\">";
    out += title;
    out += "</a>";
  } else {
    out += title;
  }
  out += "</h2>\n<p class=\"meta\">";
  std::string sep;
  if (!hit.source.empty()) {
    PageForm by_source = form;
    by_source.source = hit.source;
    link(out, page_url(by_source, 1), "source", hit.source);
    sep = " · ";
  }
  if (!hit.category.empty()) {
    PageForm by_category = form;
    by_category.category = hit.category;
    out += sep;
    link(out, page_url(by_category, 1), "category", hit.category);
    sep = " · ";
  }
  if (hit.date) {
    out += sep;
    out += "<time datetime=\"";
    out += format_iso8601(*hit.date);
    out += "\">";
    out += format_ymd(*hit.date);
    out += "</time>";
  }
  out += "</p>\n";
  if (!hit.snippet.text.empty()) {
    out += "<p class=\"snippet\" dir=\"auto\">";
    out += marked(hit.snippet);
    out += "</p>\n";
  }
  if (!hit.like_this.empty()) {
    // The whole story, unfolded: this article and those folded under it, by id.
    PageForm story;
    story.q = "id:" + hit.id;
    for (const std::string& id : hit.like_this) story.q += " OR id:" + id;
    story.fold.assign(1, '0');  // not = "0": GCC 12 -O3 warns falsely (-Wrestrict, its bug 105329)
    out += "<p class=\"like-this\">";
    link(out, page_url(story, 1), "like-this", "+ " + std::to_string(hit.like_this.size()) + " أخرى مثلها");
    out += "</p>\n";
  }
  out += "</li>\n";
}

void pages_html(std::string& out, const Page& page, std::size_t returned) {
  const std::size_t offset = (page.form.page - 1) * page.per_page;
  const std::uint64_t estimated = page.results->estimated;
  const bool more = returned == page.per_page && offset + returned < estimated;
  if (page.form.page == 1 && !more) return;
  const std::size_t last = std::max<std::size_t>(
      page.form.page, static_cast<std::size_t>((estimated + page.per_page - 1) / page.per_page));
  out += "<nav class=\"pages\" aria-label=\"الصفحات\">";
  if (page.form.page > 1) {
    out += "<a rel=\"prev\"";
    attribute(out, "href", page_url(page.form, page.form.page - 1));
    out += ">→ السابقة</a>";
  }
  const std::size_t from = page.form.page > 5 ? page.form.page - 4 : 1;
  const std::size_t to = std::min(last, page.form.page + 4);
  for (std::size_t p = from; p <= to; ++p) {
    if (p == page.form.page) {
      out += "<span aria-current=\"page\">" + std::to_string(p) + "</span>";
    } else {
      link(out, page_url(page.form, p), "", std::to_string(p));
    }
  }
  if (more) {
    out += "<a rel=\"next\"";
    attribute(out, "href", page_url(page.form, page.form.page + 1));
    out += ">التالية ←</a>";
  }
  out += "</nav>\n";
}

void suggestion_html(std::string& out, const Page& page) {
  const std::string& suggestion = page.results->suggestion;
  if (suggestion.empty()) return;
  PageForm corrected = page.form;
  corrected.q = suggestion;
  const std::string url = page_url(corrected, 1);
  out += "<p class=\"suggestion\">هل تقصد: ";
  link(out, url, "", suggestion);
  out += "؟ <span lang=\"en\" dir=\"ltr\">Did you mean: <bdi>";
  link(out, url, "", suggestion);
  out += "</bdi>?</span></p>\n";
}

// "بحثنا أيضا عن: ترمب ← ترامب": the spellings each query word searched too (SearchResults::variants).
void variants_html(std::string& out, const Page& page) {
  if (page.results->variants.empty()) return;
  out += "<p class=\"variants\">بحثنا أيضًا عن: ";
  std::string_view sep;
  for (const WordVariants& w : page.results->variants) {
    out += sep;
    out += "<bdi>" + escape(w.word) + "</bdi> ← ";
    for (std::size_t i = 0; i < w.variants.size(); ++i) {
      out += (i ? "، <bdi>" : "<bdi>") + escape(w.variants[i]) + "</bdi>";
    }
    sep = "؛ ";
  }
  out += " <span lang=\"en\" dir=\"ltr\">(also searched: other spellings)</span></p>\n";
}

// One facet: each value a link to the same search filtered by it, with its count; the value the
// search is already filtered by is marked, and links back to the search without that filter.
void facet_html(std::string& out, std::string_view heading, std::string_view name,
                const std::vector<FacetCount>& counts, const PageForm& form) {
  if (counts.empty()) return;
  out += "<section";
  attribute(out, "class", name);
  out += "><h2>";
  out += heading;
  out += "</h2><ul>";
  for (const FacetCount& c : counts) {
    PageForm filtered = form;
    bool current = false;
    if (name == "year") {
      current = form.since == c.value && form.until == c.value;
      filtered.since = filtered.until = current ? "" : c.value;
    } else {
      std::string& field = name == "source" ? filtered.source : filtered.category;
      current = !field.empty() && normalize_field_value(field) == normalize_field_value(c.value);
      field = current ? "" : c.value;
    }
    out += "<li><a";
    attribute(out, "href", page_url(filtered, 1));
    if (current) out += " aria-current=\"true\"";
    out += " dir=\"auto\">";
    out += escape(c.value);
    out += "</a> <span class=\"count\">" + std::to_string(c.count) + "</span></li>";
  }
  out += "</ul></section>\n";
}

void facets_html(std::string& out, const Page& page) {
  if (!page.results->facets) return;
  const Facets& facets = *page.results->facets;
  if (facets.sources.empty() && facets.categories.empty() && facets.years.empty()) return;
  out += "<nav class=\"facets\" aria-label=\"تصفية حسب\">\n";
  facet_html(out, "المصدر", "source", facets.sources, page.form);
  facet_html(out, "التصنيف", "category", facets.categories, page.form);
  facet_html(out, "السنة", "year", facets.years, page.form);
  out += "</nav>\n";
}

void results_html(std::string& out, const Page& page) {
  const SearchResults& results = *page.results;
  const std::size_t offset = (page.form.page - 1) * page.per_page;
  suggestion_html(out, page);
  variants_html(out, page);
  if (results.hits.empty()) {
    out += "<p class=\"summary empty\">";
    if (page.form.page > 1) {
      out += "لا نتائج في هذه الصفحة. <span lang=\"en\" dir=\"ltr\">No results on this page.</span> ";
      link(out, page_url(page.form, 1), "", "الصفحة الأولى");
    } else {
      out += "لا نتائج لـ «" + escape(results.query) + "». <span lang=\"en\" dir=\"ltr\">No results for “" +
             escape(results.query) + "”.</span>";
    }
    out += "</p>\n";
    return;
  }
  out += "<p class=\"summary\" data-estimated=\"" + std::to_string(results.estimated) + "\">النتائج " +
         std::to_string(offset + 1) + "–" + std::to_string(offset + results.hits.size()) + " من نحو " +
         std::to_string(results.estimated) + " · <span class=\"elapsed\" dir=\"ltr\">" +
         human_duration(results.elapsed) + "</span></p>\n";
  for (const std::string& warning : results.warnings) {
    out += "<p class=\"warning\" lang=\"en\" dir=\"ltr\">" + escape(warning) + "</p>\n";
  }
  facets_html(out, page);
  out += "<ol class=\"results\" start=\"" + std::to_string(offset + 1) + "\">\n";
  for (const Hit& hit : results.hits) hit_html(out, hit, page.form);
  out += "</ol>\n";
  pages_html(out, page, results.hits.size());
}

void error_html(std::string& out, const Page& page) {
  std::string_view arabic, english;
  switch (page.status) {
    case PageStatus::kOk:
      return;
    case PageStatus::kBadRequest:
      arabic = "تعذّر تنفيذ هذا البحث: راجع نصّ الاستعلام أو المرشّحات.";
      english = "This search cannot be run";
      break;
    case PageStatus::kNotFound:
      arabic = "هذه الصفحة غير موجودة.";
      english = "Page not found";
      break;
    case PageStatus::kFailed:
      arabic = "حدث خطأ في الخادم أثناء البحث. حاول مرة أخرى لاحقًا.";
      english = "The search failed on the server";
      break;
  }
  out += "<div class=\"error\" role=\"alert\"><p>";
  out += arabic;
  out += "</p><p lang=\"en\" dir=\"ltr\">";
  out += english;
  if (!page.error.empty()) out += ": " + escape(page.error);
  out += "</p></div>\n";
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || is_ascii_digit(c) || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

std::string marked(const Snippet& snippet) {
  const std::string_view text = snippet.text;
  std::string out;
  std::size_t at = 0;
  for (const Highlight& h : snippet.highlights) {
    if (h.start < at || h.end <= h.start || h.end > text.size()) continue;
    out += escape(text.substr(at, h.start - at));
    out += "<mark>";
    out += escape(text.substr(h.start, h.end - h.start));
    out += "</mark>";
    at = h.end;
  }
  out += escape(text.substr(at));
  return out;
}

std::string page_url(const PageForm& form, std::size_t page) {
  std::string url = "/";
  auto param = [&url](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    url += url.size() == 1 ? '?' : '&';
    url += name;
    url += '=';
    url += url_encode(value);
  };
  param("q", form.q);
  param("source", form.source);
  param("category", form.category);
  param("since", form.since);
  param("until", form.until);
  param("sort", form.sort == "relevance" ? "" : form.sort);
  param("limit", form.limit);
  param("fold", form.fold);
  param("page", page > 1 ? std::to_string(page) : "");
  return url;
}

std::string render_page(const Page& page) {
  std::string out;
  out.reserve(16384);
  out += "<!doctype html>\n<html dir=\"rtl\" lang=\"ar\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<link rel=\"icon\" href=\"data:,\">\n<title>";
  if (!page.form.q.empty()) out += escape(page.form.q) + " — ";
  out += "فهرس</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<header><h1><a href=\"/\">فهرس</a></h1>\n";
  form_html(out, page.form);
  out += "</header>\n<main>\n";
  error_html(out, page);
  if (page.results) {
    results_html(out, page);
  } else if (page.status == PageStatus::kOk) {
    out += "<p class=\"summary\">ابحث في " + std::to_string(page.documents) +
           " مقالًا. <span lang=\"en\" dir=\"ltr\">Search " + std::to_string(page.documents) +
           " articles.</span></p>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace fahras::html
