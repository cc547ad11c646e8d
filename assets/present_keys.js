/* Presenter mode in the browser: the slide index (the URL's ?slide=, replacing the history entry), the
   keys that move it, the full-screen show, the 1920x1080 canvas scaled to fit, and the message that
   lets the speaker-notes window follow. Served from assets/ (no CDN). */
(function () {
  'use strict';
  var CHANNEL = 'review-oversight-present';
  var channel = ('BroadcastChannel' in window) ? new BroadcastChannel(CHANNEL) : null;

  function onPresent() { return window.location.pathname === '/present'; }
  function byId(id) { return document.getElementById(id); }
  function params() { return new URLSearchParams(window.location.search); }
  function count() {
    var el = byId('present-count');
    var n = el ? parseInt(el.textContent, 10) : NaN;
    return isNaN(n) || n < 1 ? 1 : n;
  }
  function current() {
    var n = parseInt(params().get('slide') || '1', 10);
    return Math.max(1, Math.min(isNaN(n) ? 1 : n, count()));
  }

  /* Tell the notes window (BroadcastChannel, and a storage event for browsers without it). */
  function announce(review, slide, survey) {
    var message = {review: review, slide: slide, survey: survey || null, at: Date.now()};
    if (channel) { channel.postMessage(message); }
    try { window.localStorage.setItem(CHANNEL, JSON.stringify(message)); } catch (e) { /* private mode */ }
  }

  function go(slide, review, survey) {
    var p = params();
    var select = byId('present-review');
    review = review || p.get('review') || (select && select.value) || '';
    if (survey === undefined) { survey = p.get('survey') || null; }
    slide = Math.max(1, slide);
    p.set('review', review);
    p.set('slide', String(slide));
    if (survey) { p.set('survey', survey); } else { p.delete('survey'); }
    window.history.replaceState(window.history.state, '', window.location.pathname + '?' + p.toString());
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props('present-nav', {data: {review: review, slide: slide, survey: survey}});
    }
    var link = byId('present-notes-link');
    if (link) { link.setAttribute('href', '/present/notes?' + p.toString()); }
    announce(review, slide, survey);
  }

  /* The speaker-notes window follows whatever the presenter window shows. */
  function follow(message) {
    if (window.location.pathname !== '/present/notes' || !message || typeof message !== 'object') { return; }
    var slide = parseInt(message.slide, 10) || 1;
    var data = {review: String(message.review || ''), slide: slide, survey: message.survey ? String(message.survey) : null};
    var p = new URLSearchParams();
    p.set('review', data.review);
    p.set('slide', String(slide));
    if (data.survey) { p.set('survey', data.survey); }
    window.history.replaceState(window.history.state, '', '/present/notes?' + p.toString());
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props('notes-nav', {data: data});
    }
  }
  if (channel) { channel.onmessage = function (event) { follow(event.data); }; }
  window.addEventListener('storage', function (event) {
    if (event.key !== CHANNEL || !event.newValue) { return; }
    try { follow(JSON.parse(event.newValue)); } catch (e) { /* not ours */ }
  });

  function move(step) {
    var next = Math.max(1, Math.min(current() + step, count()));
    if (next !== current() || params().get('slide') !== String(next)) { go(next); }
  }

  /* Full screen: the stage alone, everything else inert (out of the tab order and the accessibility tree). */
  var inerted = [];
  function showing() { var m = byId('present-mode'); return !!(m && m.classList.contains('present-showing')); }
  function setInert(stage) {
    var node = stage;
    while (node && node.parentElement && node !== document.body) {
      Array.prototype.forEach.call(node.parentElement.children, function (sibling) {
        if (sibling !== node && !sibling.inert && sibling.tagName !== 'SCRIPT') {
          sibling.inert = true;
          inerted.push(sibling);
        }
      });
      node = node.parentElement;
    }
  }
  function label(text) { var b = byId('present-show'); if (b) { b.textContent = text; } }
  function startShow() {
    var stage = byId('present-stage');
    var mode = byId('present-mode');
    if (!stage || !mode || showing()) { return; }
    mode.classList.add('present-showing');
    setInert(stage);
    label('Leave the show (Esc)');
    stage.focus();
    if (stage.requestFullscreen) {
      stage.requestFullscreen().catch(function () { /* the CSS show still covers the window */ });
    }
    fit();
  }
  function endShow() {
    var mode = byId('present-mode');
    if (!mode || !showing()) { return; }
    mode.classList.remove('present-showing');
    inerted.forEach(function (el) { el.inert = false; });
    inerted = [];
    label('Start the show (F)');
    if (document.fullscreenElement && document.exitFullscreen) { document.exitFullscreen().catch(function () {}); }
    fit();
    var stage = byId('present-stage');
    if (stage) { stage.focus(); }
  }
  document.addEventListener('fullscreenchange', function () {
    if (!document.fullscreenElement && showing()) { endShow(); }
  });

  /* The 1920x1080 canvas, scaled to the room it has. */
  function fit() {
    var viewport = byId('present-viewport');
    var canvas = byId('present-canvas');
    if (!viewport || !canvas) { return; }
    var width = viewport.clientWidth;
    if (!showing()) { viewport.style.height = Math.round(width * 1080 / 1920) + 'px'; } else { viewport.style.height = ''; }
    var height = viewport.clientHeight;
    var scale = Math.min(width / 1920, height / 1080);
    var left = Math.max(0, (width - 1920 * scale) / 2);
    var top = Math.max(0, (height - 1080 * scale) / 2);
    canvas.style.transform = 'translate(' + left + 'px, ' + top + 'px) scale(' + scale + ')';
  }
  var fitting = false;
  function fitSoon() {  // at most once a frame, however many changes the page makes
    if (fitting || !onPresent()) { return; }
    fitting = true;
    window.requestAnimationFrame(function () { fitting = false; fit(); });
  }
  window.addEventListener('resize', fitSoon);
  new MutationObserver(fitSoon).observe(document.documentElement, {childList: true, subtree: true});

  function typing(el) {
    if (!el) { return false; }
    if (el.isContentEditable || el.tagName === 'TEXTAREA') { return true; }
    if (el.tagName === 'INPUT') {
      return ['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].indexOf(el.type) < 0;
    }
    return false;
  }
  function inOpenList(el) {
    return !!(el && el.closest && (el.closest('[aria-expanded="true"]') || el.closest('[role="grid"]')));
  }

  document.addEventListener('keydown', function (event) {
    if (!onPresent() || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) { return; }
    var target = event.target;
    if (typing(target) || inOpenList(target)) { return; }
    var onSlide = target && target.id === 'present-stage';
    var key = event.key;
    var handled = true;
    if (key === 'ArrowRight' || key === 'PageDown') { move(1); }
    else if (key === 'ArrowLeft' || key === 'PageUp') { move(-1); }
    else if (key === 'Home') { go(1); }
    else if (key === 'End') { go(count()); }
    else if (key === ' ' && onSlide) { move(event.shiftKey ? -1 : 1); }
    else if ((key === 'f' || key === 'F') && onSlide && !event.shiftKey) { if (showing()) { endShow(); } else { startShow(); } }
    else if (key === 'Escape' && showing()) { endShow(); }
    else { handled = false; }
    if (handled) { event.preventDefault(); }
  }, true);

  document.addEventListener('click', function (event) {
    if (!onPresent()) { return; }
    var button = event.target.closest && event.target.closest('[data-present-move],[data-present-show]');
    if (!button || button.disabled) { return; }
    if (button.getAttribute('data-present-show')) { if (showing()) { endShow(); } else { startShow(); } }
    else { move(button.getAttribute('data-present-move') === 'prev' ? -1 : 1); }
  });

  document.addEventListener('change', function (event) {
    if (!onPresent() || !event.target) { return; }
    if (event.target.id === 'present-review') { go(1, event.target.value, null); }  // a new review starts at its title
    if (event.target.id === 'present-survey') { go(current(), null, event.target.value); }
  });

  window.presentOversight = {go: go, move: move, startShow: startShow, endShow: endShow, current: current,
                             count: count, channel: CHANNEL};
})();
