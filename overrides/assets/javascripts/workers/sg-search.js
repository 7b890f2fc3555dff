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

let materialHandler = null
const addListener = self.addEventListener.bind(self)
self.addEventListener = (type, listener, options) => {
  if (type === "message" && !materialHandler) materialHandler = listener
  else addListener(type, listener, options)
}
importScripts(materialWorker)
self.addEventListener = addListener

const SETUP = 0
const QUERY = 2
let vocabulary = new Set()
let longest = 1
let aliases = {}

function buildVocabulary({ config, docs }) {
  aliases = config.sg_aliases || {}
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
  longest = 1
  for (const word of vocabulary) longest = Math.max(longest, word.length)
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

function segmentHan(run) {
  const pieces = []
  for (let i = 0; i < run.length;) {
    let j = Math.min(run.length, i + longest)
    while (j > i + 1 && !vocabulary.has(run.slice(i, j))) j--
    if (j > i + 1 || run.length === 1) {
      const word = run.slice(i, j)
      pieces.push(...fineWords(word))
      if (word in aliases)
        pieces.push(...aliases[word].map(token => `${token}^20`))
    }
    i = j  /* a lone character that starts no word (了, 的) is left out */
  }
  return pieces.length ? pieces.join(" ") : run
}

function segmentQuery(query) {
  return query.replace(/\p{sc=Han}+/gu, run => ` ${segmentHan(run)} `).trim().replace(/\s+/g, " ")
}

addListener("message", event => {
  let message = event.data
  if (message.type === SETUP) buildVocabulary(message.data)
  if (message.type === QUERY) message = { type: QUERY, data: segmentQuery(message.data) }
  materialHandler({ data: message })
})
