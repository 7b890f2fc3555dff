/* Buttons of the guide's pages, wired here so pages carry no inline script.
   - The home page's search field opens Material's search with the cursor in it: on a phone by the
     header's own search button (which opens the overlay), on a desktop directly.
   - A service page's print button prints it as the one-page A4 notice (the print stylesheet).
   - The header's 关怀版 switch (below).
   - Variant tabs (below). */
document.addEventListener("click", event => {
  if (event.target.closest(".sg-print-button")) {
    window.print()
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
