/* Buttons of the guide's pages, wired here so pages carry no inline script.
   - The home page's search field opens Material's search with the cursor in it: on a phone by the
     header's own search button (which opens the overlay), on a desktop directly.
   - A service page's print button prints it as the one-page A4 notice (the print stylesheet).
   - An office booklet's print button (and Ctrl+P there) lays the booklet out in pages with paged.js
     first, so its contents can give each service's page number: Chromium's own printing has no
     target-counter().
   - The header's 关怀版 switch (below).
   - Variant tabs (below). */
document.addEventListener("click", event => {
  if (event.target.closest(".sg-booklet-print")) {
    printBooklet()
    return
  }
  if (event.target.closest(".sg-print-button")) {
    window.print()
    return
  }
  if (event.target.closest(".sg-read-aloud")) {
    readAloud(event.target.closest(".sg-read-aloud"))
    return
  }
  if (!event.target.closest(".sg-search-button")) return
  event.preventDefault()
  const opener = document.querySelector('label.md-header__button[for="__search"]')
  if (opener && opener.offsetParent !== null) opener.click()
  setTimeout(() => document.querySelector(".md-search__input").focus(), 50)
})

/* Variant tabs scroll in one row on a phone: the row is a scrollable region, so it must be
   reachable by keyboard (axe: scrollable-region-focusable) */
for (const labels of document.querySelectorAll(".tabbed-labels")) {
  labels.tabIndex = 0
  labels.setAttribute("aria-label", "办理方式")
}

/* 关怀版: larger type, stronger contrast, bigger targets, less chrome (guide.css, html.sg-care).
   Remembered on this device; the state was applied to <html> before the page painted. */
function showCareState() {
  const on = document.documentElement.classList.contains("sg-care")
  for (const button of document.querySelectorAll("[data-sg-care]")) {
    button.setAttribute("aria-pressed", String(on))
    button.textContent = on ? "标准版" : "关怀版"
    button.title = on ? "回到标准版" : "切换关怀版：大字体、高对比度"
  }
}
showCareState()
document.addEventListener("click", event => {
  if (!event.target.closest("[data-sg-care]")) return
  const on = document.documentElement.classList.toggle("sg-care")
  try { localStorage.setItem("sg-care", on ? "1" : "0") } catch (e) { /* private mode: this page only */ }
  showCareState()
})

/* Office booklets: paginate with paged.js (vendored, loaded on demand), then print. */
const PAGED_JS = new URL("vendor/paged-0.4.3.min.js", document.currentScript.src).href

function loadPagedJs() {
  if (window.PagedModule) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const script = document.createElement("script")
    script.src = PAGED_JS
    script.onload = resolve
    script.onerror = () => reject(new Error("paged.js 加载失败"))
    document.head.appendChild(script)
  })
}

/* Lay the booklet's article out as printed pages in place of the page; resolves to the page count.
   The page's own stylesheets are handed to paged.js (which applies their print rules to its page
   boxes) and then switched off, so their @page margins do not apply a second time. */
window.sgPaginateBooklet = async function () {
  if (window.sgBookletPages) return window.sgBookletPages
  await loadPagedJs()
  const article = document.querySelector("article.md-content__inner")
  const links = [...document.querySelectorAll('link[rel="stylesheet"]')]
  const inline = [...article.querySelectorAll("style")]
  const sheets = [...links.map(link => link.href),
                  ...inline.map((style, i) => ({ [`${location.href}#style-${i}`]: style.textContent }))]
  const template = document.createElement("template")
  template.innerHTML = article.outerHTML
  const holder = document.createElement("div")
  holder.className = "sg-paged"
  document.body.appendChild(holder)
  const flow = await new window.PagedModule.Previewer().preview(template.content, sheets, holder)
  for (const link of links) link.disabled = true
  for (const style of inline) style.disabled = true
  document.documentElement.classList.add("sg-paging")
  window.sgBookletPages = flow.total
  return flow.total
}

async function printBooklet() {
  const button = document.querySelector(".sg-booklet-print")
  if (button) button.textContent = "正在排版，请稍候……"
  try {
    await window.sgPaginateBooklet()
  } catch (error) {  /* offline or blocked: print as the browser lays it out, contents without numbers */
    if (button) button.textContent = "打印全册"
  }
  window.addEventListener("afterprint", () => location.reload(), { once: true })
  window.print()
}

if (document.querySelector(".sg-booklet-print")) {
  document.addEventListener("keydown", event => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "p" && !window.sgBookletPages) {
      event.preventDefault()
      printBooklet()
    }
  })
}

/* 朗读 (关怀版): the page read aloud in Chinese by the device's own speech synthesis; when the device
   has no Chinese voice (or the browser cannot speak), the page says so plainly instead of staying silent */
function chineseVoice() {
  const pick = () => speechSynthesis.getVoices().find(v => /^(zh|cmn)([-_]|$)/i.test(v.lang)) || null
  if (pick() || speechSynthesis.getVoices().length) return Promise.resolve(pick())
  return new Promise(resolve => {  /* some browsers list their voices only after a moment */
    speechSynthesis.addEventListener("voiceschanged", () => resolve(pick()), { once: true })
    setTimeout(() => resolve(pick()), 1500)
  })
}

function readNote(button, text) {
  let note = button.parentElement.nextElementSibling
  if (!note || !note.classList.contains("sg-read-note")) {
    note = Object.assign(document.createElement("p"), { className: "sg-read-note" })
    note.setAttribute("role", "status")
    button.parentElement.after(note)
  }
  note.textContent = text
}

/* What the page says, as a resident sees it (innerText skips what is hidden), without its buttons */
function pageText() {
  const parts = [...document.querySelector("article").children]
    .filter(el => !el.matches(".sg-print-bar, .sg-read-note, style, script, [hidden]"))
  return parts.map(el => el.innerText.trim()).filter(Boolean).join("\n").replace(/\u200b/g, "")
}

async function readAloud(button) {
  if (!("speechSynthesis" in window) || !window.SpeechSynthesisUtterance)
    return readNote(button, "这个浏览器不能朗读。请换用手机自带的浏览器再试。")
  if (speechSynthesis.speaking) {
    speechSynthesis.cancel()
    return
  }
  const voice = await chineseVoice()
  if (!voice)
    return readNote(button, "这台设备没有中文语音，无法朗读。可以在手机的“设置 — 辅助功能 — 文字转语音”中下载中文语音后再试。")
  const utterance = new SpeechSynthesisUtterance(pageText())
  utterance.lang = "zh-CN"
  utterance.voice = voice
  utterance.rate = 0.9
  const done = () => { button.textContent = "朗读"; button.setAttribute("aria-pressed", "false") }
  utterance.onend = done
  utterance.onerror = done
  button.textContent = "停止朗读"
  button.setAttribute("aria-pressed", "true")
  speechSynthesis.speak(utterance)
}
