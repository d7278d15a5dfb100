// HTML printer: the search page that fahras-search --serve shows (server.h). Like the other printers
// it only turns results into bytes; it never searches and never reads a request.
//
// The page is Arabic-first (<html dir="rtl" lang="ar">), needs no JavaScript and loads nothing else:
// the form is a plain GET to "/", so every search is a URL that can be bookmarked and shared
// (/?q=...&source=...&category=...&since=...&until=...&sort=...&page=...). Each result shows its
// title (a link when the article's URL is http or https), source and category (links that filter
// the same search), date and snippet, with the words that matched in <mark>. Above them, when the
// results have a suggestion, "هل تقصد: ..." links to the corrected search; "بحثنا أيضًا عن: ..." lists
// the spellings query words searched too (SearchResults::variants); when they have facets,
// the counts per source, category and year, each a link to the search filtered by it (the filter
// in force is marked with aria-current, and its link takes it away).
//
// Every piece of text that comes from an article or from the request is escaped (escape()), in
// element content and in attribute values alike: an article containing <script> shows the text
// "<script>".
//
// Functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fahras/searcher.h"
#include "fahras/snippet.h"

namespace fahras::html {

// `text` with & < > " ' replaced by entities: safe in element content and in quoted attributes.
std::string escape(std::string_view text);

// `text` percent-encoded for one value of a URL query: every byte except A-Z a-z 0-9 - . _ ~.
std::string url_encode(std::string_view text);

// The snippet's text, escaped, each highlight wrapped in <mark>...</mark>. A highlight that does not
// lie within the text, in order, is ignored (its words are shown unmarked).
std::string marked(const Snippet& snippet);

// The search form as the request filled it: raw parameter values, echoed back into the form and
// into the page's links. Empty means not given.
struct PageForm {
  std::string q;
  std::string source;
  std::string category;
  std::string since;
  std::string until;
  std::string sort;           // "relevance", "date" or "oldest"; empty is relevance
  std::size_t page = 1;       // 1-based
  std::string limit;          // results per page when not the default; carried by the links
  std::string fold;           // "0" (or "false"): every article of a story in its own place
};

enum class PageStatus {
  kOk,
  kBadRequest,  // a bad query or parameter: `error` says which (HTTP 400)
  kNotFound,    // no such page (HTTP 404)
  kFailed,      // the search failed on the server's side (HTTP 500)
};

struct Page {
  PageForm form;
  std::size_t per_page = 10;
  // The answer to form.q, or null when there was no query (or it failed: see status and error).
  const SearchResults* results = nullptr;
  PageStatus status = PageStatus::kOk;
  std::string error;            // English detail shown under the Arabic message, when not kOk
  std::uint64_t documents = 0;  // articles in the database, shown on the page without a query
};

// The whole page: <!doctype html> to </html>.
std::string render_page(const Page& page);

// The URL of `form` at page `page`: "/?q=...&source=...&page=2", empty parameters left out.
std::string page_url(const PageForm& form, std::size_t page);

}  // namespace fahras::html
