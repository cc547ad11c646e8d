/* Cell renderers for the tables (dash-ag-grid looks them up by name in this object).
   ProfileLink: an authority's name as a link to its profile. The link is not a Tab stop of its own, so
   the table stays one Tab stop: arrow keys move between cells and Enter on the cell follows the link
   (assets/grid_keys.js). */
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

/* Move to the profile inside the app, as dcc.Link does, rather than loading the whole page again; a click
   with a modifier key (a new tab or window) is left to the browser. */
function followInApp(event) {
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button > 0) {
    return;
  }
  event.preventDefault();
  window.history.pushState({}, "", event.currentTarget.getAttribute("href"));
  window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  window.scrollTo(0, 0);
}

dagcomponentfuncs.ProfileLink = function (props) {
  var href = props.data && props.data._profile;
  if (!href) {
    return props.value;
  }
  return React.createElement("a", {href: href, className: "profile-link", tabIndex: -1, onClick: followInApp},
                             props.value);
};
