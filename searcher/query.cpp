#include "fahras/query.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "fahras/error.h"
#include "fahras/normalize.h"
#include "fahras/schema.h"
#include "rerank.h"

namespace fahras {
namespace {

struct Lexeme {
  enum Kind {
    kWord, kPhrase, kPrefix, kExact, kOpen, kClose, kOr, kAnd, kNot, kNear, kMinus, kPlus
  } kind;
  std::string text;   // word or phrase text; kPrefix: the word without its '*'
  std::string field;  // "title", "source", ... when the word or phrase is a field value
  unsigned distance = 0;  // kNear: words allowed between the two
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

constexpr std::string_view kFields = "title, source, category, author, id";

bool is_field(std::string_view name) {
  return name == "title" || name == "source" || name == "category" || name == "author" || name == "id";
}

// True iff `name` (what comes before a colon) looks like a field name a user meant: ASCII letters
// only. "10:30" and Arabic text before a colon ("القرار:") are words.
bool looks_like_field(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
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

// One reading of a query word (Token::readings) and its weight, as a wqf out of kWeightScale.
struct Reading {
  std::string term;
  Xapian::termcount wqf;
};

// How many articles write `form` in a way that shows it to be a word of its own. For a reading
// with letters cut (`cut`: مصر from بمصر), the form bare or after ال; for one that keeps them
// (بايدن), the form after ال, ل or ب, since written bare it is the ambiguous word itself.
Xapian::doccount evidence(const Xapian::Database& db, std::string_view form, bool cut) {
  static constexpr std::string_view kBefore[] = {"ال", "ل", "ب"};
  Xapian::doccount n = cut ? db.get_termfreq(schema::prefixed(schema::kExactPrefix, form)) : 0;
  for (std::size_t i = 0; i < (cut ? 1 : std::size(kBefore)); ++i) {
    std::string term = schema::prefixed(schema::kExactPrefix, kBefore[i]);
    term += form;
    if (term.size() <= schema::kMaxTermBytes) n += db.get_termfreq(term);
  }
  return n;
}

// A word that lost the ending ان, ون or ين (Token::kept) is a dual or a sound plural (الطرفان,
// اللاعبين) or a word of its own (سلمان, ماكرون, البحرين, عشرين), and the index tells which: a
// dual or plural is written in both cases, ان or ون (direct) and ين (oblique), while a word of its
// own hardly ever has the other ending (ANT: ماكرين and الماكرين in 2 articles, ماكرون and
// الماكرون in 719; البحران in none, البحرين in 303). The oblique case is the commoner in news
// (المسلمين 445 articles, المسلمون 73), so the two tests differ:
//  - a word typed with ان or ون is searched as the dual or plural, under its stem, when its form
//    with ين is written in at least 1 / kObliqueShare as many articles as the typed form;
//  - a word typed with ين, when its forms with ان and ون are written in at least 1 / kDirectShare
//    as many (plurals are at 0.09-0.65 in ANT: اللاجئين 0.09, المسلمين 0.17; names at 0 to 0.03:
//    البحرين, الفلبين, ياسين; the duals of time too, عامين 0.03, يومين 0.01, which are then searched
//    as written, apart from the singular; the tens fall on both sides, عشرين 0.04, ثلاثين 0.06).
// Each form is counted bare or after ال. Otherwise the word is searched as the word it is, with its
// ending kept, which every article that writes it in any form (لماكرون, للبحرين) holds at its
// position. Without a database (or in one built before Token::kept, whose tokens have none) the
// word keeps its stem, as before.
constexpr Xapian::doccount kObliqueShare = 4;
constexpr Xapian::doccount kDirectShare = 20;

void decide_ending(Token& token, const QueryOptions& options) {
  if (token.kept.empty()) return;
  const std::string& whole = token.kept.back();
  if (!options.database || whole == token.term || whole.size() < 4) {
    token.kept.clear();
    return;
  }
  const std::string_view base = std::string_view(whole).substr(0, whole.size() - 4);  // the ending: two letters
  const auto written = [&](std::string_view form) { return evidence(*options.database, form, /*cut=*/true); };
  const auto with = [&](std::string_view ending) { return written(std::string(base) + std::string(ending)); };
  bool plural;
  if (std::string_view(whole).ends_with("ين")) {
    const Xapian::doccount direct = with("ان") + with("ون");
    plural = direct > 0 && direct * kDirectShare >= written(whole);
  } else {
    const Xapian::doccount oblique = with("ين");
    plural = oblique > 0 && oblique * kObliqueShare >= written(whole);
  }
  if (plural) {
    token.kept.clear();
  } else {
    keep_ending(token);
  }
}

// The query's words in `text`, as the analyser gives them with their endings decided
// (decide_ending()).
std::vector<Token> query_tokens(const Analyzer& analyzer, std::string_view text, const QueryOptions& options) {
  std::vector<Token> tokens = analyzer.analyze(text);
  for (Token& token : tokens) decide_ending(token, options);
  return tokens;
}

// The readings a query word is searched under, weighed by the evidence the index holds now: the
// word as typed (its uncut reading, which always keeps a wqf of at least 1: it is what the user
// wrote) and each reading with proclitic letters cut, in proportion to how often the articles write
// each as a word of its own (evidence()). بمصر is then مصر as before (nobody writes لبمصر), and
// بايدن is بايدن once articles write لبايدن or البايدن and hardly ايدن. One added to the
// uncut evidence: a word the user typed is a word until the index says otherwise. The decision
// follows the archive as it grows, and the index never changes for it: every article holds every
// reading of its words. A word with one reading, or with synonyms (which name their own terms), is
// searched under its term alone.
std::vector<Reading> readings_of(const Token& token, const QueryOptions& options) {
  if (token.readings.empty() || synonyms_of(token, options)) return {{token.term, kWeightScale}};
  std::vector<std::string> terms(token.readings);
  terms.push_back(token.term);  // terms[k]: k letters cut (analyzer.h)
  std::vector<double> weight(terms.size(), 1.0);
  if (options.database) {
    double total = 0;
    const std::string_view word = token.normalized;
    for (std::size_t k = 0; k < terms.size(); ++k) {
      // Each letter cut is one Arabic letter, two bytes of the normalised word. The term may have
      // one letter more cut than its place says (a cut that leaves a protected word has no reading
      // of its own: وببيروت), so its form is the first shorter piece of the word it begins.
      const bool cut = k + 1 == terms.size();
      std::size_t at = std::min(2 * k, word.size());
      while (cut && at < word.size() && !word.substr(at).starts_with(token.term)) at += 2;
      const std::string_view form = word.substr(std::min(at, word.size()));
      weight[k] = evidence(*options.database, form, cut) + (k == 0 ? 1.0 : 0.0);
      total += weight[k];
    }
    for (double& w : weight) w /= total;
  } else {
    for (double& w : weight) w /= static_cast<double>(terms.size());
  }
  std::vector<Reading> out;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    auto wqf = static_cast<Xapian::termcount>(std::lround(weight[k] * kWeightScale));
    if (k == 0) wqf = std::max<Xapian::termcount>(wqf, 1);
    if (wqf == 0) continue;
    const auto same = std::find_if(out.begin(), out.end(), [&](const Reading& r) { return r.term == terms[k]; });
    if (same != out.end()) {
      same->wqf += wqf;
    } else {
      out.push_back({terms[k], wqf});
    }
  }
  return out;
}

// The reading that weighs most (the term of a word with one reading).
std::string main_term(const Token& token, const QueryOptions& options) {
  if (token.readings.empty()) return token.term;
  const std::vector<Reading> readings = readings_of(token, options);
  return std::max_element(readings.begin(), readings.end(), [](const Reading& a, const Reading& b) {
           return a.wqf < b.wqf;
         })->term;
}

// A word inside a phrase or a NEAR: any of its readings at its position, unweighed.
Xapian::Query positional_word(const Token& token, std::string_view prefix, const QueryOptions& options) {
  if (token.readings.empty()) return Xapian::Query(schema::prefixed(prefix, token.term), kWeightScale, token.position + 1);
  std::vector<Xapian::Query> any;
  for (const Reading& r : readings_of(token, options)) {
    any.emplace_back(schema::prefixed(prefix, r.term), kWeightScale, token.position + 1);
  }
  return any.size() == 1 ? any.front() : Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
}

// The variants of a query word, when it gets any: none when it is in a synonyms group (the user's
// groups win) or there is no source.
std::vector<VariantSource::Variant> variants_of(const Token& token, const QueryOptions& options) {
  if (!options.variants || synonyms_of(token, options)) return {};
  return options.variants->variants_of(token);
}

// `typed` (a term or synonyms, with `prefix` and weight `wqf`) or any of `variants`, which weigh
// 1 / kVariantWeightDivisor of it. Like a synonym group, the variants are scaled by a factor of at
// least 1 (kWeightScale), never below.
Xapian::Query with_variants(Xapian::Query typed, const std::vector<VariantSource::Variant>& variants,
                            std::string_view prefix, Xapian::termcount wqf) {
  if (variants.empty()) return typed;
  std::vector<Xapian::Query> terms;
  for (const VariantSource::Variant& v : variants) terms.emplace_back(schema::prefixed(prefix, v.term));
  const Xapian::Query any(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  const Xapian::termcount scale = std::max<Xapian::termcount>(1, wqf / kVariantWeightDivisor);
  return Xapian::Query(Xapian::Query::OP_OR, typed, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, any, scale));
}

// What snippets mark for a query word: its readings, and the terms of its synonyms.
void add_highlights(const Token& token, const QueryOptions& options, std::vector<std::string>& out) {
  for (Reading& r : readings_of(token, options)) out.push_back(std::move(r.term));
  if (const std::vector<Synonyms::Entry>* group = synonyms_of(token, options)) {
    for (const Synonyms::Entry& entry : *group) out.insert(out.end(), entry.begin(), entry.end());
  }
}

// True iff the word's exact form is rare enough among the articles of its stem to tell them apart
// (QueryOptions::exact_max_share); without a database, always.
bool exact_form_discriminates(const Token& token, const QueryOptions& options) {
  if (!options.database || options.exact_max_share >= 1) return true;
  const Xapian::doccount stem = options.database->get_termfreq(token.term);
  const Xapian::doccount exact = options.database->get_termfreq(schema::prefixed(schema::kExactPrefix, token.normalized));
  return exact > 0 && static_cast<double>(exact) <= options.exact_max_share * static_cast<double>(stem);
}

// The ways Arabic writes the word `form` (normalised) with the letters it joins to it: the article
// ال, the conjunctions و ف, the prepositions ب ك ل (ل + ال is لل). الرياض, والرياض, بالرياض and
// للرياض are one family; الرياضه is another. `form` loses a leading ال (or وال, بال, لل...) first;
// a bare leading و ف ب ك ل is kept, since it may belong to the word (وزير, بايدن). A form typed
// without ال has its forms with ال too (انتخابات, الانتخابات); one typed with it, only those.
std::vector<std::string> written_forms(std::string_view form) {
  static constexpr std::string_view kWithArticle[] = {"ال", "وال", "فال", "بال", "كال", "وبال", "فبال", "وكال",
                                                      "فكال"};
  static constexpr std::string_view kWithL[] = {"لل", "ولل", "فلل"};  // ل + ال
  static constexpr std::string_view kBare[] = {"", "و", "ف", "ب", "ك", "ل", "وب", "فب", "وك", "فك", "ول", "فل"};
  std::string_view core = form;
  auto strip = [&](std::string_view before) {  // the longest first: وال before ال would never match
    if (core.size() == form.size() && form.starts_with(before) && form.size() >= before.size() + 4) {
      core = form.substr(before.size());
    }
  };
  for (auto it = std::rbegin(kWithArticle); it != std::rend(kWithArticle); ++it) strip(*it);
  for (auto it = std::rbegin(kWithL); it != std::rend(kWithL); ++it) strip(*it);
  std::vector<std::string> out;
  auto add = [&](std::string_view before) {
    std::string term = schema::prefixed(schema::kExactPrefix, before);
    term += core;
    if (term.size() <= schema::kMaxTermBytes) out.push_back(std::move(term));
  };
  // Typed with ال, the word is not its bare form: الرياض is the city, رياض a name (عايدة رياض).
  if (core.size() == form.size()) {
    for (const std::string_view p : kBare) add(p);
  }
  for (const std::string_view p : kWithArticle) add(p);
  for (const std::string_view p : kWithL) add(p);
  return out;
}

// The XE terms of `token`'s written forms (written_forms()) that the index holds, when they are at
// most QueryOptions::exact_max_share of its stem's articles; else none.
std::vector<std::string> discriminating_forms(const Token& token, const QueryOptions& options) {
  const Xapian::doccount stem = options.database->get_termfreq(token.term);
  std::vector<std::string> held;
  Xapian::doccount written = 0;  // at most the articles that write them (one may write several)
  for (std::string& term : written_forms(token.normalized)) {
    const Xapian::doccount n = options.database->get_termfreq(term);
    if (n == 0) continue;
    written += n;
    held.push_back(std::move(term));
  }
  if (held.empty() || static_cast<double>(written) > options.exact_max_share * static_cast<double>(stem)) return {};
  return held;
}

// For a query of one word whose stem other words share (الرياض: رياض, most of whose articles write
// الرياضه): its discriminating_forms(). A lone word has nothing else to tell its meaning by: what
// the user typed is the evidence, so these articles rank first (kExactFirstScale), and the rest of
// the stem's after them.
std::vector<std::string> exact_first_forms(const Token& token, const QueryOptions& options) {
  if (!options.database || options.exact_weight <= 0 || !options.exact_first || token.normalized == token.term ||
      !token.readings.empty() || synonyms_of(token, options)) {
    return {};
  }
  return discriminating_forms(token, options);
}

// QueryOptions::idf_exponent over one query: what each of its words' weights are multiplied by.
class WordScale {
 public:
  // `words`: the query's words, stopwords included (rerank::is_question() reads them), of which
  // those word_query() weighs are asked for.
  WordScale(std::string_view text, const std::vector<Token>& words, const QueryOptions& options)
      : exponent_(options.idf_exponent) {
    if (exponent_ == 1 || !options.database || rerank::is_question(text, words)) return;
    const double articles = options.database->get_doccount();
    for (const Token& token : words) {
      if (token.term.empty() || idf_of(token.term) > 0) continue;
      const Xapian::doccount n = options.database->get_termfreq(token.term);
      idf_.emplace_back(token.term, n == 0 ? 0 : std::max(1.0, std::log2((articles + 1) / (n + 0.5))));
      // Factors are relative to the rarest word for an exponent below 1, to the most common above
      // it: each is then at least 1, so that no weight rounds down to nothing.
      const double idf = idf_.back().second;
      if (idf > 0 && (reference_ == 0 || (exponent_ < 1 ? idf > reference_ : idf < reference_))) reference_ = idf;
    }
  }

