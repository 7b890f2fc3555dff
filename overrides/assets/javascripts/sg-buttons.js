/* Buttons of the guide's pages, wired here so pages carry no inline script.
   - The home page's search field opens Material's search with the cursor in it: on a phone by the
     header's own search button (which opens the overlay), on a desktop directly.
   - A service page's print button prints it as the one-page A4 notice (the print stylesheet).
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
