#include "document_builder.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fahras/date.h"
#include "fahras/near_duplicate.h"
#include "fahras/normalize.h"
#include "fahras/schema.h"

namespace fahras::indexer_detail {
namespace {

// A word that has an exact form (XE) term: it has a term (no stopword, not too long), and its
// normalised form is not too long either.
bool has_exact_form(const Token& token) {
  return !token.term.empty() && token.normalized.size() <= schema::kMaxTermBytes;
}

// A word worth suggesting: it has an exact form, whose frequency is the word's, and letters (no number).
bool is_spelling_word(const Token& token) {
  return has_exact_form(token) && (token.script == Script::kArabic || token.script == Script::kLatin);
}

// The word terms of an article and their positions, for its lead sketch (schema kLeadSlot).
using SketchPostings = std::vector<std::pair<std::string, Xapian::termpos>>;

// Calls `f` with each reading of `token` other than its term (Token::readings, then Token::kept),
// each once.
template <typename F>
void for_each_other_reading(const Token& token, F f) {
  if (token.readings.empty() && token.kept.empty()) return;
  std::vector<const std::string*> done{&token.term};
  const auto once = [&](const std::string& reading) {
    if (std::any_of(done.begin(), done.end(), [&](const std::string* d) { return *d == reading; })) return;
    done.push_back(&reading);
    f(reading);
  };
  for (const std::string& reading : token.readings) once(reading);
  for (const std::string& reading : token.kept) once(reading);
}

// Adds the terms of `tokens` (of one field) with positions starting at `base`; returns the next
// free position. Appends its words for the suggestion index to `words` when given, and its word
// terms with their positions to `sketch`.
Xapian::termpos index_tokens(Xapian::Document& doc, const std::vector<Token>& tokens,
                             Xapian::termpos base, Xapian::termcount wdf, std::string_view prefix,
                             std::vector<std::string>* words, SketchPostings& sketch) {
  Xapian::termpos last = base;
  for (const Token& token : tokens) {
    last = base + token.position;
    if (token.term.empty()) continue;
    if (words && is_spelling_word(token)) words->push_back(token.normalized);
    doc.add_posting(token.term, last, wdf);
    sketch.emplace_back(token.term, last);
    if (has_exact_form(token)) doc.add_term(schema::prefixed(schema::kExactPrefix, token.normalized), wdf);
    if (!prefix.empty()) doc.add_posting(schema::prefixed(prefix, token.term), last, 1);
    // A word that may be a name the stemmer does not know (بنزيما, لبايدن, سلمان) has its other
    // readings at the same position, so that phrases hold under either reading (analyzer.h
    // Token::readings, Token::kept).
    for_each_other_reading(token, [&](const std::string& reading) {
      doc.add_posting(reading, last, wdf);
      sketch.emplace_back(reading, last);
      if (!prefix.empty()) doc.add_posting(schema::prefixed(prefix, reading), last, 1);
    });
  }
  return last + 1;
}

// Boolean terms for a field value: the whole value and each of its words, normalised so that
// "Sky News", "skynews" and "SKY NEWS" all match.
void add_field_terms(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
  const std::string whole = schema::field_value_term(prefix, value);
  if (whole.empty()) return;
  doc.add_boolean_term(whole);
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find_first_of(" \t\n", start);
    if (end == std::string_view::npos) end = value.size();
    std::string word = normalize_field_value(value.substr(start, end - start));
    if (!word.empty() && word.size() + prefix.size() <= schema::kMaxTermBytes) {
      doc.add_boolean_term(schema::prefixed(prefix, word));
    }
    start = end + 1;
  }
}

// How much a lead word adds to its term's wdf: news puts the gist first, so its first 15 words add
// 3, the next 15 add 2 and the rest of the lead 1 (bench/RESULTS.md: the lead as a field of its own,
// rows 18-22, then folded into the body term, row 26, which leaves one posting list per word and field).
Xapian::termcount lead_wdf(Xapian::termpos position) {
  return 1 + (position < 15) + (position < 30);
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// What a pair term (schema XV) says of a word: its term, and what a reader is shown.
std::string pair_form(const Token& token) { return token.script == Script::kLatin ? token.normalized : token.term; }

// The XV terms of one text (schema.h): a word, or two, of one script in parentheses right after as
// many words of the other, "إنفيديا (Nvidia)", "Donald Trump (دونالد ترامب)", pair up in order.
void add_variant_pairs(Xapian::Document& doc, std::string_view text, const std::vector<Token>& tokens) {
  constexpr std::size_t kMaxWords = 2;
  const auto usable = [](const Token& t) {
    return !t.term.empty() && (t.script == Script::kArabic || t.script == Script::kLatin);
  };
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    const std::string_view before = text.substr(tokens[i - 1].end, tokens[i].begin - tokens[i - 1].end);
    const std::size_t open = before.find('(');
    if (open == std::string_view::npos || !is_blank(before.substr(0, open)) || !is_blank(before.substr(open + 1))) {
      continue;
    }
    std::size_t n = 0;  // words inside the parentheses, when they close after them
    for (std::size_t j = i; j < tokens.size() && j < i + kMaxWords; ++j) {
      const std::size_t next = j + 1 < tokens.size() ? tokens[j + 1].begin : text.size();
      const std::string_view after = text.substr(tokens[j].end, next - tokens[j].end);
      const std::size_t close = after.find(')');
      if (close != std::string_view::npos && is_blank(after.substr(0, close))) {
        n = j - i + 1;
        break;
      }
      if (!is_blank(after)) break;
    }
    if (n == 0 || n > i) continue;
    bool ok = true;
    for (std::size_t k = 0; k < n && ok; ++k) {
      const Token& outside = tokens[i - n + k];
      const Token& inside = tokens[i + k];
      ok = usable(outside) && usable(inside) && outside.script != inside.script &&
           outside.script == tokens[i - n].script && inside.script == tokens[i].script &&
           (k == 0 || is_blank(text.substr(tokens[i - n + k - 1].end, outside.begin - tokens[i - n + k - 1].end)));
    }
    for (std::size_t k = 0; k < n && ok; ++k) {
      const Token& a = tokens[i - n + k];
      const Token& b = tokens[i + k];
      doc.add_boolean_term(schema::prefixed(schema::kVariantPairPrefix, a.term + " " + pair_form(b)));
      doc.add_boolean_term(schema::prefixed(schema::kVariantPairPrefix, b.term + " " + pair_form(a)));
    }
  }
}

bool body_repeats_abstract(const Article& a) {
  if (a.abstract.empty()) return true;
  return a.body.find(a.abstract) != std::string::npos;
}

}  // namespace

