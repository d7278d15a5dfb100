// Text reader: a plain article, headline first.
#include "reader_util.h"

namespace fahras::reader_detail {

FileContents parse_text(std::string_view content, std::string_view path) {
  FileContents contents;
  std::string_view rest = content;
  std::string_view title;
  while (title.empty() && !rest.empty()) {
    const std::size_t newline = rest.find('\n');
    title = trim(rest.substr(0, newline));
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
  }
  if (title.empty()) {
    contents.error = "empty file";
    return contents;
  }
  Article article;
  article.path = std::string(path);
  article.title = std::string(title);
  article.body = std::string(trim(rest));
  add_article(std::move(article), contents, "no title and no text");
  return contents;
}

}  // namespace fahras::reader_detail
