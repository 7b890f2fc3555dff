/*
 * Chinese query segmentation in front of Material's search worker.
 *
 * Material (9.8) splits a Han query at the longest proper prefix it finds among the index's
 * tokens and drops a tail that does not start another token, so 医保报销 is searched as 医保*.
 * This worker loads Material's worker unchanged and only rewrites query messages: each Han run
 * is cut by forward maximum matching against the index's own vocabulary (built from the same
 * documents Material receives), and the pieces are separated by spaces so Material searches each.
 * A long piece that splits fully into shorter words (医保报销 -> 医保 报销, 灵活就业 -> 灵活 就业)
 * is split, because Material would otherwise keep only its first word. A piece that is an alias
 * residents use (失业证) also brings in, boosted, the search word that only the services it stands
 * for carry (config.sg_aliases): Material alone would search 失业* and rank 失业保险金 first.
 * Residents' own words (content/vocabulary.yml: 被裁员 -> 失业) bring in the guide's words, question
 * words (怎么办) are left out, and a run that no known word starts is tried as a homophone slip of
 * the pinyin input method (社宝卡 -> 社保卡) through the index's pinyin table (config.sg_pinyin).
 *
 * A built site's search_index.json holds no documents: the index is prebuilt and cut into pieces
 * (generator/search/shards.py), and each query fetches the pieces it needs (see "The index in
 * pieces" below). A preview (mkdocs serve) has the documents and Material builds its own index.
 */
/* Material's worker registers its message listener as it loads: the listener is kept here, and
   this worker alone listens to the page */
let materialHandler = null
const addListener = self.addEventListener.bind(self)
self.addEventListener = (type, listener, options) => {
  if (type === "message" && !materialHandler) materialHandler = listener
  else addListener(type, listener, options)
}
/* The build joins Material's worker and its language files in here (generator/search/worker_scripts.py) */

const params = new URL(self.location.href).searchParams
const materialWorker = params.get("material")
const searchFolder = params.get("search")

const RESULT = 3
/* Our topic words are for ranking only: never shown to residents as a "missing" search term */
const OWN_WORD = /^sg[ts][a-z0-9]+$/
/* A centre's internal duties are listed for oversight, not for residents to do: their results
   always follow every resident result, whatever their score. Their pages: config.sg_internal in a
   preview, the refs of the prebuilt index ("i…") in a built site. */
let internal = new Set()
const isInternal = group => internal.has(group[0].location.split("#")[0])

/* Results in the order residents need them (Material's order is by score alone) */
function arrange(data) {
  data.items = byNamedWords(data.items)
  if (namedJourney) {  /* the query names a life event: its journey comes first */
    const isNamed = group => group[0] && group[0].location.split("#")[0] === namedJourney
    data.items = [...data.items.filter(isNamed), ...data.items.filter(group => !isNamed(group))]
  }
  for (const group of data.items)
    for (const item of group)
      for (const term of Object.keys(item.terms || {}))
        if (OWN_WORD.test(term)) delete item.terms[term]
  if (internal.size)
    data.items = [...data.items.filter(g => !isInternal(g)), ...data.items.filter(isInternal)]
  return data
}

/* What Material's worker posts: to the page, or, while this worker asks it something of its own
   (ask()), to this worker */
const post = self.postMessage.bind(self)
let answers = null
self.postMessage = message => {
  if (answers) answers.push(message)
  else post(message && message.type === RESULT ? { ...message, data: arrange(message.data) } : message)
}

/*
 * A result whose name carries the query's words comes before one that only shares a common word
 * or single characters with it: 老人补贴 puts 城乡居民养老保险待遇审核 (老人 -> 养老) before 稳岗补贴.
 * Each word of the query (with residents' words for it and its alias's search word) counts for a
 * result that names it, weighted by how few results name it: 补贴 names half the catalogue, 养老
 * a few services. Results naming equally much keep Material's order.
 */
let queryWords = []  /* [[the word, what else stands for it …]] of the last query */
const plain = html => html.replace(/<[^>]*>|\u200b/g, "")

function names(group, alternatives) {
  const title = plain(group[0].title || "")
  if (alternatives.some(w => title.includes(w))) return true
  return group.some(item => Object.keys(item.terms || {}).some(term => alternatives.includes(term)))
}

