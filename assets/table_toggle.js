/* A chart's table is read and built only once someone opens it: opening or closing its <details>
   (by mouse, keyboard, or page_focus.js below 576 px) tells the server, through the details' `open`
   property, and the table's callback (dashboard/ui/panel.py `register_tables`) answers with the grid.
   `toggle` does not bubble, so it is heard on its way down (capture). */
document.addEventListener("toggle", function (event) {
  var details = event.target;
  if (!details || details.tagName !== "DETAILS" || !details.id || !details.classList.contains("panel-table")) {
    return;
  }
  if (window.dash_clientside && window.dash_clientside.set_props) {
    window.dash_clientside.set_props(details.id, {open: details.open});
  }
}, true);
