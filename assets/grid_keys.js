/* Keyboard use of the tables: Enter (or Space) on a focused cell that holds a profile link follows it. */
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" && event.key !== " ") {
    return;
  }
  var target = event.target;
  if (!target || !target.classList || !target.classList.contains("ag-cell")) {
    return;
  }
  var link = target.querySelector("a.profile-link");
  if (link) {
    event.preventDefault();
    event.stopPropagation();
    link.click();
  }
}, true);
