#include "fahras/query.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "fahras/error.h"
#include "fahras/normalize.h"
#include "fahras/schema.h"

namespace fahras {
namespace {

struct Lexeme {
  enum Kind { kWord, kPhrase, kOpen, kClose, kOr, kAnd, kNot, kMinus, kPlus } kind;
  std::string text;   // word or phrase text
  std::string field;  // "title", "source", ... when the word or phrase is a field value
};

constexpr std::string_view kOpenQuote = "\xE2\x80\x9C";   // “
constexpr std::string_view kCloseQuote = "\xE2\x80\x9D";  // ”

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t quote_length(std::string_view s, std::size_t i) {
  if (s[i] == '"') return 1;
  std::string_view rest = s.substr(i);
  if (rest.starts_with(kOpenQuote) || rest.starts_with(kCloseQuote)) return kOpenQuote.size();
  return 0;
}

bool is_field(std::string_view name) {
  return name == "title" || name == "source" || name == "category" || name == "author";
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

[[noreturn]] void bad_query(const std::string& why) { throw Error(Error::Kind::kBadQuery, why); }

// The query as an error message quotes it: on one line, each run of white space and control
// characters (a query file's stray tab or line break) made one space, and trimmed.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool blank = static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == ' ';
    if (!blank) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

const std::vector<Synonyms::Entry>* synonyms_of(const Token& token, const QueryOptions& options) {
  return options.synonyms ? options.synonyms->group_of(token.term) : nullptr;
}

// A field's weight as the wqf of its terms: kWeightScale for a body word, `weight` times that for
// the others (at least 1 for a weight > 0). See kWeightScale for why a wqf and not OP_SCALE_WEIGHT.
Xapian::termcount wqf_of(double weight) {
  return std::max<Xapian::termcount>(1, static_cast<Xapian::termcount>(std::lround(weight * kWeightScale)));
}

// The word's term with `prefix` and weight `wqf`, or when it has synonyms, the OP_SYNONYM of its
// group's entries, a phrase entry as a phrase (both fields have positions). Xapian weighs a synonym group as one term of wqf 1, so the group is scaled by `wqf`
// instead (a factor of at least 1 keeps Xapian 1.4's InL2 bound safe, only looser).
Xapian::Query term_or_synonyms(const Token& token, std::string_view prefix, Xapian::termcount wqf,
                               const QueryOptions& options) {
  const std::vector<Synonyms::Entry>* group = synonyms_of(token, options);
  if (!group) return Xapian::Query(schema::prefixed(prefix, token.term), wqf, token.position + 1);
  std::vector<Xapian::Query> entries;
  for (const Synonyms::Entry& entry : *group) {
    std::vector<Xapian::Query> words;
    for (const std::string& term : entry) words.emplace_back(schema::prefixed(prefix, term));
    if (words.size() == 1) {
      entries.push_back(words.front());
    } else {
      entries.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(), words.size());
    }
  }
  const Xapian::Query synonym(Xapian::Query::OP_SYNONYM, entries.begin(), entries.end());
  return wqf == 1 ? synonym : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, synonym, wqf);
}

// What snippets mark for a query word: its term, and the terms of its synonyms.
void add_highlights(const Token& token, const QueryOptions& options, std::vector<std::string>& out) {
  out.push_back(token.term);
  if (const std::vector<Synonyms::Entry>* group = synonyms_of(token, options)) {
    for (const Synonyms::Entry& entry : *group) out.insert(out.end(), entry.begin(), entry.end());
  }
}

// One query word: its term (or its synonyms), the same in the title field, and its exact form, each
// when its weight is > 0.
Xapian::Query word_query(const Token& token, const QueryOptions& options) {
  const std::string& term = token.term;
  std::vector<Xapian::Query> fields{term_or_synonyms(token, "", kWeightScale, options)};
  if (options.title_weight > 0) {
    fields.push_back(term_or_synonyms(token, schema::kTitlePrefix, wqf_of(options.title_weight), options));
  }
  if (options.exact_weight > 0 && token.normalized != term) {
    fields.emplace_back(schema::prefixed(schema::kExactPrefix, token.normalized), wqf_of(options.exact_weight));
  }
  if (fields.size() == 1) return fields.front();
  return Xapian::Query(Xapian::Query::OP_OR, fields.begin(), fields.end());
}

std::vector<Lexeme> lex(std::string_view s) {
  std::vector<Lexeme> out;
  std::size_t i = 0;
  auto read_phrase = [&](std::string field) {
    i += quote_length(s, i);
    std::size_t start = i;
    while (i < s.size() && quote_length(s, i) == 0) ++i;
    out.push_back({Lexeme::kPhrase, std::string(s.substr(start, i - start)), std::move(field)});
    if (i < s.size()) i += quote_length(s, i);  // an unclosed quote runs to the end of the query
  };
  while (i < s.size()) {
    const char c = s[i];
    if (is_space(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Lexeme::kOpen : Lexeme::kClose, {}, {}});
      ++i;
    } else if (quote_length(s, i)) {
      read_phrase({});
    } else if ((c == '-' || c == '+') && i + 1 < s.size() && !is_space(s[i + 1])) {
      out.push_back({c == '-' ? Lexeme::kMinus : Lexeme::kPlus, {}, {}});
      ++i;
    } else {
      std::size_t start = i;
      while (i < s.size() && !is_space(s[i]) && s[i] != '(' && s[i] != ')' && !quote_length(s, i)) ++i;
      std::string_view word = s.substr(start, i - start);
      if (word == "OR") {
        out.push_back({Lexeme::kOr, {}, {}});
        continue;
      }
      if (word == "AND") {
        out.push_back({Lexeme::kAnd, {}, {}});
        continue;
      }
      if (word == "NOT") {
        out.push_back({Lexeme::kNot, {}, {}});
        continue;
      }
      std::size_t colon = word.find(':');
      std::string field = colon == std::string_view::npos ? "" : lower_ascii(word.substr(0, colon));
      if (!is_field(field)) {
        out.push_back({Lexeme::kWord, std::string(word), {}});
      } else if (colon + 1 < word.size()) {
        out.push_back({Lexeme::kWord, std::string(word.substr(colon + 1)), field});
      } else if (i < s.size() && quote_length(s, i)) {
        read_phrase(field);
      } else {
        bad_query(field + ": needs a value, as in " + field + ":word or " + field + ":\"two words\"");
      }
    }
  }
  return out;
}

