/* After moving to another page inside the dashboard: focus goes to the new page's heading (so a
   screen reader reads where you are and Tab starts from the page, not the old link), and the
   navigation link of the page shown carries aria-current="page". A change of filters only (the
   same path, another query string) leaves focus where it is.
   While a presenter's slide covers the screen, the page chrome beneath it (skip link, header,
   navigation, footer) is inert, so focus never goes where it cannot be seen.
   Below 576 px wide the charts give way to their tables (oversight.css), which open by themselves. */
(function () {
  var shownPath = window.location.pathname;
  var shownHeading = null;  // the heading of the page at shownPath: the old page's, until the new one arrives
  var pending = false;

  function markCurrentLink() {
    var links = document.querySelectorAll(".site-nav a.nav-link");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      if (link.pathname === window.location.pathname) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
    }
  }

  var NARROW = window.matchMedia("(max-width: 575.98px)");

  function underTheSlide() {
    var slide = document.getElementById("present-mode");
    var beneath = document.querySelectorAll(".skip-link, .site-header, nav[aria-label='Main'], .site-footer");
    for (var i = 0; i < beneath.length; i++) {
      if (slide) {
        beneath[i].setAttribute("inert", "");
      } else {
        beneath[i].removeAttribute("inert");
      }
    }
  }

  function openTablesWhenNarrow() {
    if (!NARROW.matches) {
      return;
    }
    var closed = document.querySelectorAll("details.panel-table:not([open]):not([data-narrow-opened])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].setAttribute("data-narrow-opened", "");  // once: someone may close it again
      closed[i].open = true;
    }
  }

  function heading() {
    return document.querySelector("#_pages_content h1");
  }

  function onChange() {
    pending = false;
    markCurrentLink();
    underTheSlide();
    openTablesWhenNarrow();
    var h1 = heading();
    if (!h1) {
      return;
    }
    if (window.location.pathname === shownPath) {
      shownHeading = shownHeading || h1;  // the page first opened: focus stays at the top of the document
      return;
    }
    if (h1 !== shownHeading) {  // the new page's heading has arrived
      h1.setAttribute("tabindex", "-1");
      h1.focus();
      shownPath = window.location.pathname;
      shownHeading = h1;
    }
  }

  var observer = new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(onChange);
    }
  });
  function start() {
    var root = document.getElementById("react-entry-point") || document.body;
    observer.observe(root, {childList: true, subtree: true});
    onChange();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
