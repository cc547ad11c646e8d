/* Keyboard use of the tables: Enter (or Space) on a focused cell that holds a link follows it: an
   authority's profile, or a publication's review. */
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" && event.key !== " ") {
    return;
  }
  var target = event.target;
  if (!target || !target.classList || !target.classList.contains("ag-cell")) {
    return;
  }
  var link = target.querySelector("a[href]");
  if (link) {
    event.preventDefault();
    event.stopPropagation();
    link.click();
  }
}, true);
