// Danish search around Material's own search worker (issue 13). Material's worker does the work
// (lunr with the Danish stemmer, highlighting, the results the theme shows); this wrapper adds what
// it lacks for Danish readers:
//   - the index is fetched on the first query, not on every page view: the page fetches a stub
//     (search/search_index.json, written by aktivering.search) and the wrapper the full index
//     (search/sok_index.json);
//   - æ, ø and å are folded (ø -> o, æ -> ae, å -> aa) into an extra field of every document, and a
//     query word is also looked up folded, with oe -> o, and by its Danish stem, so "helsingor",
//     "helsingoer", "kontanthjaelp" and "mentorer" find what "Helsingør", "kontanthjælp" and
//     "mentor" find;
//   - the words a result is said to lack are the words the reader typed, not our variants.
// Material's worker is loaded unchanged from the URL in ?material= (the theme's own hashed file).
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3  // Material's SearchMessageType
const FULL_INDEX = new URL("../../../search/sok_index.json", self.location.href)

const post = self.postMessage.bind(self)
const listen = self.addEventListener.bind(self)
let material = null  // Material's message listener
let reply = null     // where Material's next answer goes
self.addEventListener = (type, listener, options) => {
  if (type === "message" && material === null) material = listener
  else listen(type, listener, options)
}
self.postMessage = message => {
  const answer = reply
  reply = null
  if (answer) answer(message)
  else post(message)
}
importScripts(new URL(self.location.href).searchParams.get("material"))

function ask(message) {
  return new Promise(resolve => {
    reply = resolve
    material({ data: message })
  })
}

const FOLD = { "æ": "ae", "ø": "o", "å": "aa", "Æ": "ae", "Ø": "o", "Å": "aa" }

function fold(text) {
  return text.replace(/[æøåÆØÅ]/g, letter => FOLD[letter])
}

function plainText(html) {
  return html.replace(/<[^>]*>/g, " ")
}

function foldedWords(text) {
  // Only words that change when folded: the rest are in the index already.
  const words = new Set()
  for (const word of plainText(text).toLowerCase().split(/[\s\-.,;:!?()"'«»]+/))
    if (/[æøå]/.test(word)) words.add(fold(word))
  return [...words].join(" ")
}

function stem(word) {
  const danish = self.lunr && self.lunr.da
  return danish ? danish.stemmer(new self.lunr.Token(word)).toString() : word
}

function variants(word) {
  const lower = word.toLowerCase()
  const found = new Set([lower])
  for (const base of [lower, fold(lower), fold(lower).replace(/oe/g, "o")]) {
    found.add(base)
    const stemmed = stem(base)
    if (stemmed.length >= 3) found.add(stemmed)
  }
  return [...found]
}

// Plain words only: a query with lunr syntax (field:, +, -, ~, ^, *, quotes) is passed on unchanged.
const PLAIN = /^[\p{L}\p{N}]+$/u

function expand(query) {
  const words = query.trim().split(/\s+/).filter(Boolean)
  if (!words.every(word => PLAIN.test(word))) return { query, typed: {} }
  const typed = {}
  const terms = []
  for (const word of words) {
    const forms = variants(word)
    typed[word.toLowerCase()] = forms
    terms.push(...forms)
  }
  return { query: [...new Set(terms)].join(" "), typed }
}

function tidy(result, typed) {
  if (result.type !== RESULT || !Object.keys(typed).length) return result
  for (const group of result.data.items)
    for (const item of group) {
      delete item.folded
      delete item.folded_title
      const terms = {}
      for (const [word, forms] of Object.entries(typed))
        terms[word] = forms.some(form => Object.entries(item.terms).some(
          ([term, found]) => found && (term.startsWith(form) || form.startsWith(term))))
      item.terms = terms
    }
  return result
}

let stub = null   // the SETUP message for the stub index
let ready = null  // the full index, set up in Material's worker

async function load() {
  const response = await fetch(FULL_INDEX)
  if (!response.ok) throw new Error(`søgeindekset kunne ikke hentes (${response.status})`)
  const index = await response.json()
  for (const doc of index.docs) {
    doc.folded_title = foldedWords(doc.title)
    doc.folded = foldedWords(doc.text)
  }
  // A folded word weighs what the word itself weighs: in the title as much as the title.
  const fields = index.config.fields
  const config = { ...index.config, fields: { ...fields, folded_title: fields.title, folded: fields.text } }
  await ask({ type: SETUP, data: { config, docs: index.docs, options: stub.options } })
}

async function handle(message) {
  if (message.type === SETUP) {
    stub = message.data
    post({ type: READY })
    return
  }
  if (message.type === QUERY) {
    if (!message.data.trim()) {  // the empty query the theme sends when it opens: nothing to load
      post({ type: RESULT, data: { items: [] } })
      return
    }
    ready = ready || load()
    try {
      await ready
    } catch (error) {
      ready = null
      console.warn(error)
      post({ type: RESULT, data: { items: [] } })
      return
    }
    const { query, typed } = expand(message.data)
    post(tidy(await ask({ type: QUERY, data: query }), typed))
  }
}

let queue = Promise.resolve()
listen("message", event => {
  queue = queue.then(() => handle(event.data))
})
