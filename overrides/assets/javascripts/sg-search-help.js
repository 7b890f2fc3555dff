/* Search never ends in a dead end. Below the results (and above them when there are none, or when
   the query names something this guide does not hold, content/vocabulary.yml's not_covered) the
   panel offers the themes, the offices with their phones, the site's hotline and the 一件事 pages.
   This script and its data, search/help.json, are fetched once the resident turns to the search
   (main.html), never on a plain page view. */
const SITE = new URL("../../", document.currentScript.src)  /* help.json's links are relative to it */
const HELP_URL = new URL("search/help.json", SITE)
let help = null

function loadHelp() {
  if (!help) help = fetch(HELP_URL).then(r => (r.ok ? r.json() : null)).catch(() => null)
  return help
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  for (const child of children) node.append(child)
  return node
}

/* The worker's last answer: a city's long list is cut to its most relevant pages (sg_total says
   how long it was), and a search whose data did not arrive says so (sg_failed) */
let answer = {}
if (window.sgSearchWorker)
  window.sgSearchWorker.addEventListener("message", event => {
    if (event.data && event.data.type === 3) answer = event.data.data || {}
  })

const link = (text, url) => element("a", { href: new URL(url, SITE).href }, text)
const call = contact => element("a", { href: contact.tel, class: "sg-help-tel" }, contact.phone)

/* The titles of the results shown: a not-covered answer never contradicts one that covers it */
function resultTitles() {
  const titles = document.querySelectorAll(".md-search-result__item h1, .md-search-result__item h2")
  return [...titles].map(h => h.textContent).join(" ").replace(/\u200b/g, "")  /* the search's word breaks */
}

function panel(data, query, found) {
  const box = element("div", { class: "sg-search-help", "data-sg-search-help": "" })
  const compact = query.replace(/\s+/g, "")
  const titles = found ? resultTitles() : ""
  const names = n => [...n.says, ...n.name.split(/[（）()]/).filter(w => w.length >= 2)]
  const gaps = data.not_covered.filter(n => n.says.some(word => compact.includes(word))
    && !names(n).some(word => titles.includes(word)))
  for (const gap of gaps) {
    box.append(element("p", { class: "sg-help-gap" },
      element("strong", {}, `本指南未收录“${gap.name}”`), `。请咨询${gap.ask}`,
      ...(data.hotline ? [`，或拨打${data.hotline.label} `, call(data.hotline)] : []), "。"))
  }
  const shown = (answer.items || []).length
  if (found && answer.sg_total > shown)
    box.append(element("p", { class: "sg-help-more" },
      `共找到 ${answer.sg_total} 项，上面是最相关的 ${shown} 项。加上街道、社区名或更具体的词，可以找得更准。`))
  const title = answer.sg_failed ? "搜索数据没有取到（网络可能断了），请稍后再试。也可以："
    : found ? "没找到要办的事？" : `没有找到与“${query}”有关的服务。可以：`
  box.append(element("p", { class: "sg-help-title" }, title))
  if (data.journeys.length) {
    const row = element("p", {}, "按一件事办：")
    data.journeys.forEach((j, i) => row.append(...(i ? ["、"] : []), link(j.name, j.url)))
    box.append(row)
  }
  const themes = element("p", {}, "按主题找：")
  data.themes.forEach((t, i) => themes.append(...(i ? ["、"] : []), link(t.name, t.url)))
  box.append(themes)
  const offices = element("ul", { class: "sg-help-offices" })
  for (const o of data.offices)
    offices.append(element("li", {}, link(o.name, o.url), ...(o.phone ? [" ", call(o)] : [])))
  if (data.office_count > data.offices.length)
    offices.append(element("li", {}, link(`全部 ${data.office_count} 个办事机构`, data.offices_url)))
  box.append(element("p", {}, "问办事机构："), offices)
  if (data.hotline) box.append(element("p", {}, `都不是？拨打${data.hotline.label} `, call(data.hotline)))
  return box
}

/* A query that asks for large type (长辈版, 老年人, 字太小) is offered the 关怀版 switch above the
   results: the services it finds stay, and the display it names is one tap away */
function careOffer(data, query) {
  const compact = query.replace(/\s+/g, "")
  if (!(data.care_words || []).some(word => compact.includes(word))) return null
  const on = document.documentElement.classList.contains("sg-care")
  const button = element("button", { type: "button", class: "sg-help-care-switch", "data-sg-care": "",
                                     "aria-pressed": String(on) }, on ? "标准版" : "关怀版")
  const offer = element("p", { class: "sg-help-care", "data-sg-search-help": "" },
    on ? "现在是关怀版：字更大，按钮更好点，事项页面可以朗读。回到原来的样子：" :
      "字太小、看不清？换成关怀版：字更大，按钮更好点，事项页面可以朗读。", button)
  /* sg-buttons.js switches the display when the click reaches the document; then the words follow */
  button.addEventListener("click", () => setTimeout(() => offer.replaceWith(careOffer(data, query) || "")))
  return offer
}

async function showHelp() {
  const result = document.querySelector(".md-search-result")
  const meta = result && result.querySelector(".md-search-result__meta")
  const input = document.querySelector(".md-search__input")
  if (!meta || !input) return
  const query = input.value.trim()
  result.querySelectorAll("[data-sg-search-help]").forEach(node => node.remove())
  /* only under an answer: a count, or none found (not 正在初始化 or 键入以开始搜索, shown while the
     worker fetches what the query needs) */
  if (!query || !/\d|没有/.test(meta.textContent)) return
  const data = await loadHelp()
  if (!data || input.value.trim() !== query) return
  result.querySelectorAll("[data-sg-search-help]").forEach(node => node.remove())
  const found = !/没有/.test(meta.textContent)
  /* first thing read when nothing was found; after the results otherwise, a weak list ending with
     the not-covered answer */
  if (found) result.append(panel(data, query, found))
  else meta.after(panel(data, query, found))
  const care = careOffer(data, query)
  if (care) meta.after(care)
}

const meta = document.querySelector(".md-search-result__meta")
if (meta) new MutationObserver(showHelp).observe(meta, { childList: true, characterData: true, subtree: true })
showHelp()  /* loaded when the resident turned to the search (main.html): a result may be there already */