// What one run of clauses joined by the default operator is made of.
struct Part {
  std::vector<Xapian::Query> positives;
  std::map<std::string, std::vector<Xapian::Query>> filters;  // field -> values (ORed)
  std::vector<Xapian::Query> negatives;
  bool empty() const { return positives.empty() && filters.empty() && negatives.empty(); }
};

class Parser {
 public:
  Parser(std::string_view text, const Analyzer& analyzer, const QueryOptions& options)
      : text_(text), lexemes_(lex(text)), analyzer_(analyzer), options_(options) {}

  ParsedQuery parse() {
    Part part = parse_or();
    if (pos_ < lexemes_.size()) bad_query("unbalanced parenthesis: ')' without '('");
    ParsedQuery out;
    out.query = to_query(part);
    if (out.query.empty()) {
      std::string why = "nothing to search for in '";
      why += one_line(text_);
      why += "': its words are all stopwords, which are not indexed";
      bad_query(why);
    }
    std::sort(highlight_.begin(), highlight_.end());
    highlight_.erase(std::unique(highlight_.begin(), highlight_.end()), highlight_.end());
    out.highlight_terms = std::move(highlight_);
    return out;
  }

 private:
  bool at(Lexeme::Kind kind) const { return pos_ < lexemes_.size() && lexemes_[pos_].kind == kind; }