function byNamedWords(groups) {
  if (queryWords.length < 2 || groups.length < 2) return groups
  const naming = queryWords.map(alternatives => groups.map(group => names(group, alternatives)))
  const weight = naming.map(flags => 1 / Math.max(1, flags.filter(Boolean).length))
  const score = groups.map((_, g) => naming.reduce((sum, flags, w) => sum + (flags[g] ? weight[w] : 0), 0))
  return groups.map((group, g) => [group, g]).sort((a, b) => score[b[1]] - score[a[1]] || a[1] - b[1])
    .map(([group]) => group)
}

/*
 * The page starts this worker only once the resident turns to the search (main.html), while it
 * downloads search_index.json: Material's worker and the Chinese language files it imports at
 * setup are loaded at once (a built site has them joined into this file, above). Material imports
 * the language files again at every setup: this worker's setups (one per query with a pieced
 * index) find them imported already.
 */
let realLunr = null
const importOnce = self.importScripts.bind(self)
const imported = new Set()
self.importScripts = (...urls) => {
  const fresh = urls.map(url => new URL(url, self.location.href).href).filter(url => !imported.has(url))
  if (fresh.length) importOnce(...fresh)
  for (const url of fresh) imported.add(url)
}

let started = false
function startMaterial() {
  if (started) return
  started = true
  const language = ["lunr.stemmer.support.min.js", "lunr.zh.min.js"].map(file => new URL(`../lunr/min/${file}`, materialWorker).href)
  if (materialHandler) for (const url of [materialWorker, ...language]) imported.add(url)  /* joined in */
  else importScripts(materialWorker, ...language)
  self.addEventListener = addListener
  realLunr = self.lunr
  for (const key of Object.keys(realLunr)) lunrWithIndex[key] = realLunr[key]
  self.lunr = lunrWithIndex
}

/* Material answers one message of this worker's own: what it would post */
async function ask(message) {
  const heard = []
  answers = heard
  try { await materialHandler({ data: message }) } finally { answers = null }
  return heard[heard.length - 1]
}

/*
 * An index this worker puts together (a query's pieces), loaded when Material's worker calls
 * lunr(config) at setup: that call then runs the configuration only (language, tokenizer,
 * fields) and loads it instead of indexing. Material highlights matches from position tables its
 * tokenizer fills while indexing; those are filled here for the documents a search returns, when
 * it returns them. A result's ref names its page and its place (lunr.py, document_refs):
 * `documentOf` gives its document (none: a page not fetched, left out as Material would).
 */
let prepared = null     /* { index (a loaded lunr.Index), documentOf(ref) } for the next setup */
let capturing = null    /* { query }: the next search only reports the query Material runs */

function lunrWithIndex(configure) {
  if (!prepared) return realLunr(configure)
  const { documentOf } = prepared
  const loaded = prepared.index
  prepared = null
  const builder = new realLunr.Builder()
  builder.add = () => {}  /* no indexing: the index is prebuilt */
  configure.call(builder, builder)
  const index = Object.create(loaded)  /* one loaded index serves every setup until more is known */
  const tabled = new Set()
  index.search = query => {
    if (capturing) {
      capturing.query = query
      return []
    }
    const found = []
    for (const result of scored(loaded, query)) {
      const doc = documentOf(result.ref)
      if (!doc) continue
      if (!tabled.has(doc)) {
        tabled.add(doc)
        for (const field of Object.values(builder._fields)) builder.tokenizer(field.extractor(doc))
      }
      found.push({ ...result, ref: doc.location })
    }
    return found
  }
  return index
}

/* The last query's scores on a loaded index: a query's second pass, with its documents, asks the
   same index the same query (lunr scoring every page a common word names, twice, was a third of
   the worker's time) */
let lastScored = { index: null, query: null, results: null }
function scored(loaded, query) {
  if (lastScored.index !== loaded || lastScored.query !== query)
    lastScored = { index: loaded, query, results: loaded.search(query) }
  return lastScored.results
}

const SETUP = 0
const QUERY = 2
let vocabulary = new Set()   /* the index's own Han words */
let words = new Set()        /* every word the segmenter knows: the index's, aliases, spoken forms, fillers */
let longest = 1
let aliases = {}
let spoken = {}              /* content/vocabulary.yml: 被裁员 -> [失业] */
let fillers = new Set()      /* 怎么办, 在哪里: left out of the query */
let events = {}              /* content/journeys.yml: 生孩子 -> [journeys/baobao-canbao/, 给宝宝办医保] */
let namedJourney = null      /* the page of the journey the last query names by its life event */
let syllables = {}           /* config.sg_pinyin: bao -> 保宝报包… */
let byPinyin = null          /* "bao xian" -> [保险], and "baoxian" -> [保险]; built on first need */

