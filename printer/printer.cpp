#include "fahras/printer.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "fahras/date.h"
#include "fahras/normalize.h"

namespace fahras {
namespace {

// Keys in the order written: "type" before "data", as ripgrep's messages.
using json = nlohmann::ordered_json;

constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kMatch = "\033[1;31m";
constexpr std::string_view kDim = "\033[2m";
constexpr std::string_view kReset = "\033[0m";

json snippet_json(const Snippet& s) {
  json highlights = json::array();
  for (const Highlight& h : s.highlights) highlights.push_back({{"start", h.start}, {"end", h.end}});
  return {{"text", s.text}, {"highlights", std::move(highlights)}};
}

// Appends `s` as a JSON string, byte for byte as json(s).dump(-1, ' ', false, replace) writes it:
// directly when it is valid UTF-8, through nlohmann (which replaces bad bytes) when not.
void append_json_string(std::string& out, std::string_view s) {
  if (invalid_utf8_offset(s) != std::string_view::npos) {  // nlohmann replaces the bad bytes
    out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[7];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_snippet(std::string& out, const Snippet& s) {
  out += "{\"text\":";
  append_json_string(out, s.text);
  out += ",\"highlights\":[";
  for (std::size_t i = 0; i < s.highlights.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"start\":" + std::to_string(s.highlights[i].start) + ",\"end\":" + std::to_string(s.highlights[i].end) + '}';
  }
  out += "]}";
}

// The "match" message of `hit`, byte for byte as emit(out, "match", match_json(hit), options)
// writes it, without building the JSON tree (a tenth of a JSON batch's time went to it).
void emit_match(std::ostream& out, const Hit& hit, const PrintOptions& options) {
  std::string line = "{\"type\":\"match\",\"data\":{\"rank\":" + std::to_string(hit.rank) + ",\"id\":";
  append_json_string(line, hit.id);
  line += ",\"score\":" + json(hit.score).dump() + ",\"title\":";
  append_snippet(line, hit.title);
  for (const auto& [key, value] : {std::pair<std::string_view, const std::string*>{"source", &hit.source},
                                   {"category", &hit.category}, {"author", &hit.author}}) {
    line.append(",\"").append(key).append("\":");
    append_json_string(line, *value);
  }
  line += ",\"date\":";
  if (hit.date) {
    append_json_string(line, format_iso8601(*hit.date));
  } else {
    line += "null";
  }
  line += ",\"url\":";
  append_json_string(line, hit.url);
  line += ",\"path\":";
  append_json_string(line, hit.path);
  line += ",\"snippet\":";
  append_snippet(line, hit.snippet);
  if (!hit.like_this.empty()) {
    line += ",\"more_like_this\":" + std::to_string(hit.like_this.size()) + ",\"like_this\":[";
    for (std::size_t i = 0; i < hit.like_this.size(); ++i) {
      if (i > 0) line += ',';
      append_json_string(line, hit.like_this[i]);
    }
    line += ']';
  }
  if (!options.qid.empty()) {
    line += ",\"qid\":";
    append_json_string(line, options.qid);
  }
  line += "}}\n";
  out << line;
}

void emit(std::ostream& out, std::string_view type, json data, const PrintOptions& options) {
  if (!options.qid.empty()) data["qid"] = options.qid;
  json message = {{"type", type}, {"data", std::move(data)}};
  out << message.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

// Writes the snippet's text with its highlights wrapped in `on` ... `off`.
void write_marked(std::ostream& out, const Snippet& s, std::string_view on, std::string_view off,
                  std::string_view resume = {}) {
  std::size_t at = 0;
  for (const Highlight& h : s.highlights) {
    out.write(s.text.data() + at, static_cast<std::streamsize>(h.start - at));
    out << on;
    out.write(s.text.data() + h.start, static_cast<std::streamsize>(h.end - h.start));
    out << off << resume;
    at = h.end;
  }
  out.write(s.text.data() + at, static_cast<std::streamsize>(s.text.size() - at));
}

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

std::string human_duration(std::chrono::nanoseconds elapsed) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6fs", std::chrono::duration<double>(elapsed).count());
  return buf;
}

json match_json(const Hit& hit) {
  json data = {{"rank", hit.rank},
          {"id", hit.id},
          {"score", hit.score},
          {"title", snippet_json(hit.title)},
          {"source", hit.source},
          {"category", hit.category},
          {"author", hit.author},
          {"date", hit.date ? json(format_iso8601(*hit.date)) : json(nullptr)},
          {"url", hit.url},
          {"path", hit.path},
          {"snippet", snippet_json(hit.snippet)}};
  if (!hit.like_this.empty()) {
    data["more_like_this"] = hit.like_this.size();
    data["like_this"] = hit.like_this;
  }
  return data;
}

json facets_json(const Facets& facets) {
  json out = json::object();
  for (const auto& [name, counts] : {std::pair{"source", &facets.sources}, std::pair{"category", &facets.categories},
                                     std::pair{"year", &facets.years}}) {
    json values = json::array();
    for (const FacetCount& c : *counts) values.push_back({{"value", c.value}, {"count", c.count}});
    out[name] = std::move(values);
  }
  return out;
}

void add_extras_json(json& data, const SearchResults& results, const SearchOptions& search) {
  if (search.suggest) data["suggestion"] = results.suggestion.empty() ? json(nullptr) : json(results.suggestion);
  if (results.facets) data["facets"] = facets_json(*results.facets);
  if (search.variants) {
    json variants = json::array();
    for (const WordVariants& w : results.variants) variants.push_back({{"word", w.word}, {"variants", w.variants}});
    data["variants"] = std::move(variants);
  }
}

json elapsed_json(std::chrono::nanoseconds elapsed) {
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(elapsed);
  return {{"secs", secs.count()}, {"nanos", (elapsed - secs).count()}, {"human", human_duration(elapsed)}};
}

namespace {

void print_json(std::ostream& out, const SearchResults& results, const SearchOptions& search,
                const PrintOptions& options) {
  emit(out, "begin", {{"query", results.query}, {"parsed", results.parsed}}, options);
  for (const Hit& hit : results.hits) emit_match(out, hit, options);
  json summary = {{"query", results.query},
                  {"estimated", results.estimated},
                  {"count", results.estimated},
                  {"count_is", results.exact ? "exact" : "estimated"},
                  {"returned", results.hits.size()},
                  {"elapsed", elapsed_json(results.elapsed)}};
  add_extras_json(summary, results, search);
  if (!results.warnings.empty()) summary["warnings"] = results.warnings;
  emit(out, "summary", std::move(summary), options);
}

// "Sources: Jawhara FM 30 · Al Jazeera 12"
void print_facet_line(std::ostream& out, std::string_view label, const std::vector<FacetCount>& counts) {
  if (counts.empty()) return;
  out << label << ": ";
  std::string_view sep;
  for (const FacetCount& c : counts) {
    out << sep << c.value << ' ' << c.count;
    sep = " · ";
  }
  out << '\n';
}

void print_text(std::ostream& out, const SearchResults& results, const SearchOptions& search,
                const PrintOptions& options) {
  const bool c = options.color;
  if (!options.qid.empty()) out << "## " << options.qid << ": " << results.query << "\n\n";
  if (!results.suggestion.empty()) {
    out << "Did you mean: " << (c ? kBold : "") << results.suggestion << (c ? kReset : "") << "\n\n";
  }
  for (const WordVariants& w : results.variants) {
    out << "Also searched: " << w.word << " \u2192 ";  // →
    for (std::size_t i = 0; i < w.variants.size(); ++i) out << (i ? ", " : "") << w.variants[i];
    out << '\n';
  }
  if (!results.variants.empty()) out << '\n';
  for (const Hit& hit : results.hits) {
    out << hit.rank << ". ";
    if (c) out << kBold;
    write_marked(out, hit.title, c ? kMatch : "", c ? kReset : "", c ? kBold : "");
    if (c) out << kReset;
    out << "\n   ";
    if (c) out << kDim;
    std::string sep;
    for (const std::string& field : {hit.source, hit.category,
                                     hit.date ? format_ymd(*hit.date) : std::string(), hit.id}) {
      if (field.empty()) continue;
      out << sep << field;
      sep = " · ";
    }
    if (c) out << kReset;
    if (!hit.snippet.text.empty()) {
      out << "\n   ";
      write_marked(out, hit.snippet, c ? kMatch : "", c ? kReset : "");
    }
    if (!hit.like_this.empty()) {
      out << "\n   " << (c ? kDim : "") << "+ " << hit.like_this.size() << " more like this:";
      for (const std::string& id : hit.like_this) out << ' ' << id;
      if (c) out << kReset;
    }
    out << "\n\n";
  }
  const std::string_view about = results.exact ? "" : "about ";
  if (results.estimated == 0 && results.hits.empty()) {
    out << "No results for " << results.query;
  } else if (results.hits.empty() && search.limit == 0) {
    out << results.estimated << (results.estimated == 1 ? " result" : " results") << ", none shown (limit 0)";
  } else if (results.hits.empty()) {
    out << "No results past " << search.offset << ": the query has " << about << results.estimated
        << (results.estimated == 1 ? " result" : " results");
  } else {
    out << "Results " << search.offset + 1 << "-" << search.offset + results.hits.size() << " of " << about
        << results.estimated;
  }
  if (results.repeats > 0) {
    out << " (" << results.repeats << (results.repeats == 1 ? " repeat" : " repeats") << " hidden)";
  }
  out << " (" << human_duration(results.elapsed) << ")\n";
  if (results.facets) {
    print_facet_line(out, "Sources", results.facets->sources);
    print_facet_line(out, "Categories", results.facets->categories);
    print_facet_line(out, "Years", results.facets->years);
  }
  for (const std::string& warning : results.warnings) out << "warning: " << warning << '\n';
}

void print_trec(std::ostream& out, const SearchResults& results, const PrintOptions& options) {
  const std::string qid = options.qid.empty() ? "0" : options.qid;
  char score[32];
  for (const Hit& hit : results.hits) {
    std::snprintf(score, sizeof score, "%.6f", hit.score);
    out << qid << " Q0 " << hit.id << ' ' << hit.rank << ' ' << score << ' ' << options.run_tag;
    for (const double f : hit.features) out << ' ' << f;  // fahras-search --rerank-features (bench)
    out << '\n';
  }
}

void print_tsv(std::ostream& out, const SearchResults& results, const PrintOptions& options) {
  for (const Hit& hit : results.hits) {
    out << options.qid << '\t' << hit.rank << '\t' << hit.id << '\t' << hit.score << '\t'
        << (hit.date ? format_ymd(*hit.date) : "") << '\t' << one_line(hit.source) << '\t'
        << one_line(hit.title.text) << '\n';
  }
}

}  // namespace

json article_json(const Article& article) {
  return {{"id", article.id},
          {"title", article.title},
          {"source", article.source},
          {"category", article.category},
          {"author", article.author},
          {"date", article.date ? json(format_iso8601(*article.date)) : json(nullptr)},
          {"url", article.url},
          {"path", article.path},
          {"abstract", article.abstract},
          {"body", article.body}};
}

void print_article(std::ostream& out, const Article& article, OutputFormat format) {
  if (format == OutputFormat::kJson) {
    out << article_json(article).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    return;
  }
  out << article.title << '\n';
  for (const auto& [label, value] : {std::pair{"id", article.id}, std::pair{"source", article.source},
                                     std::pair{"category", article.category}, std::pair{"author", article.author},
                                     std::pair{"date", article.date ? format_iso8601(*article.date) : std::string()},
                                     std::pair{"url", article.url}, std::pair{"path", article.path}}) {
    if (!value.empty()) out << label << ": " << value << '\n';
  }
  if (!article.abstract.empty()) out << '\n' << article.abstract << '\n';
  if (!article.body.empty()) out << '\n' << article.body << '\n';
}

void print_query_error(std::ostream& out, std::string_view query, std::string_view message,
                       const PrintOptions& options) {
  if (options.format != OutputFormat::kJson) return;
  emit(out, "error", {{"query", query}, {"message", message}}, options);
}

bool shows_snippets(OutputFormat format) {
  return format == OutputFormat::kText || format == OutputFormat::kJson;
}

void print_results(std::ostream& out, const SearchResults& results, const SearchOptions& search,
                   const PrintOptions& options) {
  switch (options.format) {
    case OutputFormat::kText:
      print_text(out, results, search, options);
      break;
    case OutputFormat::kJson:
      print_json(out, results, search, options);
      break;
    case OutputFormat::kTrec:
      print_trec(out, results, options);
      break;
    case OutputFormat::kTsv:
      print_tsv(out, results, options);
      break;
    case OutputFormat::kIds:
      for (const Hit& hit : results.hits) out << hit.id << '\n';
      break;
    case OutputFormat::kCount:
      if (!options.qid.empty()) out << options.qid << '\t';
      out << results.estimated << '\n';
      break;
  }
}

}  // namespace fahras