  // 1 for a word the index does not hold, and for every word of a question or a query of one word.
  double operator()(const Token& token) const {
    const double idf = idf_of(token.term);
    return idf > 0 ? std::pow(idf / reference_, exponent_ - 1) : 1;
  }

 private:
  double idf_of(const std::string& term) const {
    for (const auto& [t, idf] : idf_) {
      if (t == term) return idf;
    }
    return 0;
  }

  double exponent_;
  double reference_ = 0;
  std::vector<std::pair<std::string, double>> idf_;  // a query's few words: a list is enough
};

// A wqf of `wqf` multiplied by `scale` (WordScale), at least 1.
Xapian::termcount scaled(Xapian::termcount wqf, double scale) {
  return std::max<Xapian::termcount>(1, static_cast<Xapian::termcount>(std::lround(wqf * scale)));
}

// One query word: its term (or its synonyms), the same in the title field, and its exact form, each
// when its weight is > 0, each multiplied by `scale` (WordScale); the first two with the word's
// variants, which are recorded in `used` and marked in `highlights`. With `exact_first`
// (exact_first_forms()), those forms instead of the exact form, scaled to rank above every article
// that writes none of them.
Xapian::Query word_query(const Token& token, const QueryOptions& options, std::vector<WordVariants>& used,
                         std::vector<std::string>& highlights, const std::vector<std::string>& exact_first = {},
                         double scale = 1) {
  const std::string& term = token.term;
  const Xapian::termcount body_wqf = scaled(kWeightScale, scale);
  const std::vector<VariantSource::Variant> variants = variants_of(token, options);
  if (!variants.empty()) {
    WordVariants word{token.normalized, {}};
    for (const VariantSource::Variant& v : variants) {
      word.variants.push_back(v.form);
      highlights.push_back(v.term);
    }
    used.push_back(std::move(word));
  }
  std::vector<Xapian::Query> fields;
  const std::vector<Reading> readings = readings_of(token, options);
  if (readings.size() == 1 && readings.front().term == term) {
    fields.push_back(with_variants(term_or_synonyms(token, "", body_wqf, options), variants, "", body_wqf));
    if (options.title_weight > 0) {
      const Xapian::termcount wqf = wqf_of(options.title_weight * scale);
      fields.push_back(with_variants(term_or_synonyms(token, schema::kTitlePrefix, wqf, options), variants,
                                     schema::kTitlePrefix, wqf));
    }
  } else {
    // A word with several readings: each reading weighed (readings_of), and its variants beside them.
    std::vector<Xapian::Query> body, title;
    for (const Reading& r : readings) {
      body.emplace_back(r.term, scaled(r.wqf, scale), token.position + 1);
      if (options.title_weight > 0) {
        title.emplace_back(schema::prefixed(schema::kTitlePrefix, r.term),
                           wqf_of(options.title_weight * scale * r.wqf / kWeightScale), token.position + 1);
      }
    }
    fields.push_back(with_variants(Xapian::Query(Xapian::Query::OP_OR, body.begin(), body.end()), variants, "",
                                   body_wqf));
    if (!title.empty()) {
      fields.push_back(with_variants(Xapian::Query(Xapian::Query::OP_OR, title.begin(), title.end()), variants,
                                     schema::kTitlePrefix, wqf_of(options.title_weight * scale)));
    }
  }
  if (!exact_first.empty()) {
    const Xapian::Query forms(Xapian::Query::OP_SYNONYM, exact_first.begin(), exact_first.end());
    fields.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, forms, kExactFirstScale);
  } else if (options.exact_weight > 0 && options.exact_family && options.database && token.normalized != term &&
             token.readings.empty()) {
    // The typed form's family instead of the form alone, where it discriminates.
    const std::vector<std::string> held = discriminating_forms(token, options);
    if (!held.empty()) {
      const Xapian::Query forms(Xapian::Query::OP_SYNONYM, held.begin(), held.end());
      fields.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, forms, options.exact_weight * kWeightScale * scale);
    }
  } else if (options.exact_weight > 0 && token.normalized != term && exact_form_discriminates(token, options)) {
    fields.emplace_back(schema::prefixed(schema::kExactPrefix, token.normalized), wqf_of(options.exact_weight * scale));
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
      if (word == "OR" || word == "AND" || word == "NOT") {
        out.push_back({word == "OR" ? Lexeme::kOr : word == "AND" ? Lexeme::kAnd : Lexeme::kNot, {}, {}});
        continue;
      }
      if (word == "NEAR" || word.starts_with("NEAR/")) {
        out.push_back({Lexeme::kNear, {}, {}, kDefaultNearDistance});
        if (word.size() > 4) {
          const std::string_view number = word.substr(5);
          unsigned n = 0;
          const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
          if (number.empty() || ec != std::errc() || end != number.data() + number.size() ||
              n > kMaxNearDistance) {
            bad_query("NEAR/n needs a number of words from 0 to " + std::to_string(kMaxNearDistance) +
                      ", not '" + std::string(word) + "'");
          }
          out.back().distance = n;
        }
        continue;
      }
      const std::size_t colon = word.find(':');
      const std::string field = colon == std::string_view::npos ? "" : lower_ascii(word.substr(0, colon));
      if (!is_field(field)) {
        if (colon != std::string_view::npos && colon + 1 < word.size() && looks_like_field(field)) {
          bad_query("unknown field '" + std::string(word.substr(0, colon)) + ":' (the fields are " +
                    std::string(kFields) + "); to search for the text itself, quote it: \"" +
                    std::string(word) + "\"");
        }
        if (word.size() > 1 && word.front() == '=') {
          out.push_back({Lexeme::kExact, std::string(word.substr(1)), {}});
        } else if (word.size() > 1 && word.back() == '*') {
          std::string_view stem = word;
          while (!stem.empty() && stem.back() == '*') stem.remove_suffix(1);
          out.push_back({Lexeme::kPrefix, std::string(stem), {}});
        } else {
          out.push_back({Lexeme::kWord, std::string(word), {}});
        }
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

// How a clause of a sequence counts (see Part).
enum class Role { kShould, kMust, kMustNot };

// A parsed clause: its query and how it may count.
struct Clause {
  Xapian::Query query;     // empty when it has nothing to search for (stopwords only)
  std::string filter_field;  // a field filter (source, category, author, id): matches, weighs nothing
};

// What one sequence of clauses (the whole query, or the inside of parentheses) is made of.
struct Part {
  std::vector<Xapian::Query> should;  // joined by the default operator
  std::vector<Xapian::Query> must;    // +word, or next to AND: every one required
  std::map<std::string, std::vector<Xapian::Query>> filters;  // field -> values (ORed)
  std::vector<Xapian::Query> must_not;
};

class Parser {
 public:
  Parser(std::string_view text, const Analyzer& analyzer, const QueryOptions& options)
      : text_(text), analyzer_(analyzer), options_(options) {}

  ParsedQuery parse() {
    if (const std::size_t bad = invalid_utf8_offset(text_); bad != std::string_view::npos) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text_[bad])));
      bad_query(std::string("the query is not valid UTF-8: byte ") + byte + " at offset " + std::to_string(bad));
    }
    if (std::all_of(text_.begin(), text_.end(), is_space)) bad_query("nothing to search for: the query is empty");
    lexemes_ = lex(text_);
    tokens_.resize(lexemes_.size());
    lone_ = is_lone_word();
    if (!lone_ && options_.idf_exponent != 1 && options_.database) {
      std::vector<Token> words;
      for (std::size_t i = 0; i < lexemes_.size(); ++i) {
        if (lexemes_[i].kind != Lexeme::kWord || !lexemes_[i].field.empty()) continue;
        const std::vector<Token>& tokens = tokens_of(i);
        words.insert(words.end(), tokens.begin(), tokens.end());
      }
      scale_ = WordScale(text_, words, options_);
    }
    Part part = parse_sequence(0);
    if (pos_ < lexemes_.size()) bad_query("unbalanced parenthesis: ')' without '('");
    ParsedQuery out;
    out.query = to_query(part);
    if (out.query.empty()) {
      std::string why = "nothing to search for in '";
      why += one_line(text_);
      const std::vector<Token> tokens = analyzer_.analyze(text_);
      why += tokens.empty() ? "': it has no letters or digits" : "': its words are all stopwords, which are not indexed";
      bad_query(why);
    }
    std::sort(highlight_.begin(), highlight_.end());
    highlight_.erase(std::unique(highlight_.begin(), highlight_.end()), highlight_.end());
    out.highlight_terms = std::move(highlight_);
    out.prefixes = std::move(prefixes_);
    out.exact_forms = exact_forms_;
    out.exact_first = std::move(exact_first_);
    out.variants = std::move(variants_);
    return out;
  }