function buildVocabulary({ config, docs }) {
  aliases = config.sg_aliases || {}
  spoken = config.sg_spoken || {}
  fillers = new Set(config.sg_fillers || [])
  events = config.sg_journeys || {}
  syllables = config.sg_pinyin || {}
  byPinyin = null
  internal = new Set(config.sg_internal || [])
  if (config.sg_shards) {  /* learnt with the words' files a query needs */
    vocabulary = new Set(Object.keys(aliases))
  } else if (config.sg_vocabulary) {  /* listed at build time: nothing to scan on the phone */
    vocabulary = new Set(config.sg_vocabulary)
  } else {
    const separator = new RegExp(config.separator, "u")
    vocabulary = new Set(Object.keys(aliases))
    for (const doc of docs)
      for (const field of Object.keys(config.fields))
        if (typeof doc[field] === "string")
          for (const token of doc[field].replace(/<[^>]+>/g, " ").split(separator))
            if (token.length > 1 && /\p{sc=Han}/u.test(token)) vocabulary.add(token)
  }
  words = new Set([...vocabulary, ...Object.keys(aliases), ...Object.keys(spoken), ...fillers])
  longest = 1
  for (const word of words) longest = Math.max(longest, word.length)
}

/* Words of the index learnt from its pieces */
function addVocabulary(list) {
  for (const word of list) {
    vocabulary.add(word)
    words.add(word)
    longest = Math.max(longest, word.length)
  }
  byPinyin = null
}

/* Every toneless pinyin spelling of a Han string (heteronyms multiply, so capped), or [] */
function spellings(text, cap = 16) {
  let found = [[]]
  for (const ch of text) {
    const readings = readingsOf(ch)
    if (!readings.length) return []
    found = found.flatMap(prefix => readings.map(r => [...prefix, r])).slice(0, cap)
  }
  return found
}

let readingsByChar = null
function readingsOf(ch) {
  if (!readingsByChar) {
    readingsByChar = new Map()
    for (const [syllable, chars] of Object.entries(syllables))
      for (const c of chars) readingsByChar.set(c, [...(readingsByChar.get(c) || []), syllable])
  }
  return readingsByChar.get(ch) || []
}

function pinyinIndex() {
  if (!byPinyin) {
    byPinyin = new Map()
    const add = (key, word) => byPinyin.set(key, [...new Set([...(byPinyin.get(key) || []), word])])
    for (const word of words) {
      if (fillers.has(word) || !/^\p{sc=Han}+$/u.test(word)) continue
      for (const spelling of spellings(word, 8)) {
        add(spelling.join(" "), word)
        add(spelling.join(""), word)
      }
    }
  }
  return byPinyin
}

/* Known words that sound like `text` (an input method's homophone slip), or [] */
function soundsLike(text) {
  const index = pinyinIndex()
  const found = new Set()
  for (const spelling of spellings(text))
    for (const word of index.get(spelling.join(" ")) || []) found.add(word)
  return [...found].slice(0, 4)
}

/* The fewest shorter words of two or more characters that make up `word`, or null */
function splitWord(word) {
  const best = [[]]
  for (let end = 1; end <= word.length; end++) {
    best[end] = null
    for (let start = 0; start <= end - 2; start++) {
      const part = word.slice(start, end)
      if (part !== word && best[start] && vocabulary.has(part) && (!best[end] || best[start].length + 1 < best[end].length))
        best[end] = [...best[start], part]
    }
  }
  return best[word.length]
}

/* Split a word into known words of two characters where the vocabulary allows: Material keeps
   a two-character piece whole, but cuts a longer one at its first known prefix. */
function fineWords(word) {
  if (word.length <= 2) return [word]
  const parts = splitWord(word)
  return parts && parts.length > 1 ? parts.flatMap(fineWords) : [word]
}

/* The search terms one recognised word stands for */
function termsOf(word) {
  if (fillers.has(word)) return []
  const terms = []
  if (vocabulary.has(word) || !(word in spoken)) terms.push(...fineWords(word))
  if (word in aliases) terms.push(...aliases[word].map(token => `${token}^20`))
  if (word in spoken) terms.push(...spoken[word].flatMap(fineWords))
  return terms
}

