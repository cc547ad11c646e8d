/* Presenter mode: the arrow keys, Page Up/Down and the space bar press Previous and Next. */
(function () {
  document.addEventListener('keydown', function (event) {
    if (window.location.pathname !== '/present' || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target && event.target.tagName) || '';
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'BUTTON' || tag === 'A') {
      if (event.key === ' ' || event.key === 'Enter') { return; }
    }
    var id = null;
    if (event.key === 'ArrowRight' || event.key === 'PageDown' || event.key === ' ') { id = 'present-next'; }
    if (event.key === 'ArrowLeft' || event.key === 'PageUp') { id = 'present-prev'; }
    if (tag === 'SELECT' && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) { return; }
    var button = id && document.getElementById(id);
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
