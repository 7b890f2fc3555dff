/* The search field on the home page opens Material's search and puts the cursor in it:
   on a phone by the header's own search button (which opens the overlay), on a desktop directly. */
document.addEventListener("click", event => {
  if (!event.target.closest(".sg-search-button")) return
  event.preventDefault()
  const opener = document.querySelector('label.md-header__button[for="__search"]')
  if (opener && opener.offsetParent !== null) opener.click()
  setTimeout(() => document.querySelector(".md-search__input").focus(), 50)
})