/* Forward maximum matching against the known words: [[start, end]] of each word found */
function knownWords(run) {
  const found = []
  for (let i = 0; i < run.length;) {
    let end = Math.min(run.length, i + longest)
    while (end > i + 1 && !words.has(run.slice(i, end))) end--
    if (end > i + 1 || words.has(run[i])) found.push([i, end])
    i = Math.max(end, i + 1)
  }
  return found
}

/* Like knownWords, but where the run holds characters no known word covers (an input method's
   homophone slip), a stretch that sounds like a longer known word wins: 创业代款 is 创业贷款 and
   社宝卡 is 社保卡. Returns the recognised words. */
function heardWords(run) {
  const exact = knownWords(run)
  if (exact.reduce((n, [start, end]) => n + end - start, 0) === run.length)
    return exact.map(([start, end]) => run.slice(start, end))
  const found = []
  for (let i = 0; i < run.length;) {
    const next = exact.find(([start]) => start === i)
    const known = next ? next[1] : i
    let heard = []
    let end = Math.min(run.length, i + longest)
    for (; end > Math.max(known, i + 1); end--) {
      heard = soundsLike(run.slice(i, end))
      if (heard.length) break
    }
    if (heard.length) {
      found.push(...heard)
      i = end
    } else if (known > i) {
      found.push(run.slice(i, known))
      i = known
    } else {
      i += 1  /* a lone character that starts no word (了, 的) is left out */
    }
  }
  return found
}

function segmentHan(run) {
  const recognised = heardWords(run).filter(word => !fillers.has(word))
  queryWords.push(...recognised.map(word => [word, ...(spoken[word] || []),
                                             ...(aliases[word] || [])]))
  const pieces = recognised.flatMap(termsOf)
  /* Two words that together are an alias (创业 + 贷款 from 做生意要贷款) bring in its search word */
  for (let k = 0; k + 1 < recognised.length; k++)
    for (const a of [recognised[k], ...(spoken[recognised[k]] || [])])
      for (const b of [recognised[k + 1], ...(spoken[recognised[k + 1]] || [])])
        if (a + b in aliases) pieces.push(...aliases[a + b].map(token => `${token}^20`))
  if (!pieces.length && run.length === 1) return run
  return pieces.length ? [...new Set(pieces)].join(" ") : run
}

/* Letters typed with the input method off: shebaoka -> 社保卡 */
function segmentLatin(token) {
  const heard = token.length >= 4 ? pinyinIndex().get(token.toLowerCase()) || [] : []
  return [token, ...heard.slice(0, 4).flatMap(termsOf)].join(" ")
}

function segmentQuery(query) {
  return query
    .replace(/\p{sc=Han}+|(?<![\w^])[a-z]+(?![\w^])/giu,
             run => ` ${/^[a-z]/i.test(run) ? segmentLatin(run) : segmentHan(run)} `)
    .trim().replace(/\s+/g, " ")
}


/*
 * The index in pieces (generator/search/shards.py; config.sg_shards). For each query:
 * 1. the words' files of the query's Han characters (and, for a slip of the input method, of the
 *    characters that sound like them; for pinyin typed in letters, all of them) teach the
 *    segmenter the words it can cut the query into;
 * 2. Material, given an index of the names of those words only, runs its own query rewriting (its
 *    splitting of Han runs, its query syntax) and shows the query it would search; lunr's parser
 *    and pipeline give its terms, and the terms' files fetched are those of every key a term can
 *    reach with its trailing wildcard: everything lunr scores the query with;
 * 3. the query's results, ranked as Material ranks them, give the pages; the documents of the
 *    first pages, from at most sg_shards.docs_per_query files, are fetched and Material searches
 *    again with them. A longer list is cut there, and says how long it would be (sg_total).
 * The terms' files of the query's own characters and of the aliases and residents' words it holds
 * are fetched with the words' files: most queries need nothing more before their documents.
 */
const REF = /^([di])([0-9a-z]+)(?:\.([0-9a-z]+))?$/
let shards = null            /* config.sg_shards */
let termKeys = new Map()     /* key -> terms' file (sg_shards.keys, in the files' order) */
let setup = null             /* Material's setup message (its config and options) */
const fetched = new Map()    /* path in the search folder -> Promise of its JSON */
const learned = new Set()    /* words' files taken in */
const termNames = new Set()  /* the index's Han terms, from the words' files */
const termFiles = new Map()  /* terms' file -> Promise: taken in */
const postings = new Map()   /* term -> its posting, from the terms' files */
const weights = new Map()    /* field ref ("title/d2s") -> [[term index, score, …] of each terms' file] */
const documents = new Map()  /* place -> document, from the documents' files */
let waited = 0               /* milliseconds spent waiting for pieces */

