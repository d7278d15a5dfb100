#!/usr/bin/env python3
"""Writes the fuzzers' seed inputs, tests/fuzz/corpus/<target>/, from real articles and queries:
the ANT articles of corpus/, the reader fixtures of tests/data, and questions from ARCD
(../shared/data/arcd, MIT licence) for the plain query syntax. Deterministic; re-run it after
changing the inputs. Each seed stays under 4 KB, so that libFuzzer's default -max_len fits them."""
import glob, gzip, html, io, json, os, re, shutil

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(top, 'tests', 'fuzz', 'corpus')
MAX = 4000


def read(path):
    with open(os.path.join(top, path), 'rb') as f:
        return f.read()


def fields(doc):
    """Tag -> text of one ANT article (SGML)."""
    text = doc.decode('utf-8')
    return {tag: (m.group(1).strip() if (m := re.search(rf'<{tag}>(.*?)</{tag}>', text, re.S)) else '')
            for tag in ('DOCNO', 'URL', 'SRC', 'CAT', 'TITLE', 'TIME', 'AUTHOR', 'ABSTRACT', 'TEXT')}


def cut(text, size):
    """`text` cut to at most `size` UTF-8 bytes, on a character boundary."""
    data = text.encode('utf-8')[:size]
    return data.decode('utf-8', 'ignore')


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename='', mode='wb', fileobj=buf, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


articles = sorted(glob.glob(os.path.join(top, 'corpus', 'ant-v1.1', '*', '*.txt')))
small = sorted((os.path.getsize(p), os.path.relpath(p, top)) for p in articles)
small = [p for size, p in small if size < MAX][:40]
docs = [fields(read(p)) for p in small]


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), 'wb') as f:
        f.write(data[:MAX] if target not in ('gzip',) else data)


# Only the folders written here: schema/ and request/ are written by hand (corpus/README.md).
for target in ('sgml', 'json', 'html', 'gzip', 'analyzer', 'query', 'snippet'):
    shutil.rmtree(os.path.join(out, target), ignore_errors=True)

# SGML: real articles, the fixtures (lenient cases, entities, encodings).
for i, p in enumerate(small[:24]):
    write('sgml', f'ant-{i:02}', read(p))
for name in ('good/multi_doc.sgml', 'good/not_well_formed.txt', 'good/entities.sgml', 'good/bom.txt',
             'good/compact_time.txt', 'bad/malformed.txt', 'bad/invalid_utf8.txt', 'encodings/cp1256.txt',
             'encodings/iso8859-6.txt'):
    write('sgml', 'fixture-' + os.path.basename(name), read('tests/data/' + name))
write('sgml', 'utf16', b'\xff\xfe' + read(small[0]).decode('utf-8').encode('utf-16-le')[:MAX - 2])

# JSON (first byte 0) and JSON Lines (first byte 1).
for i, d in enumerate(docs[:16]):
    record = {'id': d['DOCNO'], 'title': d['TITLE'], 'body': cut(d['TEXT'], 1500), 'date': d['TIME'],
              'source': d['SRC'], 'url': d['URL'], 'category': d['CAT'], 'author': d['AUTHOR']}
    if i % 4 == 1:
        record['date'] = 1518956819 + i
    if i % 4 == 2:
        record = [record, {'title': d['TITLE'], 'text': cut(d['ABSTRACT'] or d['TEXT'], 300)}]
    write('json', f'ant-{i:02}', b'\x00' + json.dumps(record, ensure_ascii=i % 2 == 0).encode('utf-8'))
lines = [json.dumps({'id': d['DOCNO'], 'title': d['TITLE'], 'body': cut(d['TEXT'], 300)}, ensure_ascii=False)
         for d in docs[16:28]]
for i in range(0, len(lines), 3):
    write('json', f'lines-{i:02}', b'\x01' + '\n'.join(lines[i:i + 3] + ['', '{"title": 5}', '[1]']).encode('utf-8'))
for name in ('good/articles.json', 'bad/bad.json', 'bad/not_object.json'):
    write('json', 'fixture-' + os.path.basename(name), b'\x00' + read('tests/data/' + name))
for name in ('good/articles.jsonl', 'bad/mixed.jsonl'):
    write('json', 'fixture-' + os.path.basename(name), b'\x01' + read('tests/data/' + name))

# HTML: the articles as news pages of several shapes.
def page(d, shape):
    paras = [p for p in d['TEXT'].split('\n') if p.strip()]
    body = ''.join(f'<p>{html.escape(p)}</p>\n' for p in paras)
    title = html.escape(d['TITLE'])
    head = f'<title>{title} | {html.escape(d["SRC"])}</title>'
    if shape % 3 == 0:
        head += (f'<meta property="og:title" content="{title}"><meta property="og:site_name" '
                 f'content="{html.escape(d["SRC"])}"><meta property="article:published_time" content="{d["TIME"]}">'
                 f'<meta property="og:url" content="{html.escape(d["URL"])}"><meta property="article:section" '
                 f'content="{d["CAT"]}"><meta name="author" content="{html.escape(d["AUTHOR"])}">')
    if shape % 3 == 1:
        head += f'<link rel="canonical" href="{html.escape(d["URL"])}"><meta itemprop="datePublished" content="{d["TIME"]}">'
    nav = '<header><nav><ul><li><a href="/">الرئيسية</a><li><a href="/sport">رياضة</a></ul></nav></header>'
    script = '<script>var x = "<div>" + 1 < 2;</script><style>p{color:red}</style>'
    time = f'<time datetime="{d["TIME"]}">{d["TIME"][:10]}</time>'
    inner = f'<h1>{title}</h1>{time}{body}'
    if shape % 4 == 0:
        main = f'<main><article>{inner}<aside>ذو صلة</aside></article></main>'
    elif shape % 4 == 1:
        main = f'<main>{inner}<table><tr><td>أ<td>ب</table></main>'
    elif shape % 4 == 2:
        main = f'<div class="content">{inner}<ul><li>&#1605;&#x635;&#1585; &amp; &nbsp;</ul></div>'
    else:
        main = inner.replace('</p>', '<br>')  # unclosed-ish old markup
    doctype = '<!DOCTYPE html>' if shape % 2 == 0 else ''
    return f'{doctype}<html lang="ar" dir="rtl"><head><meta charset="utf-8">{head}{script}</head><body>{nav}{main}<footer>©</footer><!-- c --></body></html>'