 private:
  // The words of lexeme `index` (a word or a phrase), analysed and their endings decided
  // (query_tokens()) once, however often the parser asks: each decision costs lookups in the index.
  const std::vector<Token>& tokens_of(std::size_t index) {
    std::optional<std::vector<Token>>& tokens = tokens_[index];
    if (!tokens) tokens = query_tokens(analyzer_, lexemes_[index].text, options_);
    return *tokens;
  }

  // True iff the query is one word that is not a question, as exact_first_forms() wants it: its
  // lexemes are plain words, of which one has a term (stopwords aside), and it does not ask (ما هي
  // البيتكوين؟ asks what the thing is, which an article may write without ال: بيتكوين).
  bool is_lone_word() {
    if (!std::all_of(lexemes_.begin(), lexemes_.end(),
                     [](const Lexeme& l) { return l.kind == Lexeme::kWord && l.field.empty(); })) {
      return false;
    }
    std::vector<Token> tokens;
    std::size_t words = 0;
    for (std::size_t i = 0; i < lexemes_.size(); ++i) {
      for (const Token& token : tokens_of(i)) {
        words += !token.term.empty();
        if (words > 1) return false;  // a headline stops at its second word
        tokens.push_back(token);
      }
    }
    return words == 1 && !rerank::is_question(text_, tokens);
  }

