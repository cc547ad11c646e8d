/* dcc.Upload renders a hidden file input with no label; give it the upload zone's name so
   screen readers announce it (the zone's visible text says what it does). */
(function () {
  function label() {
    document.querySelectorAll('#data-upload input[type=file]').forEach(function (el) {
      if (!el.getAttribute('aria-label')) { el.setAttribute('aria-label', 'Choose a file to import'); }
    });
  }
  new MutationObserver(label).observe(document.documentElement, {childList: true, subtree: true});
})();
