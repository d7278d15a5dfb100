// The Fahras index schema: every Xapian term prefix, value slot and metadata key, in one place.
// The indexer writes exactly this and the searcher reads exactly this; nothing else spells a prefix.
//
// Terms (all built from Analyzer output, so already normalised and stemmed):
//   (none)  words of title, abstract and body, with positions. Title words are indexed first, with
//           their wdf raised by kTitleWdf so that a title match outweighs a body match. The words of
//           the lead (the first IndexOptions::lead_words words of the abstract or, without one, of the
//           body) have their wdf raised again by their place in it (document_builder.cpp lead_wdf):
//           news puts the gist of a story first. (Before schema 4 the lead was a field of its own,
//           XL terms, which cost a third posting list per query word: bench/RESULTS.md.)
//   S       words of the title alone, with positions (title:, and every query word: the title field).
//   XE      exact forms: every word of title, abstract and body that has a term, normalised but not
//           stemmed (Token::normalized, when it is at most kMaxTermBytes), without positions, with the
//           body term's wdf; also when the form equals the stem. Its term frequency is the number of
//           articles that write the form, which suggestions read (kSuggestPrefix); queries may reward
//           the exact form.
//   A       words of the author field (author:).
//   Q       unique id: "Q" + article id, hashed when too long for Xapian (unique_id_term()).
//   XSRC    source, whole value (field_value_term(): hashed when long) and each of its words of at
//           most kMaxTermBytes, by normalize_field_value (source:).
//   XCAT    category, likewise (category:).
//   D M Y   publication date as YYYYMMDD, YYYYMM and YYYY (as Omega does).
//   XV      name variants across scripts (searcher/variants.h): for a word written beside another of
//           the other script in parentheses, "فيسبوك (Facebook)", "Nvidia (إنفيديا)", boolean terms
//           XV + key(a) + " " + form(b) and XV + key(b) + " " + form(a), where key is the word's term
//           (stemmed) and form its term for an Arabic word, its normalised form for a Latin one (what
//           a user reads: "google", not Snowball's "googl"). Two words in parentheses pair with the
//           two words before them, in order ("دونالد ترامب (Donald Trump)"). Its term frequency is the
//           number of articles that write the pair, which Xapian keeps exact by itself.
//   XF      the input file the article came from: file_term() of its absolute canonical path (the
//           file's identity; Article::path keeps the path as given, for display). Every document
//           of a file carries it, so deleting by it removes exactly that file's articles.
//
// Values:
//   kDateSlot  publication time, Xapian::sortable_serialise(seconds since the epoch, UTC).
//   kBodySlot  body_key(): 16 hex digits of a hash of the body (the abstract when there is no body)
//              with white space runs folded to one space; absent when both are empty. Articles
//              with the same key have the same text: the searcher collapses on it.
//   kSourceSlot, kCategorySlot   the source and category as the article writes them ("Jawhara FM");
//              absent when empty. Facets count on them (searcher/facets.cpp), merging values that
//              normalize_field_value() makes equal, as the source: and category: filters do.
//   kYearSlot  the publication year in UTC, 4 digits ("2018"); absent for an undated article.
//   kHeaderSlot the article without its abstract and body (encode_header()): what a result shows
//              besides a snippet. A page of results without snippets (and ids, TREC, TSV output)
//              reads it instead of the document data, which Xapian keeps compressed: inflating and
//              parsing whole articles was two thirds of a top-100 query (bench/RESULTS.md).
//   kOrderSlot order_key(): the date (fixed width) then the article id, so that one value orders by
//              date and breaks ties by id. The searcher sorts on it (Xapian's remote backend takes a
//              value slot, not a KeyMaker), so that equal results come in the same order over one
//              database and over shards, whose document ids differ. Databases written before it lack
//              it: the searcher then sorts on kDateSlot, and ties fall to document ids.
//   kClusterSlot near_duplicate_signature() (near_duplicate.h) of the body's terms (the abstract's
//              without a body): a MinHash of its word 3-shingles, 256 bytes; absent for a text too
//              short to tell. Each article holds only its own, so incremental runs cannot drift; the
//              searcher folds the matches of a query whose signatures agree (SearchOptions::fold).
//   kLeadSlot  the lead sketch (encode_lead_sketch()): where each word term (unprefixed, readings
//              included) occurs among positions 1 to kLeadSketchEnd, that is in the title and the
//              first kLeadSketchWords words of the text, and a Bloom filter of all the article's
//              word terms. The learned re-rank (searcher/rerank.h) reads its `early` and `lead`
//              features from it, one value per article, where the position lists cost a lookup per
//              query word and article: a word not in the sketch's lead is looked up in the position
//              lists only when the filter says the article may hold it. Always present (an article
//              without words has a sketch that holds none); absent before schema 6, where the
//              re-rank reads position lists only.
//   kOpeningSlot the article's opening (encode_opening()): the distinct normalised words of its
//              title and of the first kOpeningWords words of its text, then those of its text up
//              to kFurtherWords. The learned re-rank's `opening` and `further` features compare a
//              headline's words with them, letter by letter (searcher/rerank.h). Absent for an
//              article without words; before schema 8 it holds only the first words, and before
//              schema 7 it is absent: the re-rank analyses the stored article instead, the same
//              words, slower.
//
// Suggestion index (for "did you mean", searcher/suggest.cpp; Xapian's own spelling table is not
// used): the words that can be suggested are those of title, abstract and body that have a term and
// a letter (no stopword, no number), normalised but not stemmed, written in at least kSuggestFloor
// articles (their XE term frequency). Each such word w is listed under suggestion_keys(w): w itself
// and w with any one letter deleted, so that a query word's own keys meet those of every word within
// one edit (a letter missing, one too many, one replaced, two neighbours swapped). The indexer keeps
// it exact across incremental runs: at each commit, the words whose frequency crossed the floor are
// added to or removed from their keys (indexer/spelling_changes.h).
//
// Variants index (searcher/variants.h): the words of the suggestion index (same floor, same shards,
// kept exact by the same summed changes, indexer/spelling_changes.h) that variant_key() gives a key,
// listed under that key, so that spellings of one name (ترامب / ترمب, غوغل / جوجل / قوقل) meet. The
// searcher decides from frequencies which of a key's words are names (searcher/variants.h).
//
// Document data: the stored article (encode_article()), a JSON object holding every field of the
// Article including its original text, so that snippets and remote shards need nothing else.
//
// Metadata:
//   kAnalyzerKey  Analyzer::version() of the analyser that wrote the database.
//   kSchemaKey    kSchemaVersion.
//   kFileStatePrefix + path   one entry per input file that the indexer has read (file_state_key(),
//                 encode_file_state()): its size, mtime, ctime and content hash when it was read,
//                 how many articles it gave, and its full canonical path. An entry is written in the
//                 same commit as the file's articles, and only with all of them, so a committed entry
//                 always describes articles that are all in the database; a later run skips the file
//                 while size, mtime and ctime (or, when they differ, the content hash) still match.
//                 Entries exist also for files that gave no article (so they are not re-read
//                 unchanged every run).
//   kShardKey     in a shard of a sharded database: "<i>/<N>", this shard's number and the count.
//   kSpellingKey  "0" when the database keeps no suggestion index (fahras-index --no-spelling; its XE
//                 terms are there all the same), "1" (or absent, before the option existed) when it
//                 does. The database keeps the setting it was made with: incremental runs follow it.
//   kSuggestPrefix + key   the suggestion index (above): the words listed under a key, by
//                 encode_word_list(). A key with no word has no entry. In a shard, the words written
//                 in at least suggest_floor(shards) of the shard's articles, so that every word of the
//                 whole database above kSuggestFloor is listed in some shard; the searcher reads the
//                 keys of every shard and checks the frequencies over all of them.
//   kVariantPrefix + key   the variants index (above): the words listed under a variant_key(), by
//                 encode_word_list(). A key with no word has no entry. Absent with --no-spelling.
//   kSpellingsPrefix + word   the spellings table (fahras/spelling_variants.h): for each word of the
//                 variants index written in at least kSuggestFloor articles that has other spellings
//                 of one name, those spellings, most frequent first, by encode_word_list(). Computed
//                 over the whole database (every shard) at the end of each indexing run that changed
//                 it (Indexer::commit(); with --watch once the watch is idle, and when it stops),
//                 from the articles it holds alone, so an updated database has the table of a fresh
//                 build; in shard 0 of a sharded database.
//   kSpellingsKey  "1" while the spellings table describes the articles: a commit that adds or
//                 removes articles takes it out, and storing the table puts it back, so that a run
//                 that changed nothing does not compute the table again. Without it (databases
//                 written before the table, or between a commit and the table) the searcher finds
//                 the spellings of a query word itself (slower, same result).
//   kHoldersPrefix + hex16(content_hash(id term))   in the shard of an article id that more than one
//                 input file holds: the files that hold it (encode_holders()), sorted by
//                 later_in_walk(); the last one's article is the document (indexer/writer.h). No
//                 entry while one file holds the id.
//   kLastRunKey   the summary of the last indexing run, a JSON object written with its last commit
//                 (indexer/summary.cpp encode_last_run()): its counts, and the files and records
//                 skipped (the first kSkippedListed, with the total), including those skipped by an
//                 earlier run that this run did not read again (unchanged), so that they stay listed.
//                 Read by fahras-index --stats.
//   kLeadWordsKey  IndexOptions::lead_words ("50"), followed by incremental runs as kSpellingKey is
//                 (absent: 50).
//
// A sharded database (fahras-index --shards N, docs/scaling.md) is a folder DIR holding N databases
// DIR/shard-0 ... DIR/shard-<N-1> and DIR/XAPIANDB, Xapian's stub file listing them ("auto shard-0"
// per line), so that Xapian opens DIR as one database. An article lives in shard shard_of(id, N).
// Every shard has the analyser and schema keys; the file states of all files are in shard-0 alone,
// written in a commit that follows the commits of the other shards (see indexer/writer.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/article.h"