  bool at(Lexeme::Kind kind) const { return pos_ < lexemes_.size() && lexemes_[pos_].kind == kind; }
  bool at_end_of_sequence() const { return pos_ >= lexemes_.size() || at(Lexeme::kClose); }

  // sequence := clause ( [AND] clause )*   up to ')' or the end.
  Part parse_sequence(int depth) {
    Part part;
    std::vector<std::pair<Xapian::Query, Role>> clauses;
    bool after_and = false;
    while (!at_end_of_sequence()) {
      if (at(Lexeme::kAnd)) {
        if (clauses.empty() && !after_and) bad_query("AND needs a term before it");
        ++pos_;
        if (at_end_of_sequence() || at(Lexeme::kAnd) || at(Lexeme::kOr)) bad_query("AND needs a term after it");
        if (!clauses.empty() && clauses.back().second == Role::kShould) clauses.back().second = Role::kMust;
        after_and = true;
        continue;
      }
      if (at(Lexeme::kOr)) bad_query("OR needs a term before it");
      if (at(Lexeme::kNear)) bad_query("NEAR needs a word before it");
      Role role = after_and ? Role::kMust : Role::kShould;
      after_and = false;
      if (at(Lexeme::kNot) || at(Lexeme::kMinus) || at(Lexeme::kPlus)) {
        const bool negated = !at(Lexeme::kPlus);
        role = negated ? Role::kMustNot : Role::kMust;
        ++pos_;
        if (at_end_of_sequence() || at(Lexeme::kOr) || at(Lexeme::kAnd) || at(Lexeme::kNot) || at(Lexeme::kMinus) ||
            at(Lexeme::kPlus) || at(Lexeme::kNear)) {
          bad_query(negated ? "NOT or '-' needs a term after it" : "'+' needs a term after it");
        }
      }
      negated_ += role == Role::kMustNot;
      Clause clause = parse_alternatives(depth);
      negated_ -= role == Role::kMustNot;
      if (clause.query.empty()) continue;  // only stopwords
      if (!clause.filter_field.empty() && role != Role::kMustNot) {
        part.filters[clause.filter_field].push_back(std::move(clause.query));
        continue;
      }
      clauses.emplace_back(std::move(clause.query), role);
    }
    for (auto& [query, role] : clauses) {
      (role == Role::kShould ? part.should : role == Role::kMust ? part.must : part.must_not).push_back(std::move(query));
    }
    return part;
  }