/* Milliseconds during which some piece was awaited (overlapping waits count once) */
let pending = 0, waitStart = 0
function waiting(promise) {
  if (pending++ === 0) waitStart = performance.now()
  return promise.finally(() => { if (--pending === 0) waited += performance.now() - waitStart })
}

function pieces(paths) {
  return waiting(Promise.all(paths.map(path => {
    if (!fetched.has(path))
      fetched.set(path, fetch(new URL(path, searchFolder)).then(response => {
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`)
        return response.json()
      }).catch(error => {
        fetched.delete(path)  /* tried again by the next query */
        throw error
      }))
    return fetched.get(path)
  })))
}

async function learnWords(files) {
  const wanted = [...files].filter(n => !learned.has(n))
  const found = shards.word_lists ? wanted.map(n => shards.word_lists[n])  /* a catalogue's few words come in the manifest */
    : await pieces(wanted.map(n => `words/${n}.json`))
  wanted.forEach((n, k) => {
    learned.add(n)
    known++
    addVocabulary([...found[k].v, ...found[k].a])
    for (const word of [...found[k].v, ...found[k].t]) termNames.add(word)
  })
}

const wordFile = ch => ch.codePointAt(0) % shards.words
const hanOf = text => [...text].filter(ch => /\p{sc=Han}/u.test(ch))

/* Runs of the query no known words cover (maybe a slip of the input method), and whether it holds
   letters that may be pinyin */
function unheard(query) {
  const runs = (query.match(/\p{sc=Han}+/gu) || [])
    .filter(run => knownWords(run).reduce((n, [start, end]) => n + end - start, 0) < run.length)
  return { runs, letters: /(?<![\w^])[a-z]{4,}(?![\w^])/i.test(query) }
}

/* The pinyin table (search/pinyin.json), and the words' files for what the query may be heard as:
   those of the characters that sound like the runs no known words cover, or, for letters typed as
   pinyin, every file */
async function learnSounds(query) {
  const { runs, letters } = unheard(query)
  if (!runs.length && !letters) return
  const [table] = await pieces(["pinyin.json"])
  if (syllables !== table) {
    syllables = table
    readingsByChar = null
    byPinyin = null
  }
  const files = new Set()
  if (letters) for (let n = 0; n < shards.words; n++) files.add(n)
  for (const ch of runs.join(""))
    for (const syllable of readingsOf(ch))
      for (const alike of syllables[syllable] || "") files.add(wordFile(alike))
  await learnWords(files)
}

const EMPTY_POSTING = fields => Object.fromEntries([["_index", -1], ...fields.map(field => [field, {}])])

/* The lunr index of what is known for a query: the fetched terms, and the names of the others that
   the query can reach: Material looks up the parts of its Han runs, lunr the terms its words start
   (each starts with one of the query's characters); an edit distance or a leading wildcard may
   reach any. Loaded again only when more is known or another query asks (the names of a
   district's index make a token set of thousands of words). */
let known = 0, loadedKey = null, loadedIndex = null
function knownIndex(query) {
  const anyName = /~|(^|[^\p{L}\p{N}])\*/u.test(query)
  const reached = anyName ? null : new Set(hanOf(query))
  const key = `${known} ${anyName ? "*" : [...reached].join("")}`
  if (loadedKey !== key) {
    loadedIndex = realLunr.Index.load(serializedKnown(reached))
    loadedKey = key
  }
  return loadedIndex
}

/* `reached`: the first characters of the names to list (null: all) */
function serializedKnown(reached) {
  const entries = new Map()
  const empty = EMPTY_POSTING(shards.fields)
  for (const name of termNames) if (!reached || reached.has(name[0])) entries.set(name, empty)
  for (const [term, posting] of postings) entries.set(term, posting)
  const terms = [...entries.keys()].sort()  /* lunr's token set takes them in JavaScript's order */
  const vectors = []
  for (const [fieldRef, flats] of weights)  /* a file's are in term order already */
    vectors.push([fieldRef, flats.length === 1 ? flats[0] : inTermOrder(flats)])
  return { version: shards.version, fields: shards.fields, pipeline: shards.pipeline,
           invertedIndex: terms.map(term => [term, entries.get(term)]), fieldVectors: vectors }
}

function inTermOrder(flats) {
  const pairs = []
  for (const flat of flats) for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]])
  return pairs.sort((a, b) => a[0] - b[0]).flat()
}

/* The query Material searches for a rewritten query: with the names of the index's terms, Material
   splits Han runs as it would with the whole index */
async function materialsQuery(query) {
  prepared = { index: knownIndex(query), documentOf: () => null }
  await ask({ type: SETUP, data: { ...setup, docs: [] } })
  capturing = {}
  try {
    await ask({ type: QUERY, data: query })
    return capturing.query
  } finally {
    capturing = null
  }
}

/* The terms' files lunr needs to score a query: for each of its terms, every key that the term
   starts with or that starts with it (a trailing wildcard); a leading wildcard or an edit distance
   needs them all */
function termFilesFor(query) {
  const parsed = new realLunr.Query(shards.fields)
  try {
    new realLunr.QueryParser(query, parsed).parse()
  } catch (error) {
    return new Set()  /* Material reports the query as invalid */
  }
  const pipeline = realLunr.Pipeline.load(shards.pipeline)
  const files = new Set()
  for (const clause of parsed.clauses) {
    const terms = clause.usePipeline ? pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term]
    for (const term of terms) {
      const prefix = term.split("*")[0]
      if (!prefix || clause.editDistance)
        for (const file of termKeys.values()) files.add(file)
      else
        for (const key of keysStarting(prefix[0]))
          if (key.startsWith(prefix) || prefix.startsWith(key)) files.add(termKeys.get(key))
    }
  }
  return files
}

/* Each terms' file is taken in once, however many queries ask for it at the same time (its
   weights would otherwise count twice) */
function learnTerms(files) {
  return Promise.all([...files].map(n => {
    if (!termFiles.has(n))
      termFiles.set(n, pieces([`terms/${n}.json`]).then(([found]) => {
        known++
        for (const [term, posting] of found.terms) postings.set(term, posting)
        for (const [fieldRef, flat] of Object.entries(found.vectors)) {
          if (!weights.has(fieldRef)) weights.set(fieldRef, [])
          weights.get(fieldRef).push(flat)
        }
      }).catch(error => {
        termFiles.delete(n)
        throw error
      }))
    return termFiles.get(n)
  }))
}

function keysOf({ keys, key_files }) {
  const found = new Map()
  let file = -1
  keysByFirst = new Map()
  keys.split(" ").forEach((key, i) => {
    if (key_files[file + 1] === i) file++
    if (!key) return
    found.set(key, file)
    if (!keysByFirst.has(key[0])) keysByFirst.set(key[0], [])
    keysByFirst.get(key[0]).push(key)
  })
  return found
}

/* Keys that start with `first`: a key another starts with, or that starts with it, starts alike
   (one look-up instead of every key of a district's index, for each place of a query) */
let keysByFirst = new Map()
const keysStarting = first => keysByFirst.get(first) || []

const places = new Map()  /* ref -> its place (a common word's postings name a thousand, each query) */
function placeOf(ref) {
  if (!places.has(ref)) {
    const [, kind, page, offset] = REF.exec(ref) || []
    const start = kind ? parseInt(page, 36) : 0
    places.set(ref, kind ? { page: start, place: start + (offset ? parseInt(offset, 36) : 0), internal: kind === "i" } : null)
  }
  return places.get(ref)
}

/* The pages a query finds, best first, as Material's worker (9.x, its search()) orders results:
   each result's score times 1 + boost², the boost being 1 for a page (0 for a section) plus the
   share of the query's words it matched; results under their page, in the order of their best.
   Material would do the same given a stand-in for every document a common word names (a thousand
   in a district), only to be asked which pages come first: the search with the first pages'
   documents is Material's own. `searched`: the query as Material rewrote it. */
function rankedPages(query, searched) {
  if (!searched) return { items: [] }
  const words = materialsWords(searched)
  const results = []
  for (const { ref, score, matchData } of scored(knownIndex(query), searched)) {
    const found = placeOf(ref)
    if (!found) continue
    const page = `\u0001${found.page}`, isPage = found.place === found.page
    if (found.internal) internal.add(page)
    const terms = matchedWords(words, Object.keys(matchData.metadata))
    const boost = +isPage + Object.values(terms).filter(Boolean).length / Object.keys(terms).length
    results.push({ location: isPage ? page : `${page}#${found.place}`, score: score * (1 + boost ** 2), terms })
  }
  results.sort((a, b) => b.score - a.score)
  const groups = new Map()
  for (const result of results) {
    const page = result.location.split("#")[0]
    if (!groups.has(page)) groups.set(page, [])
    groups.get(page).push(result)
  }
  for (const [page, group] of groups)
    if (!group.some(result => result.location === page)) group.push({ location: page, score: 0, terms: {} })
  return { items: [...groups.values()] }
}

/* The query's words that Material weighs a result by (its parsing of a query, less excluded words) */
function materialsWords(searched) {
  const parsed = new realLunr.Query(["title", "text", "tags"])
  new realLunr.QueryParser(searched, parsed).parse()
  return parsed.clauses.filter(clause => clause.presence !== realLunr.Query.presence.PROHIBITED)
    .map(clause => ({ term: clause.term.replace(/^\*/, "").replace(/\*$/, "") }))
}

/* {word: matched} for a result's matched terms, as Material's getSearchQueryTerms: a word some
   term starts with is matched; one that is not, unless a stop word, is not */
function matchedWords(words, terms) {
  const left = new Set(words), matched = {}
  for (const term of terms)
    for (const word of left)
      if (term.startsWith(word.term)) {
        matched[word.term] = true
        left.delete(word)
      }
  for (const word of left) if (realLunr.stopWordFilter(word.term)) matched[word.term] = false
  return matched
}

function fileOf(place) {
  let low = 0, high = shards.docs.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (shards.docs[middle] <= place) low = middle
    else high = middle - 1
  }
  return low
}

async function learnDocuments(files) {
  const wanted = [...files]
  const found = await pieces(wanted.map(n => `docs/${n}.json`))
  wanted.forEach((n, k) => found[k].forEach((doc, offset) => documents.set(shards.docs[n] + offset, doc)))
}

/* The documents of `pages` (page places), in place order: each page's and its sections' */
function documentsOf(pages) {
  const byPlace = new Map()
  for (const page of pages) {
    const location = documents.get(page).location.split("#")[0]
    for (let place = page; documents.has(place); place++) {
      const doc = documents.get(place)
      if (place > page && (!doc.location.includes("#") || doc.location.split("#")[0] !== location)) break
      byPlace.set(place, doc)
    }
  }
  return new Map([...byPlace].sort((a, b) => a[0] - b[0]))
}

async function search(byPlace, query) {
  prepared = {
    index: knownIndex(query),
    documentOf: ref => {
      const found = placeOf(ref)
      const doc = found && byPlace.get(found.place)
      if (doc && found.internal) internal.add(doc.location.split("#")[0])
      return doc
    },
  }
  await ask({ type: SETUP, data: { ...setup, docs: [...byPlace.values()] } })
  return (await ask({ type: QUERY, data: query })).data
}

/* Terms' files a query will most likely need, fetched with its words' files: for each place in a
   Han run of the query or of what its aliases and residents' words stand for, the keys the rest of
   the run starts with (a character's own, unless it has more terms than a file holds) and those
   that start with its next two characters (where a character's terms were split further) */
function likelyTermFiles(text) {
  const files = new Set()
  const also = []
  for (const [alias, tokens] of Object.entries(aliases)) if (text.includes(alias)) also.push(...tokens)
  for (const [phrase, means] of Object.entries(spoken)) if (text.includes(phrase)) also.push(...means)
  for (const token of also.filter(token => token && !/\p{sc=Han}/u.test(token)))
    for (const key of keysStarting(token[0]))
      if (token.startsWith(key) || key.startsWith(token)) files.add(termKeys.get(key))
  for (const run of [text, ...also].join(" ").match(/\p{sc=Han}+/gu) || [])
    for (let start = 0; start < run.length; start++) {
      const rest = run.slice(start), word = rest.length > 1 ? rest.slice(0, 2) : null
      for (const key of keysStarting(rest[0]))
        if (rest.startsWith(key) || (word && key.startsWith(word))) files.add(termKeys.get(key))
    }
  return files
}

/* A resident's words with something put between them (开个小店, 交了钱, 生了孩子): a short spoken
   form of content/vocabulary.yml or a journey's life event whose characters come in that order,
   at most two apart, counts as said (开店, 交钱, 生孩子), so its meaning is searched too */
const LOOSE_GAP = 2
function looselyIn(text, phrase) {
  for (let at = text.indexOf(phrase[0]); at >= 0; at = text.indexOf(phrase[0], at + 1)) {
    let end = at, gaps = 0
    for (const char of phrase.slice(1)) {
      const next = text.indexOf(char, end + 1)
      if (next < 0 || next - end - 1 > LOOSE_GAP) { end = -1; break }
      gaps += next - end - 1
      end = next
    }
    if (end >= 0 && gaps > 0) return true
  }
  return false
}

function withLoosePhrases(text) {
  const said = Object.keys(spoken).filter(phrase => phrase.length === 2 && !text.includes(phrase) && looselyIn(text, phrase))
  return said.length ? `${text} ${said.join(" ")}` : text
}

/* The journey a query names by its life event (生孩子要办什么), and the query with that journey's
   title, so the journey is among what it finds */
function withLifeEvent(text) {
  const named = Object.keys(events).filter(phrase => text.includes(phrase) || (phrase.length <= 3 && looselyIn(text, phrase)))
    .sort((a, b) => b.length - a.length)[0]
  namedJourney = named ? events[named][0] : null
  return named && !text.includes(events[named][1]) ? `${text} ${events[named][1]}` : text
}

async function answerFromPieces(typed) {
  const text = withLifeEvent(withLoosePhrases(typed))
  const words = learnWords(new Set(hanOf(text).map(wordFile)))
  const likely = learnTerms(likelyTermFiles(text))
  await words
  await learnSounds(text)
  queryWords = []
  const query = segmentQuery(text)
  await learnWords(new Set(hanOf(query).map(wordFile)))
  await likely
  const searched = await materialsQuery(query)
  if (searched) await learnTerms(termFilesFor(searched))
  const ranked = arrange(rankedPages(query, searched))
  const pages = [], files = new Set()
  for (const group of ranked.items) {
    const page = Number(group[0].location.slice(1).split("#")[0])
    const file = fileOf(page)
    if (!files.has(file) && files.size >= shards.docs_per_query) break
    files.add(file)
    pages.push(page)
  }
  await learnDocuments(files)
  const found = arrange(await search(documentsOf(pages), query))
  return { ...found, sg_total: ranked.items.length }
}

/* Messages are handed on in order: a query waits for the setup and the queries before it */
let ready = Promise.resolve()
/* Seconds this worker has been busy (the benchmark asks: Chromium's CPU throttling skips workers) */
let busy = 0
const timed = work => (...args) => {
  const start = performance.now()
  try { return work(...args) } finally { busy += (performance.now() - start) / 1000 }
}
/* The same for work that waits for pieces: the time it takes, less the waiting */
const timedAsync = work => async (...args) => {
  const start = performance.now(), before = waited
  try { return await work(...args) } finally { busy += (performance.now() - start - (waited - before)) / 1000 }
}

const answerWhole = async typed => {
  queryWords = []
  const query = timed(segmentQuery)(withLifeEvent(withLoosePhrases(typed)))
  return timed(materialHandler)({ data: { type: QUERY, data: query } })
}

/* A query typed over before its pieces arrived is not answered: the page shows the answer it gets
   as the answer to what the search box holds now. Material asks an empty query as the search opens,
   which a resident typing at once follows within moments: its (empty) answer waits for them. */
let asked = 0
const EMPTY_QUERY_WAIT = 150
const answer = timedAsync(async (text, number) => {
  if (number !== asked) return
  try {
    const data = await answerFromPieces(text)
    if (number === asked) post({ type: RESULT, data })
  } catch (error) {
    console.warn("搜索数据没有取到：", error)
    if (number === asked) post({ type: RESULT, data: { items: [], sg_failed: true } })
  }
})

addListener("message", event => {
  if (event.data && event.data.type === "sg-busy") {
    post({ type: "sg-busy", seconds: busy })
    return
  }
  timed(startMaterial)()
  const message = event.data
  if (message.type === SETUP) {
    timed(buildVocabulary)(message.data)
    shards = message.data.config.sg_shards || null
    if (shards) termKeys = keysOf(shards)
    setup = message.data
    ready = ready.then(() => timed(materialHandler)({ data: message }))
  } else if (message.type === QUERY) {
    const number = ++asked
    if (shards && !message.data.trim())
      setTimeout(() => { if (number === asked) post({ type: RESULT, data: { items: [] } }) }, EMPTY_QUERY_WAIT)
    else
      ready = ready.then(() => (shards ? answer : answerWhole)(message.data, number))
  } else {
    ready = ready.then(() => timed(materialHandler)({ data: message }))
  }
})

timed(startMaterial)()  /* at once: the page starts this worker only when the resident turns to the search */
