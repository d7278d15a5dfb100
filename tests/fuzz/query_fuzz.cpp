// libFuzzer target: the query parser, both syntaxes and both default operators (picked by the first
// byte), with or without a database (bit 3 of the first byte). The full syntax may refuse a query
// with fahras::Error, and only that way; the plain syntax never throws. With the database, the
// choices it decides run too, with the searcher's default ranking options: the weights of a word's
// readings, whether its exact form is searched, a lone word's written forms, the idf factors.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/article.h"
#include "fahras/error.h"
#include "fahras/indexer.h"
#include "fahras/query.h"
#include "fahras/searcher.h"
#include "fuzz_util.h"

namespace {

// A few news sentences, indexed as fahras-index does, in a folder removed at exit.
const Xapian::Database& sample_database() {
  static const Xapian::Database db = [] {
    static std::string folder = (std::filesystem::temp_directory_path() / "fahras-query-fuzz-XXXXXX").string();
    fahras::fuzz::check(mkdtemp(folder.data()) != nullptr, "cannot make a temporary folder");
    std::atexit([] { std::filesystem::remove_all(folder); });
    const std::string path = folder + "/db";
    {
      fahras::Indexer indexer(path, fahras::IndexOptions{});
      const char* const bodies[] = {
          "تستضيف العاصمة السعودية الرياض القمة الخليجية المقبلة، وقال وزير الخارجية إن بالرياض ستعقد الجلسة.",
          "فاز فريق الهلال في مباراة الرياضة الأبرز، واحتفلت الجماهير الرياضية بالفوز في الملعب.",
          "أعلن الرئيس الأمريكي ترامب أن لبايدن فرصة، وقال بايدن إن الانتخابات البلدية تجرى في موعدها.",
          "وقع الطرفان اتفاقا في طهران، وقالت إيران إن البرلمان صادق على الموازنة بعد اعتراض النقابات.",
          "سجل بنزيما هدفا لريال مدريد، وقال ماكرون إن فرنسا تدعم فيسبوك (Facebook) في قضيته.",
      };
      int n = 0;
      for (const char* body : bodies) {
        fahras::Article article;
        article.id = "fuzz-" + std::to_string(++n);
        article.title = std::string(body).substr(0, 40);
        article.body = body;
        indexer.add_article(article);
      }
      indexer.commit();
    }
    return Xapian::Database(path);
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fahras::Analyzer analyzer;
  if (size == 0) return 0;
  fahras::QueryOptions options;
  options.syntax = (data[0] & 1) != 0 ? fahras::QuerySyntax::kPlain : fahras::QuerySyntax::kFull;
  options.default_operator = (data[0] & 2) != 0 ? fahras::DefaultOperator::kAnd : fahras::DefaultOperator::kOr;
  if ((data[0] & 4) != 0) {
    const fahras::RankingOptions ranking;
    options.database = &sample_database();
    options.title_weight = ranking.title_weight;
    options.exact_weight = ranking.exact_weight;
    options.exact_max_share = ranking.exact_max_share;
    options.exact_first = ranking.exact_first;
    options.idf_exponent = ranking.idf_exponent;
  }
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const fahras::ParsedQuery parsed = fahras::parse_query(text, analyzer, options);
    (void)parsed.query.get_description();
    for (const std::string& term : parsed.highlight_terms) {
      fahras::fuzz::check(!term.empty() && fahras::fuzz::is_utf8(term), "bad highlight term");
    }
  } catch (const fahras::Error& e) {
    fahras::fuzz::check(options.syntax == fahras::QuerySyntax::kFull, "plain syntax threw");
    fahras::fuzz::check(e.kind() == fahras::Error::Kind::kBadQuery, "error of another kind");
    const std::string_view what = e.what();
    fahras::fuzz::check(!what.empty() && what.find('\n') == std::string_view::npos, "message not one line");
  }
  return 0;
}
