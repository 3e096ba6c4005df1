// The search page: Pagefind's search UI, once its script has loaded from the site's own
// pagefind/ folder. Without JavaScript, or before the site has been built with its index,
// the page lists every report and edition instead.
(function () {
  'use strict';
  var box = document.getElementById('search');
  if (!box || typeof PagefindUI === 'undefined') return;
  // The site's top, wherever the site is published (a folder of a server, a subpath).
  var root = new URL(box.getAttribute('data-root') || './', window.location.href).pathname;
  var ui = new PagefindUI({
    element: '#search',
    bundlePath: root + 'pagefind/',
    baseUrl: root,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true,
    translations: { placeholder: box.getAttribute('data-label') || 'Search' }
  });
  // The search field is labelled by the page's visible title.
  var labelled = function () {
    var input = box.querySelector('input');
    if (input) input.setAttribute('aria-labelledby', 'search-title');
    return Boolean(input);
  };
  if (!labelled()) {
    new MutationObserver(function (_, observer) {
      if (labelled()) observer.disconnect();
    }).observe(box, { childList: true, subtree: true });
  }
  var fallback = document.querySelector('.search-without-script');
  if (fallback) fallback.hidden = true;
  var query = new URLSearchParams(window.location.search).get('q');
  if (query) ui.triggerSearch(query);
})();