  // alternatives := near ( OR near )*
  Clause parse_alternatives(int depth) {
    std::vector<Clause> alternatives{parse_near(depth)};
    while (at(Lexeme::kOr)) {
      ++pos_;
      if (at_end_of_sequence() || at(Lexeme::kOr) || at(Lexeme::kAnd) || at(Lexeme::kNear)) {
        bad_query("OR needs a term after it");
      }
      if (at(Lexeme::kNot) || at(Lexeme::kMinus) || at(Lexeme::kPlus)) {
        bad_query("OR joins terms, not exclusions: write a -b -c, or -(b OR c)");
      }
      alternatives.push_back(parse_near(depth));
    }
    std::erase_if(alternatives, [](const Clause& c) { return c.query.empty(); });
    if (alternatives.empty()) return {};
    if (alternatives.size() == 1) return std::move(alternatives.front());
    // Either side may match; a field filter among them matches without weighing, as it does alone.
    std::vector<Xapian::Query> queries;
    for (const Clause& c : alternatives) queries.push_back(c.query);
    return {Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end()), {}};
  }

  // near := unit ( NEAR[/n] unit )*    the units of a NEAR chain are single words
  Clause parse_near(int depth) {
    const std::size_t first = pos_;
    Clause clause = parse_unit(depth);
    if (!at(Lexeme::kNear)) return clause;
    std::vector<Xapian::Query> words;
    unsigned distance = 0;
    add_near_words(first, words);
    while (at(Lexeme::kNear)) {
      distance = std::max(distance, lexemes_[pos_].distance);
      ++pos_;
      if (pos_ >= lexemes_.size() || lexemes_[pos_].kind != Lexeme::kWord || !lexemes_[pos_].field.empty()) {
        bad_query("NEAR joins single words, as in ترامب NEAR/3 كيم");
      }
      const std::size_t next = pos_;
      parse_unit(depth);  // for its highlights
      add_near_words(next, words);
    }
    if (words.size() < 2) bad_query("NEAR needs a word on each side that is not a stopword");
    // Xapian's window is the span of positions holding all the words: `distance` words besides them.
    const auto window = static_cast<Xapian::termcount>(distance + words.size());
    return {Xapian::Query(Xapian::Query::OP_NEAR, words.begin(), words.end(), window), {}};
  }

  // The body terms of the word lexeme at `index` (checked to be a plain word), for OP_NEAR.
  void add_near_words(std::size_t index, std::vector<Xapian::Query>& words) {
    const Lexeme& lexeme = lexemes_[index];
    if (lexeme.kind != Lexeme::kWord || !lexeme.field.empty()) bad_query("NEAR joins single words, as in ترامب NEAR/3 كيم");
    for (const Token& token : tokens_of(index)) {
      if (!token.term.empty()) words.push_back(positional_word(token, "", options_));
    }
  }

  Clause parse_unit(int depth) {
    if (pos_ >= lexemes_.size()) bad_query("a term is missing at the end");
    const Lexeme& lexeme = lexemes_[pos_++];
    switch (lexeme.kind) {
      case Lexeme::kOpen: {
        if (depth + 1 > kMaxQueryDepth) {
          bad_query("parentheses nested deeper than " + std::to_string(kMaxQueryDepth) + " levels");
        }
        Part inner = parse_sequence(depth + 1);
        if (!at(Lexeme::kClose)) bad_query("unbalanced parenthesis: '(' without ')'");
        ++pos_;
        return {to_query(inner), {}};
      }
      case Lexeme::kWord:
      case Lexeme::kPhrase:
        if (lexeme.field == "source" || lexeme.field == "category") {
          return {field_filter(lexeme.field == "source" ? FilterField::kSource : FilterField::kCategory, lexeme.text),
                  lexeme.field};
        }
        if (lexeme.field == "id") {
          return {Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(schema::unique_id_term(lexeme.text)), 0),
                  lexeme.field};
        }
        if (lexeme.field == "author") {
          Xapian::Query query = text_query(pos_ - 1, schema::kAuthorPrefix, /*phrase=*/false);
          if (query.empty()) return {};
          return {Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0), lexeme.field};
        }
        return {text_query(pos_ - 1, lexeme.field == "title" ? schema::kTitlePrefix : "", /*phrase=*/true), {}};
      case Lexeme::kPrefix:
        return {prefix_query(lexeme.text), {}};
      case Lexeme::kExact:
        return {exact_query(lexeme.text), {}};
      default:
        bad_query("unexpected operator: put OR, AND, NOT and NEAR between words");
    }
  }

  // `ترام*`: every word that starts with the normalised prefix, as the articles write it (the
  // schema's XE terms) and as stems, weighed as one word (OP_SYNONYM), at most kMaxPrefixExpansion
  // of each; past that, matching fails with Xapian::WildcardError (Searcher makes it an Error).
  Xapian::Query prefix_query(const std::string& typed) {
    const std::string prefix = normalize(typed);
    if (prefix.empty()) bad_query("'" + typed + "*': a prefix needs letters or digits before '*'");
    if (prefix.size() > schema::kMaxTermBytes) return {};
    prefixes_.push_back(typed + "*");
    const Xapian::Query forms[] = {
        Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, kMaxPrefixExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR),
        Xapian::Query(Xapian::Query::OP_WILDCARD, schema::prefixed(schema::kExactPrefix, prefix), kMaxPrefixExpansion,
                      Xapian::Query::WILDCARD_LIMIT_ERROR)};
    return Xapian::Query(Xapian::Query::OP_SYNONYM, std::begin(forms), std::end(forms));
  }

  // `=word`: the word in exactly this form, normalised but not stemmed (schema XE terms): الرياض
  // and not والرياض. A word that splits into several (لـNvidia) needs each of them.
  Xapian::Query exact_query(std::string_view text) {
    std::vector<Xapian::Query> forms;
    for (const Token& token : analyzer_.analyze(text)) {
      if (token.term.empty() || token.normalized.size() > schema::kMaxTermBytes) continue;
      forms.emplace_back(schema::prefixed(schema::kExactPrefix, token.normalized));
      if (negated_ == 0) highlight_.push_back(token.term);
    }
    if (forms.empty()) return {};
    exact_forms_ = true;
    return Xapian::Query(Xapian::Query::OP_AND, forms.begin(), forms.end());
  }

  // The terms of lexeme `index` as one query: a single word (word_query()), or a phrase of several
  // (when `phrase`; else all of them ANDed). Empty when every word is a stopword.
  Xapian::Query text_query(std::size_t index, std::string_view prefix, bool phrase) {
    std::vector<Xapian::Query> terms;
    const std::vector<Token>& tokens = tokens_of(index);
    const Token* only = nullptr;
    Xapian::termpos first = 0, last = 0;
    for (const Token& token : tokens) {
      if (token.term.empty()) continue;
      if (terms.empty()) first = token.position;
      last = token.position;
      only = &token;
      terms.push_back(positional_word(token, prefix, options_));
    }
    if (terms.empty()) return {};
    if (negated_ == 0 && prefix != schema::kAuthorPrefix) {
      for (const Token& token : tokens) {
        if (token.term.empty()) continue;
        // Only a lone unfielded word expands to its synonyms (word_query()).
        if (terms.size() == 1 && prefix.empty()) {
          add_highlights(token, options_, highlight_);
        } else {
          for (Reading& r : readings_of(token, options_)) highlight_.push_back(std::move(r.term));
        }
      }
    }
    if (terms.size() == 1) {
      if (!prefix.empty()) return terms.front();
      // Excluded words search no variants: -ترامب excludes ترامب, as typed.
      if (negated_ > 0) {
        QueryOptions as_typed = options_;
        as_typed.variants = nullptr;
        return word_query(*only, as_typed, variants_, highlight_);
      }
      if (lone_) exact_first_ = exact_first_forms(*only, options_);
      return word_query(*only, options_, variants_, highlight_, exact_first_, scale_(*only));
    }
    if (!phrase) return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), last - first + 1);
  }

  Xapian::Query to_query(const Part& part) const {
    std::vector<Xapian::Query> must = part.must, should = part.should;
    if (options_.default_operator == DefaultOperator::kAnd) {
      must.insert(must.end(), should.begin(), should.end());
      should.clear();
    }
    Xapian::Query query;
    if (!must.empty()) query = Xapian::Query(Xapian::Query::OP_AND, must.begin(), must.end());
    if (!should.empty()) {
      const Xapian::Query any(Xapian::Query::OP_OR, should.begin(), should.end());
      // Beside required clauses, the others only rank (as in Lucene): they may be missing.
      query = query.empty() ? any : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, any);
    }
    if (!part.filters.empty()) {
      std::vector<Xapian::Query> fields;
      for (const auto& [field, values] : part.filters) {
        fields.emplace_back(Xapian::Query::OP_OR, values.begin(), values.end());
      }
      Xapian::Query filter(Xapian::Query::OP_AND, fields.begin(), fields.end());
      query = query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0)
                            : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
    }
    if (!part.must_not.empty()) {
      if (query.empty()) query = Xapian::Query::MatchAll;
      query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                            Xapian::Query(Xapian::Query::OP_OR, part.must_not.begin(), part.must_not.end()));
    }
    return query;
  }

  std::string_view text_;
  std::vector<Lexeme> lexemes_;
  std::vector<std::optional<std::vector<Token>>> tokens_;  // tokens_of(), by lexeme
  const Analyzer& analyzer_;
  const QueryOptions& options_;
  std::size_t pos_ = 0;
  int negated_ = 0;
  std::vector<std::string> highlight_;
  std::vector<WordVariants> variants_;
  std::vector<std::string> prefixes_;
  bool exact_forms_ = false;
  bool lone_ = false;
  std::vector<std::string> exact_first_;
  WordScale scale_{{}, {}, {}};  // QueryOptions::idf_exponent (none for a lone word)
};

}  // namespace

