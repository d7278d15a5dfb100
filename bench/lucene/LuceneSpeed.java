// The Lucene side of bench/speed: Lucene 4.10.4 with ArabicAnalyzer and BM25 (k1 1.2, b 0.75), as in
// ../shared/bench/ANCHORS.md, extended with what the mixed queries need: a title field, the date as a
// numeric field, and the classic QueryParser's own syntax (phrases, title:word) instead of escaped text.
//
//   java LuceneSpeed index DOCS.jsonl INDEX_DIR THREADS
//       one "text" field (title + body, as the anchor), "title", "date" (Unix seconds, LongField),
//       "source" and "category" (StringField), "id" (stored). THREADS workers share one IndexWriter.
//       Prints {"docs": N, "seconds": S}.
//   java LuceneSpeed search INDEX_DIR QUERIES.tsv OUT.json K PASSES [RUN_FILE] [SYNTAX]
//       QUERIES.tsv as bench/make-speed-queries.py writes it; the 4th column is parsed with
//       QueryParser (default field "text", default OR); since/until become a NumericRangeFilter.
//       SYNTAX "lucene" (the default): the 4th column is written in QueryParser's syntax. "user": it
//       is what a user typed (a headline, a question), read as fahras' default syntax reads quotes:
//       text between straight or curly double quotes is a phrase (an unclosed quote runs to the
//       end), and every other character QueryParser would take for syntax (: ( ) - ! ? ...) is
//       escaped. A query QueryParser still refuses counts in "parse_errors" and finds nothing.
//       One warm-up pass, then PASSES timed passes; each query is timed from parsing to having the ids
//       of its top K, in wall time and in the thread's CPU time. Writes p50 / p95 / p99 / mean ms per pass and p95 per kind of the last pass.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public final class LuceneSpeed {
    private static final Version VERSION = Version.LUCENE_4_10_4;
    private static final BM25Similarity SIMILARITY = new BM25Similarity(1.2f, 0.75f);

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("index")) {
            index(Paths.get(args[1]), new File(args[2]), Integer.parseInt(args[3]));
        } else if (args.length >= 6 && args[0].equals("search")) {
            boolean user = args.length > 7 && args[7].equals("user");
            if (args.length > 7 && !user && !args[7].equals("lucene")) {
                System.err.println("LuceneSpeed: SYNTAX must be lucene or user, not " + args[7]);
                System.exit(2);
            }
            search(new File(args[1]), Paths.get(args[2]), Paths.get(args[3]), Integer.parseInt(args[4]),
                   Integer.parseInt(args[5]), args.length > 6 && !args[6].isEmpty() ? Paths.get(args[6]) : null, user);
        } else {
            System.err.println("usage: LuceneSpeed index DOCS INDEX THREADS | search INDEX QUERIES OUT K PASSES [RUN] [lucene|user]");
            System.exit(2);
        }
    }

    // ------------------------------------------------------------------ indexing

    private static Document toDocument(Map<String, String> article) {
        Document doc = new Document();
        String title = article.getOrDefault("title", "");
        String body = article.getOrDefault("body", "");
        doc.add(new StringField("id", article.getOrDefault("id", ""), Field.Store.YES));
        doc.add(new TextField("title", title, Field.Store.NO));
        doc.add(new TextField("text", title + "\n" + body, Field.Store.NO));
        doc.add(new StringField("source", article.getOrDefault("source", ""), Field.Store.NO));
        doc.add(new StringField("category", article.getOrDefault("category", ""), Field.Store.NO));
        String date = article.get("date");
        if (date != null) {
            try {
                doc.add(new LongField("date", java.time.Instant.parse(date).getEpochSecond(), Field.Store.NO));
            } catch (java.time.format.DateTimeParseException e) {
                // an article without a readable date is indexed without one, as fahras does
            }
        }
        return doc;
    }

    private static void index(Path docs, File indexDir, int threads) throws Exception {
        long started = System.nanoTime();
        Analyzer analyzer = new ArabicAnalyzer(VERSION);
        IndexWriterConfig config = new IndexWriterConfig(VERSION, analyzer);
        config.setSimilarity(SIMILARITY);
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        long count = 0;
        try (FSDirectory dir = FSDirectory.open(indexDir); IndexWriter writer = new IndexWriter(dir, config)) {
            BlockingQueue<List<String>> batches = new ArrayBlockingQueue<>(64);
            List<String> done = new ArrayList<>();  // sentinel, compared by identity
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    long n = 0;
                    while (true) {
                        List<String> batch = batches.take();
                        if (batch == done) return n;
                        for (String line : batch) {
                            writer.addDocument(toDocument(FlatJson.parse(line)));
                            n++;
                        }
                    }
                }));
            }
            try (BufferedReader in = Files.newBufferedReader(docs, StandardCharsets.UTF_8)) {
                List<String> batch = new ArrayList<>();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isEmpty()) continue;
                    batch.add(line);
                    if (batch.size() == 64) {
                        batches.put(batch);
                        batch = new ArrayList<>();
                    }
                }
                if (!batch.isEmpty()) batches.put(batch);
            }
            for (int t = 0; t < threads; t++) batches.put(done);
            for (Future<Long> f : results) count += f.get();
            pool.shutdown();
            writer.commit();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "{\"docs\": %d, \"seconds\": %.3f}%n", count, seconds);
    }

    // ------------------------------------------------------------------ searching

    private static final class Line {
        String qid, kind, query;
        Long since, until;
    }

    private static List<Line> readQueries(Path path) throws IOException {
        List<Line> out = new ArrayList<>();
        for (String s : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            if (s.isEmpty()) continue;
            String[] cols = s.split("\t", -1);
            Line l = new Line();
            l.qid = cols[0];
            l.kind = cols[1];
            l.query = cols[3];
            l.since = cols.length > 4 && !cols[4].isEmpty() ? Long.valueOf(cols[4]) : null;
            l.until = cols.length > 5 && !cols[5].isEmpty() ? Long.valueOf(cols[5]) : null;
            out.add(l);
        }
        return out;
    }

    private static boolean isQuote(char c) { return c == '"' || c == '\u201C' || c == '\u201D'; }

    // What a user typed, in QueryParser's syntax: quoted text stays a phrase, the rest is escaped.
    static String userQuery(String typed) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < typed.length()) {
            boolean phrase = isQuote(typed.charAt(i));
            if (phrase) i++;
            int start = i;
            while (i < typed.length() && !isQuote(typed.charAt(i))) i++;
            String text = QueryParser.escape(typed.substring(start, i));
            if (phrase) {
                if (i < typed.length()) i++;  // the closing quote
                if (!text.trim().isEmpty()) out.append(" \"").append(text.trim()).append("\" ");
            } else {
                out.append(text);
            }
        }
        return out.toString();
    }

    private static void search(File indexDir, Path queriesFile, Path outFile, int k, int passes, Path runFile,
                               boolean user) throws Exception {
        List<Line> queries = readQueries(queriesFile);
        Analyzer analyzer = new ArabicAnalyzer(VERSION);
        StringBuilder json = new StringBuilder();
        try (FSDirectory dir = FSDirectory.open(indexDir); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            searcher.setSimilarity(SIMILARITY);
            Set<String> idOnly = Collections.singleton("id");
            StringBuilder run = new StringBuilder();
            int zeroHits = 0, parseErrors = 0;
            long hits = 0;
            double[] last = null;
            json.append("{\"queries\": ").append(queries.size()).append(", \"k\": ").append(k)
                .append(", \"documents\": ").append(reader.numDocs());
            StringBuilder passJson = new StringBuilder();
            for (int p = -1; p < passes; p++) {  // pass -1 warms up and records the run
                double[] ms = new double[queries.size()];
                double[] cpu = new double[queries.size()];
                for (int i = 0; i < queries.size(); i++) {
                    Line q = queries.get(i);
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    Query query;
                    try {
                        query = new QueryParser(VERSION, "text", analyzer).parse(user ? userQuery(q.query) : q.query);
                    } catch (org.apache.lucene.queryparser.classic.ParseException e) {
                        query = null;
                        if (p == -1) parseErrors++;
                    }
                    if (query != null && (q.since != null || q.until != null)) {
                        query = new FilteredQuery(query, NumericRangeFilter.newLongRange("date", q.since, q.until, true, true));
                    }
                    ScoreDoc[] top = query == null ? new ScoreDoc[0] : searcher.search(query, k).scoreDocs;
                    String[] ids = new String[top.length];
                    for (int j = 0; j < top.length; j++) ids[j] = searcher.doc(top[j].doc, idOnly).get("id");
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                    if (p == -1) {
                        if (top.length == 0) zeroHits++;
                        hits += top.length;
                        for (int j = 0; j < top.length; j++) {
                            run.append(q.qid).append(" Q0 ").append(ids[j]).append(' ').append(j + 1).append(' ')
                               .append(top[j].score).append(" lucene\n");
                        }
                    }
                }
                if (p >= 0) {
                    passJson.append(p > 0 ? ", " : "").append("{\"no_snippets\": ").append(stats(ms))
                            .append(", \"cpu_no_snippets\": ").append(stats(cpu)).append('}');
                    last = ms;
                }
            }
            json.append(", \"zero_hit_queries\": ").append(zeroHits).append(", \"parse_errors\": ").append(parseErrors)
                .append(", \"hits\": ").append(hits)
                .append(", \"passes\": [").append(passJson).append("], \"by_kind\": {");
            Map<String, List<Double>> byKind = new TreeMap<>();
            for (int i = 0; last != null && i < queries.size(); i++) {
                byKind.computeIfAbsent(queries.get(i).kind, x -> new ArrayList<>()).add(last[i]);
            }
            boolean first = true;
            for (Map.Entry<String, List<Double>> e : byKind.entrySet()) {
                double[] ms = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                json.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(stats(ms));
                first = false;
            }
            json.append("}}\n");
            if (runFile != null) Files.write(runFile, run.toString().getBytes(StandardCharsets.UTF_8));
        }
        Files.write(outFile, json.toString().getBytes(StandardCharsets.UTF_8));
        System.out.print(json);
    }

    // Nearest-rank percentile (the same definition as fahras-latency's).
    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    private static String stats(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double m : ms) sum += m;
        return String.format(Locale.ROOT, "{\"p50_ms\": %.4f, \"p95_ms\": %.4f, \"p99_ms\": %.4f, \"mean_ms\": %.4f}",
                             percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                             ms.length == 0 ? 0 : sum / ms.length);
    }

    // Reads one JSON object of make-sets' docs.jsonl: string values are kept, others skipped.
    private static final class FlatJson {
        private final String s;
        private int i;

        private FlatJson(String s) { this.s = s; }

        static Map<String, String> parse(String line) {
            FlatJson p = new FlatJson(line);
            Map<String, String> out = new HashMap<>();
            p.space();
            p.take('{');
            p.space();
            if (p.peek() == '}') return out;
            while (true) {
                p.space();
                String key = p.string();
                p.space();
                p.take(':');
                p.space();
                if (p.peek() == '"') out.put(key, p.string());
                else p.skipScalar();
                p.space();
                char c = p.s.charAt(p.i++);
                if (c == '}') return out;
                if (c != ',') throw new IllegalArgumentException("bad JSON line: " + line.substring(0, Math.min(60, line.length())));
            }
        }

        private char peek() { return s.charAt(i); }
        private void space() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
        private void take(char c) {
            if (s.charAt(i) != c) throw new IllegalArgumentException("expected '" + c + "' at " + i);
            i++;
        }
        private void skipScalar() { while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '}') i++; }
        private String string() {
            take('"');
            StringBuilder b = new StringBuilder();
            for (char c = s.charAt(i++); c != '"'; c = s.charAt(i++)) {
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                if (e == 'u') {
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                } else {
                    b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e);
                }
            }
            return b.toString();
        }
    }
}
