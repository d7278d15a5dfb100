// Printers: turn SearchResults into bytes. The searcher never formats; these do.
//
// JSON Lines (print_json): one JSON object per line, each an envelope {"type": ..., "data": ...},
// as ripgrep's --json writes them. For one query:
//
//   {"type":"begin","data":{"query":"الانتخابات البلدية","parsed":"Query((انتخاب@1 OR بلدي@2))"}}
//   {"type":"match","data":{"rank":1,"id":"JA-politic-12-20170126","score":12.61,
//     "title":{"text":"هيئة الانتخابات ...","highlights":[{"start":9,"end":25}]},
//     "source":"Jawhara FM","category":"politic","author":"","date":"2017-01-26T07:31:00Z",
//     "url":"http://...","path":"corpus/ant-v1.1/politic/JA-politic-12-20170126.txt",
//     "snippet":{"text":"…أعلنت الهيئة العليا المستقلة للانتخابات ...…",
//                "highlights":[{"start":47,"end":61}]}}}
//   {"type":"summary","data":{"query":"الانتخابات البلدية","estimated":120,"count":120,
//     "count_is":"estimated","returned":10,
//     "elapsed":{"secs":0,"nanos":1843211,"human":"0.001843s"},
//     "suggestion":null,
//     "variants":[{"word":"ترمب","variants":["ترامب"]}],
//     "facets":{"source":[{"value":"Jawhara FM","count":96},{"value":"Al Jazeera","count":24}],
//               "category":[{"value":"politic","count":80}, ...],
//               "year":[{"value":"2018","count":30},{"value":"2017","count":90}]}}}
//
// (each message is on one line; wrapped here for reading). Highlights are UTF-8 byte offsets into
// the "text" beside them: text[start, end) is exactly one matching word as written in the article.
// "date" is ISO 8601 in UTC, or null when the article has none. "count" is the number of matches,
// "count_is" says whether it is "exact" or Xapian's "estimated" one (SearchResults::exact; --count,
// --facets and an empty page count exactly); "estimated" is the same number, kept for the readers
// written before "count" (it is exact when "count_is" says so, despite its name). When a batch of queries is answered,
// every message also carries "qid". With folding (SearchOptions::fold), a match under which other
// results were folded also has "more_like_this" (their number) and "like_this" (their ids, in rank
// order); the text output shows them as a line "+ 2 more like this: ID ID". The summary has "suggestion" (the corrected query, or null) when
// suggestions were asked for (SearchOptions::suggest), and "facets" when they were (::facets): per
// facet, its values by count (years newest first), counted over every match; and "variants" unless
// they were turned off (SearchOptions::variants): each query word that also searched other
// spellings, normalised, with them (SearchResults::variants), [] when none did.
//
// Text also starts with "Did you mean: <query>" when there is a suggestion, then a line
// "Also searched: ترمب → ترامب" per query word that searched its variants too, and with facets ends with
// "Sources: Jawhara FM 96 · Al Jazeera 24", "Categories: ..." and "Years: ..." lines.
//
// Text: for people. Title, a line with source · category · date · id, then the snippet; matching
// words in bold colour when `color` is set (fahras-search sets it when stdout is a terminal), and a
// closing line with the count and time: "Results 1-10 of 3614 (67 repeats hidden)", with "about"
// before the count only when it is an estimate; a page past the end says "No results past 3680: the
// query has 3614 results", a limit of 0 "3614 results, none shown (limit 0)". In a batch, each query's results open with "## qid: query".
//
// TREC: one line per result, "qid Q0 id rank score tag", as trec_eval and IR toolkits read runs.
// TSV: one line per result, "qid<TAB>rank<TAB>id<TAB>score<TAB>date<TAB>source<TAB>title" (date as
// YYYY-MM-DD or empty; tabs and line breaks in the title become spaces). qid is empty outside a batch.
// Ids: the ids, one per line. Count: the estimated number of matches, one line per query (in a batch,
// "qid<TAB>count").
#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "fahras/searcher.h"

namespace fahras {

enum class OutputFormat { kText, kJson, kTrec, kTsv, kIds, kCount };

struct PrintOptions {
  OutputFormat format = OutputFormat::kText;
  bool color = false;
  std::string qid;              // set in batch mode: names the query in every format
  std::string run_tag = "fahras";  // last column of TREC lines
};

// Returns true iff `format` shows snippets (the searcher can skip building them otherwise).
bool shows_snippets(OutputFormat format);

// Writes `results` (the answer to one query, asked with `search`) in `options.format`.
void print_results(std::ostream& out, const SearchResults& results, const SearchOptions& search,
                   const PrintOptions& options);

// What a query of a batch that fails (Error kBadQuery) prints on `out` beside its message on stderr:
// in JSON, one message that ends its answer as a summary would,
//   {"type":"error","data":{"query":"foo:bar","message":"unknown field 'foo:' ...","qid":"q3"}}
// (qid last, as in every message of a batch); in other formats, nothing.
void print_query_error(std::ostream& out, std::string_view query, std::string_view message,
                       const PrintOptions& options);

// One stored article whole (fahras-search --show): as text, the title, "field: value" lines (id,
// source, category, author, date, url, path; empty ones left out), then the abstract and the body,
// each after a blank line; as JSON (kJson), one object on one line:
//   {"id":"...","title":"...","source":"...","category":"...","author":"...","date":"2017-01-26T07:31:00Z",
//    "url":"...","path":"...","abstract":"...","body":"..."}
// ("date" null when the article has none). Other formats print as text.
void print_article(std::ostream& out, const Article& article, OutputFormat format);

// "0.001843s": a duration as ripgrep prints it.
std::string human_duration(std::chrono::nanoseconds elapsed);

// The "data" of a JSON "match" message: {"rank":..., "id":..., ..., "snippet":{...}} as above, keys in
// that order. The HTTP API (server.h) returns the same objects.
nlohmann::ordered_json match_json(const Hit& hit);

// The "elapsed" of a "summary" message: {"secs":0,"nanos":1843211,"human":"0.001843s"}.
nlohmann::ordered_json elapsed_json(std::chrono::nanoseconds elapsed);

// The "facets" of a "summary" message: {"source":[{"value":"Jawhara FM","count":96}, ...],
// "category":[...], "year":[...]}.
nlohmann::ordered_json facets_json(const Facets& facets);

// Adds "suggestion" (when `search` asked for suggestions) and "facets" (when `results` has them) to a
// summary message's data, or to the HTTP API's answer.
void add_extras_json(nlohmann::ordered_json& data, const SearchResults& results, const SearchOptions& search);

}  // namespace fahras