ParsedQuery parse_query(std::string_view text, const Analyzer& analyzer, const QueryOptions& options) {
  if (options.syntax == QuerySyntax::kFull) return Parser(text, analyzer, options).parse();
  ParsedQuery out;
  std::vector<Xapian::Query> terms, pairs;
  const Token* previous = nullptr;
  const std::vector<Token> tokens = query_tokens(analyzer, text, options);
  const bool lone = std::count_if(tokens.begin(), tokens.end(), [](const Token& t) { return !t.term.empty(); }) == 1 &&
                    !rerank::is_question(text, tokens);
  const WordScale scale(text, tokens, options);
  for (const Token& token : tokens) {
    if (token.term.empty()) continue;
    if (lone) out.exact_first = exact_first_forms(token, options);
    terms.push_back(word_query(token, options, out.variants, out.highlight_terms, out.exact_first, scale(token)));
    add_highlights(token, options, out.highlight_terms);
    if (previous && options.proximity_weight > 0 && previous->term != token.term) {
      const Xapian::termcount wqf = wqf_of(options.proximity_weight);
      const Xapian::Query pair[] = {Xapian::Query(main_term(*previous, options), wqf),
                                    Xapian::Query(main_term(token, options), wqf)};
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
  std::string term = schema::field_value_term(source ? schema::kSourcePrefix : schema::kCategoryPrefix, value);
  if (term.empty()) {
    std::string why = source ? "source" : "category";
    why += ": needs a value with letters or digits";
    bad_query(why);
  }
  return Xapian::Query(std::move(term));
}

std::optional<QueryLine> parse_query_line(std::string line, std::size_t number) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.find_first_not_of(" \t") == std::string::npos) return std::nullopt;
  const std::size_t tab = line.find('\t');
  if (tab == std::string::npos) return QueryLine{std::to_string(number), std::move(line)};
  return QueryLine{line.substr(0, tab), line.substr(tab + 1)};
}

std::vector<QueryLine> read_query_lines(std::istream& in) {
  std::vector<QueryLine> out;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (std::optional<QueryLine> q = parse_query_line(std::move(line), number)) out.push_back(std::move(*q));
  }
  return out;
}

}  // namespace fahras