for i, d in enumerate(docs[:24]):
    write('html', f'ant-{i:02}', cut(page(d, i), MAX))
write('html', 'fixture-article.html', read('tests/data/good/article.html'))

# Analyser: first byte picks the stemmer; titles, paragraphs, Latin mixed in, the hard cases.
texts = [d['TITLE'] for d in docs[:12]] + [cut(d['TEXT'], 600) for d in docs[12:24]]
texts += [cut(read('corpus/nvidia-musk-article.txt').decode('utf-8'), 1200),
          'الانتِخابات الإنتخابات الانتخابـات والانتخابات الاِنتخابات',
          'صلى الله عليه وسلم ﷺ ﷲ لـNvidia و2018م H100 ١٢٣ ۴۵۶ Ｔｅｓｌａ ＡＢＣ',
          'فارسی: کتاب گفتگو ی ژاله، ﻻ ﻷ ﺍﻟﺴﻼﻡ' + '\u200c\u200d\u200f']
for i, t in enumerate(texts):
    write('analyzer', f'text-{i:02}', bytes([i % 3]) + t.encode('utf-8'))

# Queries: first byte picks syntax (bit 0: plain) and operator (bit 1: AND).
queries = ['الانتخابات البلدية', '"وزارة الشؤون الثقافية" -تونس', 'الانتخابات OR الاقتراع',
           'الانتخابات -تونس', 'NOT تونس الحكومة', '( الانتخابات OR الاقتراع ) AND البلدية',
           'title:الحكومة', 'title:"حكومة الوحدة الوطنية"', 'source:bbc', 'source:"Sky News" category:culture',
           'author:"لندن – رويترز"', '-source:bbc ترامب', '“مهرجان قرطاج” OR "أيام قرطاج"',
           '((الترجي)) -"النادي الافريقي"', 'Nvidia H100 لـNvidia', 'و في من على', 'title:', '"غير مغلق',
           '( مفتوح', 'OR', 'الانتِخابات الإنتخابات',
           # The operators of docs/query-syntax.md added since, and their errors.
           'ترامب AND كيم', '+ترامب +كيم -بوتين', 'ترامب NEAR كيم', 'ترامب NEAR/3 كيم OR بوتين',
           'ترام* الانتخا*', '=الرياض =الإنتخابات', 'id:AL-sport-12-20170126', 'id:"a b"', 'foo:bar',
           '((((((((تونس))))))))', 'NEAR/x', 'تونس AND', 'تونس OR -ليبيا', '؟!.,،؛', ' \t ',
           '(مصر AND تونس OR ليبيا) NOT (=الجزائر NEAR/0 المغرب*)']
arcd = json.load(open(os.path.join(top, '..', 'shared', 'data', 'arcd', 'arcd-train.json'), encoding='utf-8'))
questions = [qa['question'] for article in arcd['data'][:30] for para in article['paragraphs'][:1]
             for qa in para['qas'][:1]][:20]
for i, q in enumerate(queries):
    write('query', f'syntax-{i:02}', bytes([i % 4 & 2]) + q.encode('utf-8'))
for i, q in enumerate(questions):
    write('query', f'arcd-{i:02}', bytes([1 | (i % 2) * 2]) + q.encode('utf-8'))
# Bit 2: over query_fuzz's sample database (its words: readings, exact forms, idf factors).
with_db = ['الرياض', 'بالرياض', 'بايدن لبايدن وبايدن', 'البرلمان يقر الموازنة ويرفع الرواتب بعد اعتراض النقابات',
           'هل يقر البرلمان الموازنة؟', 'الطرفان في طهران', 'فيسبوك Facebook', 'بنزيما NEAR ماكرون',
           '=الرياض OR والرياض', 'title:الرياض الرياضة', 'ترامب -بايدن "الانتخابات البلدية"', 'ايران إيران الإيرانية']
for i, q in enumerate(with_db):
    write('query', f'db-{i:02}', bytes([4 | (i % 2) | (i % 3 == 2) * 2]) + q.encode('utf-8'))

# Snippets: first byte is the size; then "query\ntext".
for i, d in enumerate(docs[:24]):
    query = d['TITLE'].split()[:3]
    write('snippet', f'ant-{i:02}', bytes([(i * 37) % 256]) + (' '.join(query) + '\n' + cut(d['TEXT'], 2500)).encode('utf-8'))

# gzip: members, concatenations, a truncated one.
for i, p in enumerate(small[:12]):
    data = read(p)
    blob = gz(data)
    if i % 4 == 1:
        blob = blob + gz(b'\n')
    if i % 4 == 2:
        blob = blob[:len(blob) // 2]
    write('gzip', f'ant-{i:02}', blob)
for name in ('good/article.txt.gz', 'good/dump.jsonl.gz', 'good/page.html.gz', 'bad/corrupt.json.gz'):
    write('gzip', 'fixture-' + os.path.basename(name), read('tests/data/' + name))
