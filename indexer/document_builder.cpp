#include "document_builder.h"

#include <algorithm>
#include <string_view>
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

// Adds the terms of `tokens` (of one field) with positions starting at `base`; returns the next
// free position. Appends its words for the suggestion index to `words` when given.
Xapian::termpos index_tokens(Xapian::Document& doc, const std::vector<Token>& tokens,
                             Xapian::termpos base, Xapian::termcount wdf, std::string_view prefix,
                             std::vector<std::string>* words) {
  Xapian::termpos last = base;
  for (const Token& token : tokens) {
    last = base + token.position;
    if (token.term.empty()) continue;
    if (words && is_spelling_word(token)) words->push_back(token.normalized);
    doc.add_posting(token.term, last, wdf);
    if (has_exact_form(token)) doc.add_term(schema::prefixed(schema::kExactPrefix, token.normalized), wdf);
    if (!prefix.empty()) doc.add_posting(schema::prefixed(prefix, token.term), last, 1);
    // A word that may be a name the stemmer does not know (بنزيما, لبايدن) has its other readings
    // at the same position, so that phrases hold under either reading (analyzer.h Token::readings).
    for (const std::string& reading : token.readings) {
      if (reading == token.term) continue;
      doc.add_posting(reading, last, wdf);
      if (!prefix.empty()) doc.add_posting(schema::prefixed(prefix, reading), last, 1);
    }
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
  Xapian::termpos pos = 1;
  pos = index_tokens(doc, analyzer_.analyze(a.title), pos, schema::kTitleWdf, schema::kTitlePrefix,
                     words);
  pos += schema::kFieldGap;
  // Each text is analysed once: the lead takes the first words of the abstract or, without one,
  // of the body, from the same tokens.
  const std::vector<Token> abstract = analyzer_.analyze(a.abstract);
  if (!body_repeats_abstract(a)) {
    pos = index_tokens(doc, abstract, pos, 1, {}, words);
    pos += schema::kFieldGap;
  }
  const std::vector<Token> body = analyzer_.analyze(a.body);
  index_tokens(doc, body, pos, 1, {}, words);
  if (words) {
    std::sort(words->begin(), words->end());
    words->erase(std::unique(words->begin(), words->end()), words->end());
  }
  for (const Token& token : a.abstract.empty() ? body : abstract) {
    if (token.position >= options_.lead_words) break;
    if (!token.term.empty()) {
      doc.add_term(token.term, lead_wdf(token.position));
      for (const std::string& reading : token.readings) {
        if (reading != token.term) doc.add_term(reading, lead_wdf(token.position));
      }
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