namespace fahras::schema {

inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kExactPrefix = "XE";
inline constexpr std::string_view kAuthorPrefix = "A";
inline constexpr std::string_view kIdPrefix = "Q";
inline constexpr std::string_view kSourcePrefix = "XSRC";
inline constexpr std::string_view kCategoryPrefix = "XCAT";
inline constexpr std::string_view kDayPrefix = "D";
inline constexpr std::string_view kMonthPrefix = "M";
inline constexpr std::string_view kYearPrefix = "Y";
inline constexpr std::string_view kFilePrefix = "XF";
inline constexpr std::string_view kVariantPairPrefix = "XV";

inline constexpr Xapian::valueno kDateSlot = 0;
inline constexpr Xapian::valueno kBodySlot = 1;
inline constexpr Xapian::valueno kSourceSlot = 2;
inline constexpr Xapian::valueno kCategorySlot = 3;
inline constexpr Xapian::valueno kYearSlot = 4;
inline constexpr Xapian::valueno kOrderSlot = 5;
inline constexpr Xapian::valueno kHeaderSlot = 6;
inline constexpr Xapian::valueno kClusterSlot = 7;
inline constexpr Xapian::valueno kLeadSlot = 8;
inline constexpr Xapian::valueno kOpeningSlot = 9;

inline constexpr std::string_view kAnalyzerKey = "fahras.analyzer";
inline constexpr std::string_view kSchemaKey = "fahras.schema";
// 2: XF holds canonical paths, file state entries, kBodySlot.
// 3: kSourceSlot, kCategorySlot, kYearSlot and the spelling table.
// 4: XE terms for every word, the suggestion index (kSuggestPrefix) instead of the spelling table;
//    no XL lead terms (the lead's weight is in the body terms' wdf); kHeaderSlot.
// 5: kClusterSlot (near-duplicate signatures; folding finds nothing to fold in an older database),
//    XV terms and the variants index (kVariantPrefix).
// 6: kLeadSlot (the lead sketch; without it the re-rank reads position lists, same result, slower).
// 7: kOpeningSlot (the opening's words; without it the re-rank analyses the stored article, same
//    result, slower).
// 8: kOpeningSlot also holds the words up to kFurtherWords (a value of schema 7 is read as none:
//    the re-rank analyses the stored article, same result, slower).
// The indexer refuses to update a database of another schema version (re-index with --rebuild). The
// searcher reads 1 to 8; facets need 3 (an older database is a clear error asking for --rebuild),
// and suggestions need 4 (they are simply absent before).
inline constexpr std::string_view kSchemaVersion = "8";
// The oldest schema that has the facet slots.
inline constexpr int kFacetSchema = 3;
// The oldest schema that has the suggestion index.
inline constexpr int kSuggestSchema = 4;
inline constexpr std::string_view kFileStatePrefix = "fahras.file:";
inline constexpr std::string_view kShardKey = "fahras.shard";
inline constexpr std::string_view kSpellingKey = "fahras.spelling";
inline constexpr std::string_view kLeadWordsKey = "fahras.lead_words";
inline constexpr std::string_view kSuggestPrefix = "fahras.del:";
inline constexpr std::string_view kVariantPrefix = "fahras.var:";
inline constexpr std::string_view kSpellingsPrefix = "fahras.spell:";
inline constexpr std::string_view kSpellingsKey = "fahras.spellings";
inline constexpr std::string_view kHoldersPrefix = "fahras.holders:";
inline constexpr std::string_view kLastRunKey = "fahras.last_run";
inline constexpr std::string_view kStubFile = "XAPIANDB";
inline constexpr std::string_view kShardFolderPrefix = "shard-";

// How much more a word in the title counts than one in the body (added to its wdf per occurrence).
inline constexpr Xapian::termcount kTitleWdf = 3;
// Position gap between title, abstract and body, so that a phrase never spans two of them.
inline constexpr Xapian::termpos kFieldGap = 100;
// The fewest articles that write a word for it to be in the suggestion index. A correction must be
// far more frequent than the word typed (searcher/suggest.h: at least max(1, articles / 2000) for a
// word the corpus never writes, 50 times a rare one's), so rarer words would only take room; see
// bench/RESULTS.md ("Suggestions from a deletion index") for how this was chosen.
inline constexpr std::uint32_t kSuggestFloor = 5;
// The lead sketch (kLeadSlot) holds positions 1 to kLeadSketchEnd: the title (positions 1 to its
// length) and the text from kFieldGap + 1 + the title's length on, so the first kLeadSketchWords
// words counted from the title's start (the re-rank's offsets). 64 leaves the re-rank's lead
// (50 words) room for a query pair 14 words apart; bench/RESULTS.md ("The re-rank's reads").
inline constexpr Xapian::termpos kLeadSketchWords = 64;
inline constexpr Xapian::termpos kLeadSketchEnd = kFieldGap + kLeadSketchWords;
// The words of an article's text that its opening (kOpeningSlot) holds, after its title's. A
// headline restates its article's first sentence or two: over the headlines of ANT v2.1 and of
// JawharaFM, 25 to 40 words rank alike and 15 or 100 worse (bench/RESULTS.md, row 73).
inline constexpr std::size_t kOpeningWords = 30;
// How far into its text an article's opening also reaches (kOpeningSlot's further words): a
// headline's words that its article writes in its first paragraphs if not in its first sentence.
// Beside the first kOpeningWords, over both outlets' headlines held out, 150 ranks best of 60, 100,
// 150, 200 and 300 (bench/RESULTS.md, row 75).
inline constexpr std::size_t kFurtherWords = 150;
// Longest term we index, in bytes. Longer "words" are URLs or junk; Xapian's hard limit is 245.
inline constexpr std::size_t kMaxTermBytes = 64;

// prefix + value, the way every term is spelled. (Appending, rather than std::string + std::string,
// also keeps GCC 12 from a false -Wrestrict at -O3: GCC bug 105329.)
inline std::string prefixed(std::string_view prefix, std::string_view value) {
  std::string term;
  term.reserve(prefix.size() + value.size());
  term.append(prefix);
  term.append(value);
  return term;
}

// "Q" + id, or for an id too long for a Xapian term, "Q" + a prefix of it + a hash of the whole.
std::string unique_id_term(std::string_view id);

// The term that a whole field value (source, category) is indexed and filtered under: `prefix` +
// normalize_field_value(value), hashed in the same way when too long for Xapian (a source of 125
// Arabic letters is 250 bytes), so that the indexer and the source: and category: filters spell it
// alike. "" when the value has no letters or digits.
std::string field_value_term(std::string_view prefix, std::string_view value);

// "XF" + path, hashed in the same way when long. `path` is the file's absolute canonical path.
std::string file_term(std::string_view path);

// A 64-bit hash (FNV-1a) of `bytes`: the content hash of file states and the body key. Not
// cryptographic: it tells changed files and different texts apart, it does not resist forgery.
std::uint64_t content_hash(std::string_view bytes);

// The suggestion index's keys of `word` (without kSuggestPrefix): the word, then the word with one
// letter (UTF-8 character) deleted, each once, in order of the deleted letter. None for a word of
// fewer than 2 letters.
std::vector<std::string> suggestion_keys(std::string_view word);

// The key under which the variants index lists `word` (normalised, not stemmed), or "" when it gets
// none: a word of Arabic letters only, at least 4 of them, not starting with ال, reduced to the
// letters that transliterations of one foreign name keep. After its first letter, the long vowels
// and hamza seats (ا و ي ء ؤ ئ) are dropped (ترامب, ترمب -> ترمب; بوتين, بوتن -> بتن); ط is ت, ص is
// س, ذ and ظ are ز, غ and ج are ق (غوغل, جوجل, قوقل -> ققل). "" too when fewer than 3 letters are
// left.
std::string variant_key(std::string_view word);

// The floor of one shard of `shards` (kShardKey): kSuggestFloor / shards, rounded up (a word written
// in kSuggestFloor articles of the whole database is written in at least that many of one shard).
std::uint32_t suggest_floor(std::uint32_t shards);

// The words listed under a suggestion key: sorted, each once, joined by '\n' (words have no
// white space). decode_word_list("") is empty.
std::string encode_word_list(const std::vector<std::string>& words);
std::vector<std::string> decode_word_list(std::string_view value);

// Sharded databases (fahras-index --shards N): the shard, in [0, shards), that holds the article
// with this id: content_hash(id) % shards. Stable across runs, machines and builds, so that indexing
// an article again replaces it in the same shard. REQUIRES: shards > 0.
std::uint32_t shard_of(std::string_view id, std::uint32_t shards);

// The kOrderSlot value of an article: "\x01" + the date as 8 bytes big-endian (seconds + 2^63), or
// "\x00" when it has no date (undated articles sort as older than any date), then the id.
std::string order_key(const Article& article);

// The kLeadSlot value for the word terms of one article and their positions (all the postings with
// positions that the indexer adds without a prefix, in any order): a format byte (2), the length of
// the lead part (2 bytes, big-endian), the lead part, then the filter. The lead part: for each term
// at a position up to kLeadSketchEnd, in order of lead_sketch_hash(), its hash (4 bytes,
// big-endian), the number of its positions up to kLeadSketchEnd (1 byte) and each of them (1 byte),
// ascending. The filter: a Bloom filter of every term, kSketchFilterBits bits a term (at least 64),
// kSketchFilterProbes probes (about 2% false positives). Terms are known by a 32-bit hash in the
// lead part: two terms of one article's lead with the same hash read as one (about one chance in
// 10^8 for a query word and an article).
std::string encode_lead_sketch(const std::vector<std::pair<std::string, Xapian::termpos>>& postings);
inline constexpr std::size_t kSketchFilterBits = 8;
inline constexpr std::size_t kSketchFilterProbes = 4;
// The low 32 bits of content_hash(term).
std::uint32_t lead_sketch_hash(std::string_view term);
// Appends to `out` the positions of `term` that `sketch` holds (ascending; none when the sketch
// does not hold it). Returns false, appending nothing, when `sketch` is not a value that
// encode_lead_sketch() wrote (empty: a database before schema 6).
bool lead_sketch_positions(std::string_view sketch, std::string_view term, std::vector<Xapian::termpos>& out);
// False when the article of `sketch` surely has no position of `term` (its filter says so); true
// when it may have one (read its position list to know), or when `sketch` is not a value that
// encode_lead_sketch() wrote.
bool lead_sketch_may_hold(std::string_view sketch, std::string_view term);

// The kOpeningSlot value of an article whose title and text (its abstract, or its body without one)
// the analyser gave `title` and `text`: the normalised form (Token::normalized) of each word of the
// title and of the text's words at positions below kOpeningWords, stopwords included, each once in
// order of first occurrence, joined by single spaces; a newline; then the same of the text's words
// at positions below kFurtherWords that are not already there. A word longer than kMaxTermBytes is
// left out. "" for an article without words.
std::string encode_opening(const std::vector<Token>& title, const std::vector<Token>& text);
// A kOpeningSlot value's words, as views into it.
struct Opening {
  std::vector<std::string_view> first;    // the title's and the first kOpeningWords words of the text
  std::vector<std::string_view> further;  // the text's others up to kFurtherWords
};
// The words of a kOpeningSlot value; nullopt for a value of schema 7 (no newline: only the first
// words), or none.
std::optional<Opening> decode_opening(std::string_view value);

// The kBodySlot value of an article, or "" when it has neither body nor abstract.
std::string body_key(const Article& article);

// What the indexer knows about one input file (metadata, see above).
struct FileState {
  std::uint64_t size = 0;
  // Modification time in nanoseconds since the epoch, or 0 when the file had been modified too
  // recently to trust (it could change again within the file system's time resolution without
  // changing its mtime): then the next run compares content hashes.
  std::int64_t mtime_ns = 0;
  // Status change time, likewise: tools that restore or copy a file (cp -p, tar, rsync) set its
  // mtime back, but never its ctime.
  std::int64_t ctime_ns = 0;
  std::uint64_t hash = 0;     // content_hash() of the bytes on disk (a .gz file: compressed)
  // Articles the file holds. Those it won carry its XF term; one whose id a later file holds too
  // is that file's document (kHoldersPrefix lists both).
  std::uint32_t articles = 0;
  std::string path;           // absolute canonical path
  bool operator==(const FileState&) const = default;
};

// kFileStatePrefix + path, or for a path too long for a metadata key (Xapian advises 200 bytes at
// most), kFileStatePrefix + a prefix of it + '#' + a hash of the whole. The entry's value holds
// the whole path in any case.
std::string file_state_key(std::string_view path);
// A prefix of the keys of every path that starts with `path_prefix` (it may match a few others:
// check FileState::path).
std::string file_state_key_prefix(std::string_view path_prefix);

// "2 <size> <mtime_ns> <ctime_ns> <hash as 16 hex digits> <articles> <path>". decode_file_state returns
// nullopt for a value it cannot read (the indexer then reads the file again).
std::string encode_file_state(const FileState& state);
std::optional<FileState> decode_file_state(std::string_view value);

// The files that hold one article id (kHoldersPrefix): each by its canonical path (its file state's)
// and its path as given (Article::path), so that the article can be read again as a fresh build
// reads it.
struct Holder {
  std::string path;
  std::string given;
  bool operator==(const Holder&) const = default;
};
struct Holders {
  std::string id_term;          // unique_id_term() of the id
  std::vector<Holder> files;    // sorted by later_in_walk(), the winner last
};
// kHoldersPrefix + 16 hex digits of content_hash(id_term): short enough for any id.
std::string holders_key(std::string_view id_term);
// Length-prefixed fields ("<bytes>:<field>"): the id term, then path and given of each file.
// decode_holders returns nullopt for a value it cannot read.
std::string encode_holders(const Holders& holders);
std::optional<Holders> decode_holders(std::string_view value);

// Returns true iff the file at canonical path `a` comes after the one at `b` in a walk (folders in
// sorted order: paths compared component by component, as std::filesystem::path does). Of two
// files that hold the same article id, the later one's article is indexed.
bool later_in_walk(std::string_view a, std::string_view b);

// The stored form of an article (the Xapian document data) and back. decode_article throws
// fahras::Error (kDatabase) on data that this schema did not write.
std::string encode_article(const Article& article);
Article decode_article(std::string_view data);

// The kHeaderSlot value: encode_article() of the article without abstract and body. Read it back with
// decode_article().
std::string encode_header(const Article& article);

}  // namespace fahras::schema