  Part parse_or() {
    std::vector<Part> alternatives{parse_and()};
    while (at(Lexeme::kOr)) {
      ++pos_;
      if (alternatives.back().empty()) bad_query("OR needs a term before it");
      alternatives.push_back(parse_and());
      if (alternatives.back().empty()) bad_query("OR needs a term after it");
    }
    if (alternatives.size() == 1) return std::move(alternatives.front());
    std::vector<Xapian::Query> queries;
    for (const Part& p : alternatives) queries.push_back(to_query(p));
    Part merged;
    merged.positives.emplace_back(Xapian::Query::OP_OR, queries.begin(), queries.end());
    return merged;
  }

  Part parse_and() {
    Part part;
    while (pos_ < lexemes_.size() && !at(Lexeme::kOr) && !at(Lexeme::kClose)) {
      if (at(Lexeme::kAnd) || at(Lexeme::kPlus)) {
        ++pos_;
        continue;
      }
      bool negated = false;
      if (at(Lexeme::kNot) || at(Lexeme::kMinus)) {
        negated = true;
        ++pos_;
        if (pos_ >= lexemes_.size() || at(Lexeme::kOr) || at(Lexeme::kClose) || at(Lexeme::kNot)) {
          bad_query("NOT or '-' needs a term after it");
        }
      }
      negated_ += negated;
      parse_primary(part, negated);
      negated_ -= negated;
    }
    return part;
  }

  void parse_primary(Part& part, bool negated) {
    const Lexeme& lexeme = lexemes_[pos_++];
    Xapian::Query query;
    std::string filter_field;
    switch (lexeme.kind) {
      case Lexeme::kOpen: {
        Part inner = parse_or();
        if (!at(Lexeme::kClose)) bad_query("unbalanced parenthesis: '(' without ')'");
        ++pos_;
        query = to_query(inner);
        break;
      }
      case Lexeme::kWord:
      case Lexeme::kPhrase:
        if (lexeme.field == "source" || lexeme.field == "category") {
          filter_field = lexeme.field;
          query = field_filter(lexeme.field == "source" ? FilterField::kSource : FilterField::kCategory,
                               lexeme.text);
        } else if (lexeme.field == "author") {
          filter_field = lexeme.field;
          query = text_query(lexeme.text, schema::kAuthorPrefix, /*phrase=*/false);
          if (!query.empty()) query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0);
        } else {
          const std::string_view prefix = lexeme.field == "title" ? schema::kTitlePrefix : "";
          query = text_query(lexeme.text, prefix, /*phrase=*/true);
        }
        break;
      default:
        bad_query("unexpected operator: put OR, AND and NOT between words");
    }
    if (query.empty()) return;  // only stopwords
    if (negated) {
      part.negatives.push_back(std::move(query));
    } else if (!filter_field.empty()) {
      part.filters[filter_field].push_back(std::move(query));
    } else {
      part.positives.push_back(std::move(query));
    }
  }

  // The terms of `text` as one query: a single word (word_query()), or a phrase of several (when
  // `phrase`; else all of them ANDed). Empty when every word is a stopword.
  Xapian::Query text_query(std::string_view text, std::string_view prefix, bool phrase) {
    std::vector<Xapian::Query> terms;
    const std::vector<Token> tokens = analyzer_.analyze(text);
    const Token* only = nullptr;
    Xapian::termpos first = 0, last = 0;
    for (const Token& token : tokens) {
      if (token.term.empty()) continue;
      if (terms.empty()) first = token.position;
      last = token.position;
      only = &token;
      terms.emplace_back(schema::prefixed(prefix, token.term), kWeightScale, token.position + 1);
    }
    if (terms.empty()) return {};
    if (negated_ == 0 && prefix != schema::kAuthorPrefix) {
      for (const Token& token : tokens) {
        if (token.term.empty()) continue;
        // Only a lone unfielded word expands to its synonyms (word_query()).
        if (terms.size() == 1 && prefix.empty()) {
          add_highlights(token, options_, highlight_);
        } else {
          highlight_.push_back(token.term);
        }
      }
    }
    if (terms.size() == 1) return prefix.empty() ? word_query(*only, options_) : terms.front();
    if (!phrase) return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), last - first + 1);
  }

  Xapian::Query to_query(const Part& part) const {
    const auto op = options_.default_operator == DefaultOperator::kAnd ? Xapian::Query::OP_AND
                                                                       : Xapian::Query::OP_OR;
    Xapian::Query query;
    if (!part.positives.empty()) query = Xapian::Query(op, part.positives.begin(), part.positives.end());
    if (!part.filters.empty()) {
      std::vector<Xapian::Query> fields;
      for (const auto& [field, values] : part.filters) {
        fields.emplace_back(Xapian::Query::OP_OR, values.begin(), values.end());
      }
      Xapian::Query filter(Xapian::Query::OP_AND, fields.begin(), fields.end());
      query = query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0)
                            : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
    }
    if (!part.negatives.empty()) {
      if (query.empty()) query = Xapian::Query::MatchAll;
      query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                            Xapian::Query(Xapian::Query::OP_OR, part.negatives.begin(),
                                          part.negatives.end()));
    }
    return query;
  }

  std::string_view text_;
  std::vector<Lexeme> lexemes_;
  const Analyzer& analyzer_;
  const QueryOptions& options_;
  std::size_t pos_ = 0;
  int negated_ = 0;
  std::vector<std::string> highlight_;
};

}  // namespace