DocumentBuilder::DocumentBuilder(const DocumentOptions& options)
    : options_(options), analyzer_(options.analyzer) {}

BuiltDocument DocumentBuilder::build(const Article& a, const std::string& file_term,
                                     bool spelling) const {
  BuiltDocument built;
  Xapian::Document& doc = built.document;
  std::vector<std::string>* words = spelling ? &built.spelling : nullptr;
  SketchPostings sketch;
  Xapian::termpos pos = 1;
  const std::vector<Token> title = analyzer_.analyze(a.title);
  pos = index_tokens(doc, title, pos, schema::kTitleWdf, schema::kTitlePrefix, words, sketch);
  add_variant_pairs(doc, a.title, title);
  pos += schema::kFieldGap;
  // Each text is analysed once: the lead takes the first words of the abstract or, without one,
  // of the body, from the same tokens.
  const std::vector<Token> abstract = analyzer_.analyze(a.abstract);
  if (!body_repeats_abstract(a)) {
    pos = index_tokens(doc, abstract, pos, 1, {}, words, sketch);
    add_variant_pairs(doc, a.abstract, abstract);
    pos += schema::kFieldGap;
  }
  const std::vector<Token> body = analyzer_.analyze(a.body);
  index_tokens(doc, body, pos, 1, {}, words, sketch);
  doc.add_value(schema::kLeadSlot, schema::encode_lead_sketch(sketch));
  if (std::string opening = schema::encode_opening(title, a.abstract.empty() ? body : abstract); !opening.empty()) {
    doc.add_value(schema::kOpeningSlot, opening);
  }
  add_variant_pairs(doc, a.body, body);
  if (words) {
    std::sort(words->begin(), words->end());
    words->erase(std::unique(words->begin(), words->end()), words->end());
  }
  for (const Token& token : a.abstract.empty() ? body : abstract) {
    if (token.position >= options_.lead_words) break;
    if (!token.term.empty()) {
      doc.add_term(token.term, lead_wdf(token.position));
      for_each_other_reading(token, [&](const std::string& reading) { doc.add_term(reading, lead_wdf(token.position)); });
    }
  }

  for (const Token& token : analyzer_.analyze(a.author)) {
    if (!token.term.empty()) doc.add_term(schema::prefixed(schema::kAuthorPrefix, token.term));
  }
  add_field_terms(doc, schema::kSourcePrefix, a.source);
  add_field_terms(doc, schema::kCategoryPrefix, a.category);
  if (a.date) {
    std::string day = format_ymd(*a.date);  // "2018-02-20" -> "20180220"
    std::erase(day, '-');
    doc.add_boolean_term(schema::prefixed(schema::kDayPrefix, day));
    doc.add_boolean_term(schema::prefixed(schema::kMonthPrefix, day.substr(0, 6)));
    doc.add_boolean_term(schema::prefixed(schema::kYearPrefix, day.substr(0, 4)));
    doc.add_value(schema::kDateSlot, Xapian::sortable_serialise(static_cast<double>(*a.date)));
    doc.add_value(schema::kYearSlot, day.substr(0, 4));
  }
  if (!a.source.empty()) doc.add_value(schema::kSourceSlot, a.source);
  if (!a.category.empty()) doc.add_value(schema::kCategorySlot, a.category);
  if (std::string key = schema::body_key(a); !key.empty()) doc.add_value(schema::kBodySlot, key);
  doc.add_value(schema::kOrderSlot, schema::order_key(a));
  // From the same text as body_key(): the body, or the abstract when there is none.
  if (std::string signature = near_duplicate_signature(a.body.empty() ? abstract : body); !signature.empty()) {
    doc.add_value(schema::kClusterSlot, signature);
  }
  doc.add_boolean_term(schema::unique_id_term(a.id));
  if (!file_term.empty()) doc.add_boolean_term(file_term);  // empty: built for its words alone
  doc.add_value(schema::kHeaderSlot, schema::encode_header(a));
  doc.set_data(schema::encode_article(a));
  return built;
}

}  // namespace fahras::indexer_detail
