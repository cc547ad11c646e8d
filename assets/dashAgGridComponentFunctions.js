/* Cell renderers for the tables (dash-ag-grid looks them up by name in this object).
   ProfileLink: an authority's name as a link to its profile. The link is not a Tab stop of its own, so
   the table stays one Tab stop: arrow keys move between cells and Enter on the cell follows the link
   (assets/grid_keys.js). */
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.ProfileLink = function (props) {
  var href = props.data && props.data._profile;
  if (!href) {
    return props.value;
  }
  return React.createElement("a", {href: href, className: "profile-link", tabIndex: -1}, props.value);
};
