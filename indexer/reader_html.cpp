// HTML reader: one news article per page, parsed with gumbo (an HTML5 parser: it builds the tree
// browsers build, whatever the markup, and decodes entities), then read for the metadata news sites
// publish (Open Graph, article:*, schema.org) and for the text of the article itself.
//
// gumbo's tree builder takes time quadratic in the nesting depth (10,000 nested <div> take seconds,
// 100,000 hours) and frees the tree recursively, so a page is first scanned for an estimate of its
// depth and refused beyond kMaxHtmlDepth. Our own walks of the tree use explicit stacks.
//
// A gumbo 0.10 quirk: text directly inside a <form> (not inside one of its elements) is put after the
// form in the tree, so it is read as article text. Forms hold labels, inputs and buttons, which are
// left out as they should be.
#include <gumbo.h>

#include <algorithm>
#include <initializer_list>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "reader_util.h"

namespace fahras::reader_detail {
namespace {

// ---- Depth estimate, before parsing ----

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_tag_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == ':' || c == '_';
}

bool name_in(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view candidate : names) {
    if (equals_ignore_case(name, candidate)) return true;
  }
  return false;
}

// Elements that never stay open: void elements, and those whose end tag is implied by the next one
// of their kind (<p>, <li>, <td>...), which real pages leave unclosed by the thousand.
bool never_nests(std::string_view name) {
  return name_in(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                        "param", "source", "track", "wbr", "keygen", "p", "li", "dt", "dd", "option",
                        "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup", "rp", "rt",
                        "html", "head", "body", "a"});
}

// Elements whose content is text up to their end tag, whatever it contains.
bool is_raw_text(std::string_view name) {
  return name_in(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                        "noscript"});
}

std::size_t find_ignore_case(std::string_view text, std::string_view needle, std::size_t from) {
  for (std::size_t pos = text.find('<', from); pos != std::string_view::npos; pos = text.find('<', pos + 1)) {
    if (pos + needle.size() <= text.size() && equals_ignore_case(text.substr(pos, needle.size()), needle)) {
      return pos;
    }
  }
  return std::string_view::npos;
}

// An upper estimate of how deep the elements of `html` nest: start tags of elements that can stay
// open, minus their end tags. Comments, doctypes and the content of raw-text elements do not count.
// "<span/>" counts as open, as HTML ignores the slash (except on void elements, and in SVG and
// MathML, where "<path/>" is closed).
std::size_t estimated_depth(std::string_view html) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  std::size_t foreign = 0;  // open <svg> and <math> elements
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    ++pos;
    if (pos >= html.size()) break;
    if (html[pos] == '!') {
      const bool comment = html.substr(pos, 3) == "!--";
      const std::size_t end = comment ? html.find("-->", pos + 3) : html.find('>', pos);
      if (end == std::string_view::npos) break;
      pos = end + 1;
      continue;
    }
    const bool closing = html[pos] == '/';
    if (closing) ++pos;
    const std::size_t name_begin = pos;
    while (pos < html.size() && is_tag_name_char(html[pos])) ++pos;
    const std::string_view name = html.substr(name_begin, pos - name_begin);
    if (name.empty() || !is_ascii_letter(name.front())) continue;  // "< 3", "<=": text
    const std::size_t end = html.find('>', pos);
    if (end == std::string_view::npos) break;
    const bool self_closing = html[end - 1] == '/' && (foreign > 0 || never_nests(name));
    pos = end + 1;
    const bool is_foreign_root = name_in(name, {"svg", "math"});
    if (closing) {
      if (is_foreign_root && foreign > 0) --foreign;
      if (!never_nests(name) && depth > 0) --depth;
      continue;
    }
    if (is_raw_text(name) && !self_closing) {
      std::string closing_tag = "</";
      closing_tag += name;
      pos = find_ignore_case(html, closing_tag, pos);
      if (pos == std::string_view::npos) break;
      continue;
    }
    if (equals_ignore_case(name, "plaintext")) break;
    if (self_closing || never_nests(name)) continue;
    if (is_foreign_root) ++foreign;
    deepest = std::max(deepest, ++depth);
  }
  return deepest;
}

// ---- Character references ----

