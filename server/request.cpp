#include "request.h"
#include "fahras/normalize.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <tuple>

#include "fahras/date.h"
#include "fahras/error.h"

namespace fahras::http {
namespace {

std::optional<unsigned> hex_digits(std::string_view text) {
  unsigned value = 0;
  for (const char c : text) {
    value <<= 4;
    if (c >= '0' && c <= '9') {
      value |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      value |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      value |= static_cast<unsigned>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
  }
  return value;
}

// Concatenation by appending: std::string("x") + y trips GCC 12's false -Wrestrict at -O3.
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

// A parameter's value as an error message quotes it: on one line (one_line: a decoded %0A would
// otherwise split the message and the server's log line), and at most kShownBytes of it, cut at a
// character's start, with "..." for the rest.
std::string shown(std::string_view value) {
  constexpr std::size_t kShownBytes = 80;
  if (value.size() <= kShownBytes) return one_line(value);
  std::size_t cut = kShownBytes;
  while (cut < value.size() && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) ++cut;
  return one_line(value.substr(0, cut)) + "...";
}

[[noreturn]] void bad_parameter(std::string_view name, std::string_view value, std::string_view rule) {
  throw Error(Error::Kind::kUsage, cat(name, " '", shown(value), "' ", rule));
}

std::size_t whole_number(std::string_view name, std::string_view value) {
  std::size_t n = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc() || end != value.data() + value.size()) bad_parameter(name, value, "is not a whole number");
  return n;
}

}  // namespace

std::string Request::param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

std::vector<std::string> Request::non_empty_params(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : params) {
    if (key == name && !value.empty()) values.push_back(value);
  }
  return values;
}

std::string url_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else if (i + 5 < text.size() && (text[i + 1] == 'u' || text[i + 1] == 'U') && hex_digits(text.substr(i + 2, 4))) {
      append_utf8(out, static_cast<char32_t>(*hex_digits(text.substr(i + 2, 4))));
      i += 5;
    } else if (i + 2 < text.size() && hex_digits(text.substr(i + 1, 2))) {
      out += static_cast<char>(*hex_digits(text.substr(i + 1, 2)));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Request parse_target(std::string_view method, std::string_view target) {
  Request request;
  request.method = std::string(method);
  const std::size_t question = target.find('?');
  request.path = url_decode(target.substr(0, question), false);
  if (question == std::string_view::npos) return request;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t equals = pair.find('=');
    const std::string_view name = pair.substr(0, equals);
    if (name.empty()) continue;
    request.params.emplace_back(url_decode(name, true),
                                equals == std::string_view::npos ? std::string() : url_decode(pair.substr(equals + 1), true));
  }
  return request;
}

html::PageForm read_form(const Request& req) {
  html::PageForm form;
  form.q = req.param("q");
  form.source = req.param("source");
  form.category = req.param("category");
  form.since = req.param("since");
  form.until = req.param("until");
  form.sort = req.param("sort");
  form.limit = req.param("limit");
  form.fold = req.param("fold");
  const std::string page = req.param("page");
  const auto [end, error] = std::from_chars(page.data(), page.data() + page.size(), form.page);
  if (page.empty() || error != std::errc() || end != page.data() + page.size() || form.page == 0) form.page = 1;
  return form;
}

SearchOptions read_search(const Request& req, const ServeOptions& serve, Endpoint endpoint) {
  SearchOptions options = serve.search;
  options.sources = req.non_empty_params("source");
  options.categories = req.non_empty_params("category");
  for (const auto& [name, end, slot] : {std::tuple{"since", false, &options.since},
                                        std::tuple{"until", true, &options.until}}) {
    const std::string value = req.param(name);
    if (value.empty()) continue;
    *slot = parse_iso_date(value, end);
    if (!*slot) bad_parameter(name, value, "is not a date like 2018-03-05 (or 2018-03, or 2018)");
  }
  if (const std::string sort = req.param("sort"); !sort.empty()) {
    const std::optional<SortOrder> order = parse_sort_order(sort);
    if (!order) bad_parameter("sort", sort, "is not relevance, date or oldest");
    options.sort = *order;
  }
  options.suggest = true;
  if (endpoint == Endpoint::kPage) {
    options.facets = true;  // the page shows them beside the filters
  } else if (const std::string facets = req.param("facets"); !facets.empty()) {
    if (facets != "1" && facets != "true" && facets != "0" && facets != "false") {
      bad_parameter("facets", facets, "is not 1 or 0 (true or false)");
    }
    options.facets = facets == "1" || facets == "true";
  }
  if (const std::string fold = req.param("fold"); !fold.empty()) {
    if (fold != "1" && fold != "true" && fold != "0" && fold != "false") {
      bad_parameter("fold", fold, "is not 1 or 0 (true or false)");
    }
    options.fold = fold == "1" || fold == "true";
  }
  if (const std::string variants = req.param("variants"); !variants.empty()) {
    if (variants != "1" && variants != "true" && variants != "0" && variants != "false") {
      bad_parameter("variants", variants, "is not 1 or 0 (true or false)");
    }
    options.variants = variants == "1" || variants == "true";
  }
  if (const std::string limit = req.param("limit"); !limit.empty()) {
    options.limit = std::min(whole_number("limit", limit), serve.max_limit);
  }
  if (endpoint == Endpoint::kPage) {
    // A page shows at least one result per page.
    options.limit = std::max<std::size_t>(options.limit, 1);
    std::size_t page = 1;
    if (const std::string value = req.param("page"); !value.empty()) {
      page = whole_number("page", value);
      if (page == 0) bad_parameter("page", value, "is not a page number (they start at 1)");
    }
    if (page - 1 > serve.max_offset / options.limit) {
      bad_parameter("page", std::to_string(page), cat("is too far: results past ", std::to_string(serve.max_offset),
                                                      " are not shown, narrow the search instead"));
    }
    options.offset = (page - 1) * options.limit;
  } else if (const std::string offset = req.param("offset"); !offset.empty()) {
    options.offset = whole_number("offset", offset);
    if (options.offset > serve.max_offset) {
      bad_parameter("offset", offset, cat("is too large (at most ", std::to_string(serve.max_offset), ")"));
    }
  }
  return options;
}

}  // namespace fahras::http
