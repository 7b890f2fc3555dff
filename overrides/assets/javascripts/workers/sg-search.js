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
 */
const params = new URL(self.location.href).searchParams
const materialWorker = params.get("material")

/* Our topic words are for ranking only: never shown to residents as a "missing" search term */
const RESULT = 3
const OWN_WORD = /^sg[ts][a-z0-9]+$/
/* A centre's internal duties (config.sg_internal) are listed for oversight, not for residents to
   do: their results always follow every resident result, whatever their score */
let internal = new Set()
const isInternal = group => internal.has(group[0].location.split("#")[0])
const post = self.postMessage.bind(self)
self.postMessage = message => {
  if (message && message.type === RESULT) {
    message.data.items = byNamedWords(message.data.items)
    for (const group of message.data.items)
      for (const item of group)
        for (const term of Object.keys(item.terms || {}))
          if (OWN_WORD.test(term)) delete item.terms[term]
    if (internal.size)
      message.data.items = [...message.data.items.filter(g => !isInternal(g)),
                            ...message.data.items.filter(isInternal)]
  }
  post(message)
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
 * downloads the documents: Material's worker, the prebuilt index and the Chinese language files
 * Material's worker imports at setup are all fetched at once, each while the others arrive.
 */
let materialHandler = null
const addListener = self.addEventListener.bind(self)
let prebuilt = null
let realLunr = null

function startMaterial() {
  if (materialHandler) return
  self.addEventListener = (type, listener, options) => {
    if (type === "message" && !materialHandler) materialHandler = listener
    else addListener(type, listener, options)
  }
  importScripts(materialWorker)
  self.addEventListener = addListener
  realLunr = self.lunr
  for (const key of Object.keys(realLunr)) lunrWithPrebuiltIndex[key] = realLunr[key]
  self.lunr = lunrWithPrebuiltIndex
  prebuilt = prebuiltUrl
    ? fetch(prebuiltUrl).then(response => response.ok ? response.json() : null).catch(() => null)
    : Promise.resolve(null)
  for (const file of ["lunr.stemmer.support.min.js", "lunr.zh.min.js"])  /* into the HTTP cache for setup */
    fetch(new URL(`../lunr/min/${file}`, materialWorker)).catch(() => {})
}

/*
 * The index prebuilt at build time (generator/search/lunr.py, search_lunr.json), fetched with the
 * first message. Material's worker calls lunr(config) to build its index from them;
 * with a prebuilt index that call runs the configuration only (language, tokenizer, fields) and
 * loads the index instead. Material highlights matches from position tables its tokenizer fills
 * while indexing; those are filled here for the documents a search returns, when it returns them.
 */
const prebuiltUrl = params.get("index")
let prebuiltIndex = null

function lunrWithPrebuiltIndex(configure) {
  if (!prebuiltIndex) return realLunr(configure)
  const builder = new realLunr.Builder()
  const docs = []
  builder.add = doc => docs.push(doc)  /* no indexing: the index is prebuilt */
  configure.call(builder, builder)
  if (docs.length !== prebuiltIndex.sg_documents) {  /* not built from these documents */
    prebuiltIndex = null
    return realLunr(configure)
  }
  const index = realLunr.Index.load(prebuiltIndex)
  prebuiltIndex = null
  /* Refs are places in the documents, in base 36 (lunr_index.short_ref): search results carry
     locations again (search() runs query(), whose results only Material's suggestions read, and
     those only for their matched terms) */
  const tabled = new Set()
  const search = index.search.bind(index)
  index.search = query => search(query).map(result => {
    const place = parseInt(result.ref.slice(1), 36)
    const doc = docs[place]
    if (!tabled.has(place)) {
      tabled.add(place)
      for (const field of Object.values(builder._fields)) builder.tokenizer(field.extractor(doc))
    }
    return { ...result, ref: doc.location }
  })
  return index
}

const SETUP = 0
const QUERY = 2
let vocabulary = new Set()   /* the index's own Han words */
let words = new Set()        /* every word the segmenter knows: the index's, aliases, spoken forms, fillers */
let longest = 1
let aliases = {}
let spoken = {}              /* content/vocabulary.yml: 被裁员 -> [失业] */
let fillers = new Set()      /* 怎么办, 在哪里: left out of the query */
let syllables = {}           /* config.sg_pinyin: bao -> 保宝报包… */
let byPinyin = null          /* "bao xian" -> [保险], and "baoxian" -> [保险]; built on first need */

function buildVocabulary({ config, docs }) {
  aliases = config.sg_aliases || {}
  spoken = config.sg_spoken || {}
  fillers = new Set(config.sg_fillers || [])
  syllables = config.sg_pinyin || {}
  byPinyin = null
  internal = new Set(config.sg_internal || [])
  if (config.sg_vocabulary) {  /* listed at build time: nothing to scan on the phone */
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

/* Messages are handed on in order: a query waits for the setup (and its prebuilt index) before it */
let ready = Promise.resolve()
/* Seconds this worker has been busy (the benchmark asks: Chromium's CPU throttling skips workers) */
let busy = 0
const timed = work => (...args) => {
  const start = performance.now()
  try { return work(...args) } finally { busy += (performance.now() - start) / 1000 }
}

addListener("message", event => {
  if (event.data && event.data.type === "sg-busy") {
    post({ type: "sg-busy", seconds: busy })
    return
  }
  timed(startMaterial)()
  let message = event.data
  if (message.type === SETUP) {
    timed(buildVocabulary)(message.data)
    ready = prebuilt.then(index => {
      prebuiltIndex = index && index.version ? index : null
      return timed(materialHandler)({ data: message })
    })
    return
  }
  let words = queryWords
  if (message.type === QUERY) {
    queryWords = []
    message = { type: QUERY, data: timed(segmentQuery)(message.data) }
    words = queryWords
  }
  ready = ready.then(() => {
    queryWords = words  /* the words of the query whose results Material posts next */
    return timed(materialHandler)({ data: message })
  })
})

timed(startMaterial)()  /* at once: the page starts this worker only when the resident turns to the search */
