/*
 * The query editor on GET /sparql: YASGUI (vendored, @zazuko/yasgui) over this server's own
 * endpoint, and nothing else.
 *
 * Plain ES2017, no build step. Without JavaScript (or if YASGUI fails) the page keeps its
 * plain <form method="get" action="/sparql">.
 *
 * YASGUI's defaults reach outside services; each is switched off here, before anything is
 * constructed:
 *   - the Yasqe autocompleters "property" and "class" query lov.linkeddata.es: only
 *     "variables" and "prefixes" are kept, and the others are unregistered;
 *   - the "prefixes" autocompleter gets our prefixes only (prefixCcApi stays null, so
 *     prefix.cc is never asked);
 *   - the default endpoint (dbpedia.org) and the endpoint catalogue (dbpedia, wikidata) are
 *     replaced by this server's /sparql;
 *   - no CORS proxy; a share link's configuration is read from the URL, but its endpoint is
 *     always replaced by ours; no persistence of tabs in localStorage;
 *   - Yasr keeps only its built-in plugins (table, boolean, response, error), none of which
 *     loads anything, and its "documentation" links to docs.triply.cc are not drawn.
 */
(function () {
  'use strict';

  var configEl = document.getElementById('kb-config');
  var host = document.getElementById('yasgui');
  var form = document.getElementById('query-form');
  if (!configEl || !host) return;

  var config;
  try {
    config = JSON.parse(configEl.textContent || '{}');
  } catch (error) {
    return;
  }
  var Yasgui = window.Yasgui;
  if (!Yasgui || !Yasgui.Yasqe || !Yasgui.Yasr || !window.URL) return;
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;

  var ALLOWED_COMPLETERS = ['variables', 'prefixes'];
  var ALLOWED_PLUGINS = ['table', 'boolean', 'response', 'error'];

  // An absolute URL on this origin: YASGUI passes the endpoint to `new URL()` in places.
  var endpoint = new URL(config.endpoint || '/sparql', window.location.href);
  if (endpoint.origin !== window.location.origin) endpoint = new URL('/sparql', window.location.href);
  endpoint = endpoint.href;

  var prefixes = config.prefixes && typeof config.prefixes === 'object' ? config.prefixes : {};
  var prefixList = Object.keys(prefixes).sort().map(function (p) { return p + ': <' + prefixes[p] + '>'; });
  var examples = Array.isArray(config.examples) ? config.examples : [];

  /** A share link (#query=…&endpoint=…) opens its query, but always against this endpoint. */
  function ownEndpointOnly(tabConfig) {
    tabConfig.requestConfig = tabConfig.requestConfig || {};
    tabConfig.requestConfig.endpoint = endpoint;
    return tabConfig;
  }

  // --- 1. cut every default that reaches another host, before any construction ------------

  // Autocompleters: keep variables and prefixes, unregister the rest (they call LOV).
  Object.keys(Yasqe.Autocompleters || {}).forEach(function (name) {
    if (ALLOWED_COMPLETERS.indexOf(name) < 0) delete Yasqe.Autocompleters[name];
  });
  Yasqe.defaults.autocompleters = ALLOWED_COMPLETERS.slice();
  if (Yasqe.Autocompleters.prefixes) {
    // our own prefixes, not the bundled catalogue nor prefix.cc; not cached in localStorage
    Yasqe.Autocompleters.prefixes = Object.assign({}, Yasqe.Autocompleters.prefixes, {
      get: function () { return Promise.resolve(prefixList.slice()); },
      persistenceId: null
    });
  }
  Yasqe.defaults.prefixCcApi = null;
  Yasqe.defaults.persistenceId = null;
  Yasqe.defaults.createShortLink = undefined;
  if (Yasqe.defaults.requestConfig && typeof Yasqe.defaults.requestConfig === 'object') {
    Yasqe.defaults.requestConfig.endpoint = endpoint;
  }

  // Yasgui's own defaults (its `yasqe` and `requestConfig` are the objects above, but set
  // them anyway in case a release copies them).
  var defaults = Yasgui.defaults;
  if (defaults.yasqe) {
    defaults.yasqe.autocompleters = ALLOWED_COMPLETERS.slice();
    defaults.yasqe.prefixCcApi = null;
  }
  if (defaults.requestConfig && typeof defaults.requestConfig === 'object') defaults.requestConfig.endpoint = endpoint;
  defaults.corsProxy = undefined;
  defaults.populateFromUrl = ownEndpointOnly;
  defaults.endpointCatalogueOptions = Object.assign({}, defaults.endpointCatalogueOptions, {
    getData: function () { return [{ endpoint: endpoint }]; }
  });

  // Yasr: only the built-in plugins that need nothing from outside.
  Object.keys(Yasr.plugins || {}).forEach(function (name) {
    if (ALLOWED_PLUGINS.indexOf(name) < 0) delete Yasr.plugins[name];
  });
  // no "documentation" links to docs.triply.cc: a detached anchor, never put on the page
  if (Yasr.prototype) {
    Yasr.prototype.drawDocumentationButton = function () { this.documentationLink = document.createElement('a'); };
    Yasr.prototype.updateHelpButton = function () {};
  }
  Object.keys(Yasr.plugins || {}).forEach(function (name) {
    var Plugin = Yasr.plugins[name];
    if (typeof Plugin !== 'function') return;
    var Local = class extends Plugin {
      constructor(yasr) {
        super(yasr);
        this.helpReference = undefined;
      }
    };
    Yasr.plugins[name] = Local;
  });

  // --- 2. the editor -----------------------------------------------------------------------

  var textarea = form ? form.querySelector('textarea[name=query]') : null;
  var initialQuery = textarea && textarea.value.trim() ? textarea.value : config.initialQuery || '';

  var yasgui;
  try {
    yasgui = new Yasgui(host, {
      requestConfig: { endpoint: endpoint, method: 'POST' },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
      corsProxy: undefined,
      populateFromUrl: ownEndpointOnly,
      persistenceId: null,
      autofocus: false,
      tabName: 'Query',
      yasqe: {
        value: initialQuery,
        autocompleters: ALLOWED_COMPLETERS.slice(),
        prefixCcApi: null,
        persistenceId: null,
        createShortLink: undefined,
        editorHeight: '320px'
      },
      yasr: {
        persistenceId: null,
        prefixes: prefixes,
        pluginOrder: ['table', 'response'],
        defaultPlugin: 'table'
      }
    });
  } catch (error) {
    if (window.console) console.error('The query editor could not start; the plain form stays.', error);
    return;
  }

  host.hidden = false;
  if (form) form.hidden = true;
  document.documentElement.classList.add('has-yasgui');

  var status = document.getElementById('query-status');

  function runQuery(query, title) {
    var tab = yasgui.getTab();
    if (!tab) tab = yasgui.addTab(true);
    tab.setQuery(query);
    if (title && typeof tab.setName === 'function') {
      try { tab.setName(title.length > 40 ? title.slice(0, 39) + '…' : title); } catch (error) { /* cosmetic */ }
    }
    if (status) status.textContent = title ? 'Running the example: ' + title : 'Running the query';
    host.scrollIntoView({ block: 'start' });
    var run = tab.query();
    if (run && typeof run.catch === 'function') run.catch(function () {});
  }

  // IRIs of our own data in the results open their local page, not the w3id.org redirect
  var dataBase = typeof prefixes.ekbd === 'string' ? prefixes.ekbd : '';
  host.addEventListener('click', function (event) {
    var a = event.target && event.target.closest ? event.target.closest('a[href]') : null;
    if (!a || !dataBase) return;
    var href = a.getAttribute('href') || '';
    if (href.indexOf(dataBase) === 0 && /\/id\/$/.test(dataBase)) {
      a.setAttribute('href', '/id/' + href.slice(dataBase.length));
      a.removeAttribute('target');
    }
  }, true);

  // the example buttons: plain links to /sparql?query=… without JavaScript
  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var a = event.target && event.target.closest ? event.target.closest('[data-example]') : null;
    if (!a) return;
    var name = a.getAttribute('data-example');
    var example = null;
    for (var i = 0; i < examples.length; i++) {
      if (examples[i] && examples[i].name === name) { example = examples[i]; break; }
    }
    if (!example || typeof example.query !== 'string') return; // let the link do its job
    event.preventDefault();
    runQuery(example.query, example.title || example.name);
  });
})();