// gumbo 0.10 computes a numeric character reference in 32 bits and lets it wrap, so "&#4294967296;"
// becomes U+0000 and longer ones surrogates or any character; HTML5 says every reference above
// U+10FFFF is U+FFFD. Returns `html` with such references written "&#xFFFD;", or nothing when it has
// none (the usual case: then the page is parsed as it is).
std::optional<std::string> without_overflowing_references(std::string_view html) {
  std::optional<std::string> out;
  std::size_t copied = 0;  // html[0, copied) is in *out
  for (std::size_t pos = html.find("&#"); pos != std::string_view::npos; pos = html.find("&#", pos)) {
    std::size_t i = pos + 2;
    const bool hex = i < html.size() && (html[i] == 'x' || html[i] == 'X');
    if (hex) ++i;
    const std::size_t digits_begin = i;
    std::uint64_t value = 0;
    for (; i < html.size(); ++i) {
      const char c = html[i];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) break;
      value = std::min<std::uint64_t>(value * (hex ? 16 : 10) + static_cast<std::uint64_t>(digit), 0x110000);
    }
    if (i > digits_begin && value > 0x10FFFF) {
      // Always closed by ';', so that letters after an unclosed reference ("&#1518030eade") stay
      // text, as HTML5 reads them, instead of becoming more hex digits.
      if (i < html.size() && html[i] == ';') ++i;
      if (!out) out.emplace();
      out->append(html, copied, pos - copied);
      out->append("&#xFFFD;");
      copied = i;
    }
    pos = i;
  }
  if (out) out->append(html, copied);
  return out;
}

// ---- The tree ----

struct DestroyOutput {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

const GumboVector& children_of(const GumboNode* node) {
  static const GumboVector kNone = {nullptr, 0, 0};
  if (node->type == GUMBO_NODE_DOCUMENT) return node->v.document.children;
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
    return node->v.element.children;
  }
  return kNone;
}

const GumboNode* child(const GumboVector& children, unsigned int i) {
  return static_cast<const GumboNode*>(children.data[i]);
}

bool is_element(const GumboNode* node, GumboTag tag) {
  return node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

std::string_view attribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
  return found ? std::string_view(found->value) : std::string_view();
}

// Elements that hold no article text: code, page furniture, forms and embedded documents.
bool is_excluded(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE) return true;
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
      return true;
    default:
      return false;
  }
}

// Elements that end a paragraph: each starts on a line of its own.
bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}

bool is_cell(GumboTag tag) { return tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH; }

// Calls visit(node, excluded) for every node under `root`, in document order, where `excluded` says
// whether the node is inside (or is) an excluded element. visit returns false to skip a subtree.
template <typename Visit>
void walk(const GumboNode* root, Visit visit) {
  struct Frame {
    const GumboNode* node;
    bool excluded;
  };
  std::vector<Frame> stack{{root, false}};
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const bool excluded = frame.excluded || is_excluded(frame.node);
    if (!visit(frame.node, excluded)) continue;
    const GumboVector& children = children_of(frame.node);
    for (unsigned int i = children.length; i > 0; --i) stack.push_back({child(children, i - 1), excluded});
  }
}

// Appends `text` to `out` with runs of ASCII white space made one space (kept at the ends, so that
// words of neighbouring nodes stay apart; lines are trimmed later).
void append_collapsed(std::string_view text, std::string& out) {
  for (const char c : text) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    } else {
      out += c;
    }
  }
}

// Ends the current line of `out`, if it has one.
void end_line(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '\n') out += '\n';
}