ParsedQuery parse_query(std::string_view text, const Analyzer& analyzer, const QueryOptions& options) {
  if (options.syntax == QuerySyntax::kFull) return Parser(text, analyzer, options).parse();
  ParsedQuery out;
  std::vector<Xapian::Query> terms, pairs;
  const Token* previous = nullptr;
  const std::vector<Token> tokens = analyzer.analyze(text);
  for (const Token& token : tokens) {
    if (token.term.empty()) continue;
    terms.push_back(word_query(token, options));
    add_highlights(token, options, out.highlight_terms);
    if (previous && options.proximity_weight > 0 && previous->term != token.term) {
      const Xapian::termcount wqf = wqf_of(options.proximity_weight);
      const Xapian::Query pair[] = {Xapian::Query(previous->term, wqf), Xapian::Query(token.term, wqf)};
      pairs.emplace_back(Xapian::Query::OP_PHRASE, std::begin(pair), std::end(pair),
                         token.position - previous->position + 2);
    }
    previous = &token;
  }
  if (!pairs.empty()) terms.emplace_back(Xapian::Query::OP_OR, pairs.begin(), pairs.end());
  // Natural text is never an error: a question made only of stopwords simply matches nothing.
  if (terms.empty()) return out;
  out.query = Xapian::Query(options.default_operator == DefaultOperator::kAnd ? Xapian::Query::OP_AND
                                                                              : Xapian::Query::OP_OR,
                            terms.begin(), terms.end());
  std::sort(out.highlight_terms.begin(), out.highlight_terms.end());
  out.highlight_terms.erase(std::unique(out.highlight_terms.begin(), out.highlight_terms.end()),
                            out.highlight_terms.end());
  return out;
}

Xapian::Query field_filter(FilterField field, std::string_view value) {
  const bool source = field == FilterField::kSource;
  const std::string normalized = normalize_field_value(value);
  if (normalized.empty()) {
    std::string why = source ? "source" : "category";
    why += ": needs a value with letters or digits";
    bad_query(why);
  }
  return Xapian::Query(schema::prefixed(source ? schema::kSourcePrefix : schema::kCategoryPrefix, normalized));
}

std::vector<QueryLine> read_query_lines(std::istream& in) {
  std::vector<QueryLine> out;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      out.push_back({std::to_string(number), line});
    } else {
      out.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
  }
  return out;
}

}  // namespace fahras