// The text of `root` without excluded elements, one paragraph per line, white space collapsed.
std::string text_of(const GumboNode* root) {
  std::string out;
  // Explicit stack with an exit marker, since a block also ends a paragraph where it closes.
  struct Frame {
    const GumboNode* node;
    bool closing;
  };
  std::vector<Frame> stack{{root, false}};
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const GumboNode* node = frame.node;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      append_collapsed(node->v.text.text, out);
      continue;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) continue;
    if (node != root && is_excluded(node)) continue;
    const GumboTag tag = node->type == GUMBO_NODE_ELEMENT ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
    if (is_block(tag)) end_line(out);
    if (is_cell(tag) && !out.empty() && out.back() != '\n' && out.back() != ' ') out += ' ';
    if (frame.closing) continue;
    stack.push_back({node, true});
    const GumboVector& children = children_of(node);
    for (unsigned int i = children.length; i > 0; --i) stack.push_back({child(children, i - 1), false});
  }
  // Trim each line and drop empty ones.
  std::string text;
  std::string_view rest = out;
  while (!rest.empty()) {
    const std::size_t newline = rest.find('\n');
    const std::string_view line = trim(rest.substr(0, newline));
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    if (line.empty()) continue;
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

// The text of `node` on one line (a title, a heading).
std::string line_of(const GumboNode* node) {
  std::string text = text_of(node);
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// What the page says about itself in <meta>, <link>, <title>, <h1> and <time>.
struct PageFacts {
  std::string og_title, title, h1;
  std::string published, first_time;
  std::string site_name, author, og_url, canonical, section;
  const GumboNode* article = nullptr;
  const GumboNode* main = nullptr;
  const GumboNode* body = nullptr;
};

// Sets `field` from an attribute's value, on one line with white space collapsed, unless it is set.
void set_once(std::string& field, std::string_view value) {
  if (!field.empty()) return;
  append_collapsed(value, field);
  field = std::string(trim(field));
}

// True iff the space-separated list `tokens` has `token` (any case): rel="canonical nofollow".
bool has_token(std::string_view tokens, std::string_view token) {
  std::size_t pos = 0;
  while (pos < tokens.size()) {
    while (pos < tokens.size() && is_space(tokens[pos])) ++pos;
    std::size_t end = pos;
    while (end < tokens.size() && !is_space(tokens[end])) ++end;
    if (end > pos && equals_ignore_case(tokens.substr(pos, end - pos), token)) return true;
    pos = end;
  }
  return false;
}

void read_meta(const GumboNode* node, PageFacts& facts) {
  const std::string_view content = attribute(node, "content");
  const std::string_view property = attribute(node, "property");
  const std::string_view name = attribute(node, "name");
  const std::string_view itemprop = attribute(node, "itemprop");
  const auto is = [](std::string_view key, std::string_view wanted) { return equals_ignore_case(trim(key), wanted); };
  if (is(property, "og:title")) set_once(facts.og_title, content);
  if (is(property, "og:site_name")) set_once(facts.site_name, content);
  if (is(property, "og:url")) set_once(facts.og_url, content);
  if (is(property, "article:section")) set_once(facts.section, content);
  if (is(property, "article:published_time") || is(name, "pubdate") || is(itemprop, "datePublished")) {
    set_once(facts.published, content);
  }
  if (is(name, "author")) set_once(facts.author, content);
}

PageFacts read_facts(const GumboNode* document) {
  PageFacts facts;
  walk(document, [&](const GumboNode* node, bool excluded) {
    if (node->type != GUMBO_NODE_ELEMENT) return node->type == GUMBO_NODE_DOCUMENT;
    switch (node->v.element.tag) {
      case GUMBO_TAG_META:
        read_meta(node, facts);
        break;
      case GUMBO_TAG_LINK:
        if (has_token(attribute(node, "rel"), "canonical")) set_once(facts.canonical, attribute(node, "href"));
        break;
      case GUMBO_TAG_TITLE:
        if (facts.title.empty()) facts.title = line_of(node);
        return false;
      case GUMBO_TAG_H1:
        if (facts.h1.empty()) facts.h1 = line_of(node);
        break;
      case GUMBO_TAG_ARTICLE:
        if (!excluded && !facts.article) facts.article = node;
        break;
      case GUMBO_TAG_MAIN:
        if (!excluded && !facts.main) facts.main = node;
        break;
      case GUMBO_TAG_BODY:
        if (!facts.body) facts.body = node;
        break;
      default:
        break;
    }
    // A published date may also be on any element with itemprop, as datetime or content.
    if (equals_ignore_case(trim(attribute(node, "itemprop")), "datePublished")) {
      set_once(facts.published, attribute(node, "datetime"));
    }
    return true;
  });
  return facts;
}

// The datetime of the first <time> under `root` that has one.
std::string first_time(const GumboNode* root) {
  std::string found;
  walk(root, [&](const GumboNode* node, bool) {
    if (!found.empty()) return false;
    if (is_element(node, GUMBO_TAG_TIME)) set_once(found, attribute(node, "datetime"));
    return true;
  });
  return found;
}

}  // namespace

FileContents parse_html(std::string_view content, std::string_view path) {
  FileContents contents;
  if (estimated_depth(content) > kMaxHtmlDepth) {
    contents.error = "HTML nested deeper than " + std::to_string(kMaxHtmlDepth) + " elements, not read";
    return contents;
  }
  const std::optional<std::string> repaired = without_overflowing_references(content);
  if (repaired) content = *repaired;
  const std::unique_ptr<GumboOutput, DestroyOutput> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, content.data(), content.size()));
  if (!output) {
    contents.error = "HTML parser failed (out of memory?)";
    return contents;
  }
  const PageFacts facts = read_facts(output->document);
  const GumboNode* root = facts.article ? facts.article : facts.main ? facts.main : facts.body;

  Article article;
  article.path = std::string(path);
  article.title = !facts.og_title.empty() ? facts.og_title : !facts.title.empty() ? facts.title : facts.h1;
  article.body = root ? text_of(root) : std::string();
  article.raw_date = facts.published;
  if (article.raw_date.empty() && root) article.raw_date = first_time(root);
  if (article.raw_date.empty()) article.raw_date = first_time(output->document);
  article.source = facts.site_name;
  article.author = facts.author;
  article.url = !facts.og_url.empty() ? facts.og_url : facts.canonical;
  article.category = facts.section;
  // gumbo decodes references itself; should another of its quirks still produce ill-formed UTF-8,
  // the fields keep what reader.h promises.
  for (std::string* field : {&article.title, &article.body, &article.raw_date, &article.source, &article.author,
                             &article.url, &article.category}) {
    *field = replace_invalid_utf8(*field);
  }
  add_article(std::move(article), contents, "no title and no text");
  return contents;
}

}  // namespace fahras::reader_detail
