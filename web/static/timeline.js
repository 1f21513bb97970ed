/*
 * The interactive timeline on "/": progressive enhancement of the server-rendered list.
 *
 * Plain ES2017, no build step. Needs vis-timeline's standalone bundle (window.vis) loaded
 * before it. Reads the view from the URL (from, to, actor, type, source, lanes, event),
 * loads /api/facets and /api/timeline (all pages), draws the events and keeps the URL in
 * step with every change so a view can be shared as a link.
 *
 * Everything that comes from data goes into the page through textContent, element
 * attributes or vis-timeline items built as DOM elements: never through innerHTML.
 */
(function () {
  'use strict';

  var root = document.getElementById('timeline');
  if (!root || !window.vis || !window.vis.Timeline || !window.fetch || !window.URLSearchParams || !window.history.replaceState) {
    return; // the server-rendered list is the page
  }
  var vis = window.vis;

  var DAY = 86400000;
  var PAGE_LIMIT = 2000; // the API's maximum page size
  var LIST_PARAMS = ['actor', 'type', 'source', 'origin'];
  var LANES = { '': 'none', actor: 'actor', type: 'event type', source: 'source' };
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  var SEASONS = { SP: 'spring', SU: 'summer', FA: 'autumn', WI: 'winter' };
  var STATUSES = ['happened', 'ongoing', 'planned', 'possible'];

  var timelineApi = root.getAttribute('data-api') || '/api/timeline';
  var facetsApi = root.getAttribute('data-facets-api') || timelineApi.replace(/timeline\/?$/, 'facets');
  var eventsApi = root.getAttribute('data-events-api') || timelineApi.replace(/timeline\/?$/, 'events/');
  if (eventsApi.charAt(eventsApi.length - 1) !== '/') eventsApi += '/';

  // ---------------------------------------------------------------------------------------
  // small helpers

  function first() {
    for (var i = 0; i < arguments.length; i++) {
      if (arguments[i] !== null && arguments[i] !== undefined) return arguments[i];
    }
    return null;
  }

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === 'class') node.className = value;
        else if (name === 'text') node.textContent = value;
        else if (name === 'hidden') node.hidden = true;
        else node.setAttribute(name, value === true ? '' : String(value));
      });
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    if (children === null || children === undefined) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /** A same-site path from data, or null: data never becomes a javascript: or outside link. */
  function safeHref(href) {
    if (typeof href !== 'string') return null;
    return /^\/(?!\/)/.test(href) && !/[\u0000-\u001f\\]/.test(href) ? href : null;
  }

  /** A link when the href is a safe local path, else plain text. */
  function link(href, text, attrs) {
    var safe = safeHref(href);
    var a = el(safe ? 'a' : 'span', attrs || null, text);
    if (safe) a.setAttribute('href', safe);
    return a;
  }

  function pad(n, width) {
    var s = String(Math.abs(n));
    while (s.length < width) s = '0' + s;
    return (n < 0 ? '-' : '') + s;
  }

  /** Milliseconds (UTC) of an ISO date "2020-11-01" (a time part is ignored), or null. */
  function parseDate(value) {
    if (typeof value !== 'string') return null;
    var m = /^(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?/.exec(value);
    if (!m) return null;
    var d = new Date(Date.UTC(2000, (m[2] ? +m[2] : 1) - 1, m[3] ? +m[3] : 1));
    d.setUTCFullYear(+m[1]);
    var t = d.getTime();
    return isNaN(t) ? null : t;
  }

  function isoDate(ms) {
    var d = new Date(ms);
    return pad(d.getUTCFullYear(), 4) + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2);
  }

  function longDate(ms) {
    var d = new Date(ms);
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }

  function localName(iri) {
    if (typeof iri !== 'string') return '';
    var cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
    return cut >= 0 ? iri.slice(cut + 1) : iri;
  }

  /** The /id/... path of an IRI or path, as used by the pages and the event= parameter. */
  function idPath(value) {
    if (typeof value !== 'string' || !value) return '';
    if (value.indexOf('/id/') === 0) return value;
    var at = value.indexOf('/id/');
    return at >= 0 && /^https?:\/\//.test(value) ? value.slice(at) : value;
  }

  function statusClass(status) {
    return STATUSES.indexOf(status) >= 0 ? 'status-' + status : 'status-happened';
  }

  // ---------------------------------------------------------------------------------------
  // dates as the events carry them

  /**
   * The one period a precision names, e.g. "November 2020", from timeValue ("2020-11",
   * "2021-SU", "2021-Q2", "2021-W09", "199X", "19") or, without one, from the bounds when
   * they lie in a single such period; null when the event spans more than one.
   */
  function periodLabel(ev) {
    var value = typeof ev.timeValue === 'string' ? ev.timeValue : '';
    var lo = parseDate(first(ev.earliestBegin, ev.begin));
    var hi = parseDate(first(ev.latestEnd, ev.end));
    var m, y, d;
    switch (ev.precision) {
      case 'day':
        if ((m = /^(-?\d{4,}-\d\d-\d\d)$/.exec(value))) return longDate(parseDate(m[1]));
        return lo !== null && lo === hi ? longDate(lo) : null;
      case 'week':
        if (/^-?\d{4,}-W\d\d$/.test(value) && lo !== null) return 'week of ' + longDate(lo);
        return value && !/^-?\d{4,}-W\d\d$/.test(value) ? null
          : lo !== null && hi !== null && hi - lo <= 6 * DAY ? 'week of ' + longDate(lo) : null;
      case 'month':
        if ((m = /^(-?\d{4,})-(\d\d)$/.exec(value))) return MONTHS[+m[2] - 1] + ' ' + (+m[1]);
        if (value || lo === null || hi === null) return null;
        d = new Date(lo); y = new Date(hi);
        return d.getUTCFullYear() === y.getUTCFullYear() && d.getUTCMonth() === y.getUTCMonth()
          ? MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear() : null;
      case 'season':
        m = /^(-?\d{4,})-(SP|SU|FA|WI)$/.exec(value);
        return m ? SEASONS[m[2]] + ' ' + (+m[1]) : null;
      case 'quarter':
        m = /^(-?\d{4,})-Q([1-4])$/.exec(value);
        return m ? 'Q' + m[2] + ' ' + (+m[1]) : null;
      case 'year':
        if ((m = /^(-?\d{4,})$/.exec(value))) return String(+m[1]);
        if (value || lo === null || hi === null) return null;
        return new Date(lo).getUTCFullYear() === new Date(hi).getUTCFullYear() ? String(new Date(lo).getUTCFullYear()) : null;
      case 'decade':
        m = /^(-?\d{3,})X$/.exec(value);
        return m ? (+m[1] * 10) + 's' : null;
      case 'century':
        m = /^(-?\d{2,})$/.exec(value);
        return m ? (+m[1] * 100) + 's' : null;
      default:
        return null;
    }
  }

  /** Where an event lies: the bounds in ms, which sides are open, whether it is one day. */
  function bounds(ev) {
    var eb = parseDate(ev.earliestBegin), lb = parseDate(ev.latestBegin);
    var ee = parseDate(ev.earliestEnd), le = parseDate(ev.latestEnd);
    var b = parseDate(ev.begin), e = parseDate(ev.end);
    var lo = first(eb, b), hi = first(le, e);
    var out = {
      openBegin: lo === null,
      openEnd: hi === null,
      lo: lo,
      hi: hi,
      // where the part the text vouches for starts and ends
      beginAnchor: first(lo, lb, ee, e, hi),
      endAnchor: first(hi, ee, lb, b, lo),
      latestBegin: lb,
      earliestEnd: ee
    };
    out.dated = out.beginAnchor !== null || out.endAnchor !== null;
    out.oneDay = !out.openBegin && !out.openEnd && lo === hi;
    return out;
  }

  /**
   * The normalised dates in words: "2 March 2021", "in November 2020", "1 November 2020 –
   * 5 March 2021", "before 5 March 2001", "after 5 March 2021", "began before 5 March 2021;
   * still going after 5 March 2021", "began between … and …; ended between … and …".
   */
  function describeDates(ev, bd) {
    bd = bd || bounds(ev);
    if (!bd.dated) return 'undated';
    if (bd.oneDay) return longDate(bd.lo);
    if (!bd.openBegin && !bd.openEnd && ev.precision && ev.precision !== 'day') {
      var period = periodLabel(ev);
      if (period) return (ev.precision === 'week' ? 'in the ' : 'in ') + period;
    }
    var beginVague = bd.lo !== null && bd.latestBegin !== null && bd.latestBegin !== bd.lo;
    var endVague = bd.hi !== null && bd.earliestEnd !== null && bd.earliestEnd !== bd.hi;
    var begin = null, end = null;
    if (bd.lo !== null) begin = beginVague ? 'began between ' + longDate(bd.lo) + ' and ' + longDate(bd.latestBegin) : longDate(bd.lo);
    else if (bd.latestBegin !== null) begin = 'began before ' + longDate(bd.latestBegin);
    if (bd.hi !== null) end = endVague ? 'ended between ' + longDate(bd.earliestEnd) + ' and ' + longDate(bd.hi) : longDate(bd.hi);
    else if (bd.earliestEnd !== null) end = (ev.status === 'ongoing' ? 'still going after ' : 'ended after ') + longDate(bd.earliestEnd);
    var plainBegin = bd.lo !== null && !beginVague, plainEnd = bd.hi !== null && !endVague;
    if (plainBegin && plainEnd) return begin + ' – ' + end;
    if (begin === null && plainEnd) return 'before ' + end;
    if (plainBegin && end === null) return (ev.status === 'ongoing' ? 'since ' : 'after ') + begin;
    if (begin === null && end === null) return 'dates not known';
    return [begin || 'begin not known', end || 'end not known'].join('; ');
  }

  /** The normalised values themselves: "2020-11-01 – 2020-11-30 (precision: month)". */
  function normalisedDates(ev) {
    var b = first(ev.begin, ev.earliestBegin), e = first(ev.end, ev.latestEnd);
    var text;
    if (b && e) text = b === e ? b : b + ' – ' + e;
    else {
      var parts = [];
      if (b) parts.push('begin ' + b);
      else if (ev.latestBegin) parts.push('latest begin ' + ev.latestBegin);
      else parts.push('begin open');
      if (e) parts.push('end ' + e);
      else if (ev.earliestEnd) parts.push('earliest end ' + ev.earliestEnd);
      else parts.push('end open');
      text = parts.join(', ');
    }
    var extra = [];
    if (ev.precision) extra.push('precision: ' + ev.precision);
    if (ev.timeValue) extra.push('value: ' + ev.timeValue);
    return extra.length ? text + ' (' + extra.join('; ') + ')' : text;
  }

  // ---------------------------------------------------------------------------------------
  // the view in the URL

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = {
      from: params.get('from') || '',
      to: params.get('to') || '',
      lanes: params.get('lanes') || '',
      event: idPath(params.get('event') || '')
    };
    if (!Object.prototype.hasOwnProperty.call(LANES, state.lanes)) state.lanes = '';
    LIST_PARAMS.forEach(function (name) {
      state[name] = params.getAll(name).filter(function (v) { return v; });
    });
    return state;
  }

  function stateQuery(state, withView) {
    var params = new URLSearchParams();
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
    LIST_PARAMS.forEach(function (name) {
      state[name].forEach(function (v) { params.append(name, v); });
    });
    if (withView) {
      if (state.lanes) params.set('lanes', state.lanes);
      if (state.event) params.set('event', state.event);
    }
    return params;
  }

  function writeUrl(push) {
    // slashes and colons need no escaping in a query string: keep shared links readable
    var qs = stateQuery(state, true).toString().replace(/%2F/gi, '/').replace(/%3A/gi, ':');
    var url = window.location.pathname + (qs ? '?' + qs : '') + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }

  // ---------------------------------------------------------------------------------------
  // the API

  function fetchJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (body) {
          if (!response.ok) {
            var message = body && typeof body.error === 'string' ? body.error : response.status + ' ' + response.statusText;
            throw new Error(message);
          }
          if (!body || typeof body !== 'object') throw new Error('the server sent no JSON');
          return body;
        });
      });
  }

  async function fetchTimeline(state) {
    var events = [], undated = [], seenUndated = {};
    var offset = 0, total = null, window_ = null;
    for (var guard = 0; guard < 1000; guard++) {
      var params = stateQuery(state, false);
      params.set('offset', String(offset));
      params.set('limit', String(PAGE_LIMIT));
      var page = await fetchJson(timelineApi + '?' + params.toString());
      var got = Array.isArray(page.events) ? page.events : [];
      events = events.concat(got);
      (Array.isArray(page.undated) ? page.undated : []).forEach(function (ev) {
        if (ev && !seenUndated[ev.id]) { seenUndated[ev.id] = true; undated.push(ev); }
      });
      if (window_ === null) window_ = page.window || null;
      total = typeof page.total === 'number' ? page.total : events.length;
      offset += got.length;
      // `total` may count the undated events too: a short page is the last one
      var pageSize = typeof page.limit === 'number' && page.limit > 0 ? page.limit : PAGE_LIMIT;
      if (!got.length || offset >= total || got.length < pageSize) break;
    }
    return { events: events, undated: undated, total: total, window: window_ };
  }

  // ---------------------------------------------------------------------------------------
  // the page's parts

  var state = readState();
  var facets = { actors: [], types: [], sources: [], origins: [] };
  var data = { events: [], undated: [], byHref: {}, byId: {} };
  var itemsOfEvent = {}; // event href -> vis item ids
  var eventOfItem = {};  // vis item id -> event
  var listOpen = true; // the list of dated events (the accessible twin of the timeline)
  var requestNumber = 0;
  var detailsNumber = 0;
  var lastFocus = null;
  var timeline = null;
  var currentItems = null;
  var openReach = 30 * DAY; // how far, in time, the open side of a bar reaches and fades

  root.classList.add('enhanced');
  root.setAttribute('aria-label', 'Timeline of the events (a list of the same events follows it)');
  root.setAttribute('role', 'region');

  var controls = el('form', { id: 'timeline-filters', class: 'filters', role: 'search', 'aria-label': 'Filter the timeline' });
  var serverForm = document.getElementById('timeline-filters');
  if (serverForm && serverForm.parentNode) serverForm.parentNode.replaceChild(controls, serverForm);
  else root.parentNode.insertBefore(controls, root);

  var toolbar = el('div', { class: 'timeline-toolbar', role: 'group', 'aria-label': 'Zoom' });
  root.parentNode.insertBefore(toolbar, root);
  var status = el('p', { class: 'timeline-status', role: 'status', 'aria-live': 'polite' });
  root.parentNode.insertBefore(status, root);
  var errorBox = el('p', { class: 'error', role: 'alert', hidden: true });
  root.parentNode.insertBefore(errorBox, root);

  var canvas = el('div', { class: 'timeline-canvas' });
  clear(root);
  root.appendChild(canvas);

  var panel = el('aside', { id: 'event-details', class: 'details', tabindex: '-1', 'aria-labelledby': 'event-details-title', hidden: true });
  var lists = el('section', { id: 'timeline-lists', class: 'timeline-lists', 'aria-label': 'The events as lists' });
  var after = root.nextSibling;
  root.parentNode.insertBefore(panel, after);
  root.parentNode.insertBefore(lists, after);

  function showError(message) {
    if (message) {
      errorBox.textContent = message;
      errorBox.hidden = false;
    } else {
      errorBox.textContent = '';
      errorBox.hidden = true;
    }
  }

  // --- filters ---------------------------------------------------------------------------

  var facetDefs = {
    // `param` is what the server puts in the URL for a facet; without it: the /id/ path of
    // an actor, the local name of a type, the slug of an article
    actor: {
      title: 'Actors', key: 'actors',
      param: function (f) { return f.param || idPath(f.href || f.id); },
      label: function (f) { return f.label || localName(f.id); },
      matches: function (f, v) { return v === f.param || v === f.id || v === f.href || idPath(v) === idPath(f.href || f.id); }
    },
    type: {
      title: 'Event types', key: 'types',
      param: function (f) { return f.param || localName(f.id) || f.id; },
      label: function (f) { return f.label || localName(f.id); },
      matches: function (f, v) { return v === f.param || v === f.id || v === localName(f.id); }
    },
    origin: {
      title: 'Curated or automatic', key: 'origins',
      param: function (f) { return f.param || f.id; },
      label: function (f) { return f.label || f.id; },
      matches: function (f, v) { return v === f.param || v === f.id; }
    },
    source: {
      title: 'Sources', key: 'sources',
      param: function (f) {
        var m = /^\/id\/article\/(.+)$/.exec(f.href || '');
        return f.param || (m ? m[1] : f.id);
      },
      label: function (f) { return f.headline || f.label || localName(f.id); },
      matches: function (f, v) {
        var m = /^\/id\/article\/(.+)$/.exec(f.href || '');
        return v === f.param || v === f.id || v === f.href || (m !== null && v === m[1]);
      }
    }
  };

  function buildControls() {
    clear(controls);
    var fromInput = el('input', { type: 'date', name: 'from', id: 'filter-from', value: state.from });
    var toInput = el('input', { type: 'date', name: 'to', id: 'filter-to', value: state.to });
    var dates = el('fieldset', { class: 'filter-dates' }, [
      el('legend', { text: 'Dates' }),
      el('label', { for: 'filter-from' }, 'From '), fromInput, ' ',
      el('label', { for: 'filter-to' }, 'to '), toInput
    ]);
    controls.appendChild(dates);

    LIST_PARAMS.forEach(function (name) {
      controls.appendChild(facetControl(name));
    });

    var lanes = el('select', { name: 'lanes', id: 'filter-lanes' });
    Object.keys(LANES).forEach(function (value) {
      var option = el('option', { value: value }, LANES[value]);
      if (value === state.lanes) option.selected = true;
      lanes.appendChild(option);
    });
    controls.appendChild(el('div', { class: 'filter-lanes' }, [el('label', { for: 'filter-lanes' }, 'Swimlanes by '), lanes]));

    var buttons = el('div', { class: 'filter-buttons' }, [
      el('button', { type: 'submit' }, 'Apply'),
      el('button', { type: 'button', class: 'filter-clear' }, 'Clear filters')
    ]);
    controls.appendChild(buttons);
  }

  function facetControl(name) {
    var def = facetDefs[name];
    var list = Array.isArray(facets[def.key]) ? facets[def.key] : [];
    var selected = state[name];
    var matched = {};
    var box = el('fieldset', { class: 'facet-options' }, el('legend', { class: 'visually-hidden', text: def.title }));
    list.forEach(function (f, i) {
      if (!f || typeof f.id !== 'string') return;
      var checked = selected.some(function (v, j) {
        if (def.matches(f, v)) { matched[j] = true; return true; }
        return false;
      });
      var id = 'facet-' + name + '-' + i;
      var input = el('input', { type: 'checkbox', name: name, id: id, value: def.param(f) });
      input.checked = checked;
      var count = typeof f.count === 'number' ? el('span', { class: 'count', text: '(' + f.count + ')' }) : null;
      box.appendChild(el('div', { class: 'facet-option' }, [input, ' ', el('label', { for: id }, [def.label(f), count ? ' ' : null, count])]));
    });
    // values in the URL that no facet offers stay visible so they can be removed
    selected.forEach(function (v, j) {
      if (matched[j]) return;
      var id = 'facet-' + name + '-x' + j;
      var input = el('input', { type: 'checkbox', name: name, id: id, value: v });
      input.checked = true;
      box.appendChild(el('div', { class: 'facet-option' }, [input, ' ', el('label', { for: id }, v)]));
    });
    if (!box.querySelector('input')) box.appendChild(el('p', { class: 'empty', text: 'none' }));
    var n = selected.length;
    var details = el('details', { class: 'facet facet-' + name, open: n > 0 }, [
      el('summary', null, [def.title, n ? el('span', { class: 'count', text: ' (' + n + ' selected)' }) : null]),
      box
    ]);
    return details;
  }

  function readControls() {
    var next = {
      from: controls.elements.from.value || '',
      to: controls.elements.to.value || '',
      lanes: controls.elements.lanes.value || '',
      event: state.event
    };
    LIST_PARAMS.forEach(function (name) {
      next[name] = Array.prototype.filter.call(controls.querySelectorAll('input[type=checkbox][name=' + name + ']'),
        function (input) { return input.checked; }).map(function (input) { return input.value; });
    });
    return next;
  }

  function sameQuery(a, b) {
    return stateQuery(a, false).toString() === stateQuery(b, false).toString();
  }

  function applyControls() {
    var next = readControls();
    if (next.from && next.to && next.from > next.to) {
      showError('The start date is after the end date.');
      return;
    }
    var requery = !sameQuery(state, next);
    var relane = next.lanes !== state.lanes;
    state = next;
    writeUrl(true);
    updateFacetSummaries();
    if (requery) load();
    else if (relane) draw();
  }

  function updateFacetSummaries() {
    LIST_PARAMS.forEach(function (name) {
      var summary = controls.querySelector('.facet-' + name + ' summary');
      if (!summary) return;
      clear(summary);
      var n = state[name].length;
      append(summary, [facetDefs[name].title, n ? el('span', { class: 'count', text: ' (' + n + ' selected)' }) : null]);
    });
  }

  // a date input changes with every digit typed: wait for a pause (or leaving the field)
  var dateTimer = null;
  function applyNow() {
    if (dateTimer) { clearTimeout(dateTimer); dateTimer = null; }
    applyControls();
  }
  controls.addEventListener('change', function (event) {
    if (event.target && event.target.type === 'date') {
      if (dateTimer) clearTimeout(dateTimer);
      dateTimer = setTimeout(applyNow, 900);
      return;
    }
    applyNow();
  });
  controls.addEventListener('focusout', function (event) {
    var t = event.target;
    if (t && t.type === 'date' && (dateTimer || t.value !== (state[t.name] || ''))) applyNow();
  });
  controls.addEventListener('submit', function (event) {
    event.preventDefault();
    applyNow();
  });
  controls.addEventListener('click', function (event) {
    if (event.target && event.target.classList.contains('filter-clear')) {
      state = { from: '', to: '', lanes: state.lanes, event: state.event, actor: [], type: [], source: [], origin: [] };
      writeUrl(true);
      buildControls();
      load();
    }
  });

  // --- zoom buttons ----------------------------------------------------------------------

  append(toolbar, [
    el('button', { type: 'button', 'data-zoom': 'in' }, 'Zoom in'),
    el('button', { type: 'button', 'data-zoom': 'out' }, 'Zoom out'),
    el('button', { type: 'button', 'data-zoom': 'fit' }, 'Show all')
  ]);
  toolbar.addEventListener('click', function (event) {
    var which = event.target && event.target.getAttribute('data-zoom');
    if (!which || !timeline) return;
    if (which === 'in') timeline.zoomIn(0.5);
    else if (which === 'out') timeline.zoomOut(0.5);
    else timeline.fit();
  });

  // --- drawing ---------------------------------------------------------------------------

  function laneKeys(ev) {
    var seen = {}, keys = [];
    function add(key, label) {
      key = key || '';
      if (seen[key]) return;
      seen[key] = true;
      keys.push({ key: key, label: label });
    }
    var list = state.lanes === 'actor' ? ev.actors : state.lanes === 'type' ? ev.types : ev.sources;
    (Array.isArray(list) ? list : []).forEach(function (x) {
      if (x && x.id) add(x.id, x.label || x.headline || localName(x.id));
    });
    if (!keys.length) add('', state.lanes === 'actor' ? '(no actor)' : state.lanes === 'type' ? '(no type)' : '(no source)');
    return keys;
  }

  function dataExtent(events) {
    var lo = null, hi = null;
    events.forEach(function (ev) {
      var bd = bounds(ev);
      [bd.lo, bd.hi, bd.beginAnchor, bd.endAnchor].forEach(function (t) {
        if (t === null) return;
        if (lo === null || t < lo) lo = t;
        if (hi === null || t > hi) hi = t;
      });
    });
    return { lo: lo, hi: hi };
  }

  // the mark of an event the automatic extraction found: never mistaken for a curated one
  function originBadge(ev) {
    if (ev.origin !== 'automatic') return null;
    var sure = typeof ev.confidence === 'number' ? ' ' + ev.confidence.toFixed(2) : '';
    return el('span', { class: 'origin-badge', title: 'found by the automatic extraction' + (sure ? ', confidence' + sure : ''),
                        text: 'automatic' + sure });
  }

  function itemContent(ev, period) {
    var content = el('span', { class: 'item-content', tabindex: '0', role: 'button', 'data-event': ev.href || idPath(ev.id) },
      el('span', { class: 'item-label', text: ev.label || localName(ev.id) }));
    if (ev.origin === 'automatic') append(content, [' ', originBadge(ev)]);
    if (period) append(content, [' ', el('span', { class: 'item-period', text: period })]);
    return content;
  }

  function itemTitle(ev, bd) {
    var types = (Array.isArray(ev.types) ? ev.types : []).map(function (t) { return t.label || localName(t.id); }).join(', ');
    return el('div', { class: 'item-tooltip' }, [
      el('strong', { text: ev.label || localName(ev.id) }),
      el('br'), describeDates(ev, bd),
      ev.timeText ? el('br') : null, ev.timeText ? '“' + ev.timeText + '”' : null,
      el('br'), [types, ev.status].filter(function (x) { return x; }).join(' · ')
    ]);
  }

  function buildItems(events) {
    var items = [], groups = {}, groupList = [];
    itemsOfEvent = {};
    eventOfItem = {};
    var extent = dataExtent(events);
    var span;
    var from = parseDate(state.from), to = parseDate(state.to);
    if (from !== null && to !== null) span = to + DAY - from;
    else if (extent.lo !== null) span = extent.hi - extent.lo + DAY;
    else span = 365 * DAY;
    // how far an open side reaches: a tenth of the view, at least a month
    var reach = openReach = Math.max(span * 0.1, 30 * DAY);

    events.forEach(function (ev, index) {
      if (!ev || typeof ev !== 'object') return;
      var bd = bounds(ev);
      if (!bd.dated) return;
      var period = null;
      var classes = [statusClass(ev.status)];
      if (ev.status === 'planned') classes.push('planned');
      if (ev.status === 'possible') classes.push('possible');
      if (ev.precision) classes.push('precision-' + String(ev.precision).replace(/[^a-z]/g, ''));
      if (ev.origin === 'automatic') classes.push('origin-automatic');
      var base = { className: '', title: itemTitle(ev, bd) };
      if (bd.oneDay && (ev.precision === 'day' || !ev.precision)) {
        base.type = 'point';
        base.start = bd.lo;
      } else {
        base.type = 'range';
        var start = bd.openBegin ? bd.beginAnchor - reach : bd.lo;
        var end = bd.openEnd ? bd.endAnchor + DAY + reach : bd.hi + DAY;
        if (end <= start) end = start + DAY;
        base.start = start;
        base.end = end;
        if (bd.openBegin) classes.push('open-begin');
        if (bd.openEnd) classes.push('open-end');
        if (ev.precision && ev.precision !== 'day') period = periodLabel(ev);
      }
      base.className = classes.join(' ');
      var key = ev.href || idPath(ev.id) || String(index);
      var lanes = state.lanes ? laneKeys(ev) : [null];
      lanes.forEach(function (lane, i) {
        var item = {};
        Object.keys(base).forEach(function (k) { item[k] = base[k]; });
        item.id = 'e' + index + (lane ? '-' + i : '');
        item.content = itemContent(ev, period);
        if (i > 0) item.title = itemTitle(ev, bd);
        if (lane) {
          item.group = 'g:' + lane.key;
          if (!groups[item.group]) {
            groups[item.group] = true;
            groupList.push({ id: item.group, label: lane.label, empty: !lane.key });
          }
        }
        items.push(item);
        eventOfItem[item.id] = ev;
        (itemsOfEvent[key] = itemsOfEvent[key] || []).push(item.id);
      });
    });
    groupList.sort(function (a, b) {
      if (a.empty !== b.empty) return a.empty ? 1 : -1;
      return a.label.localeCompare(b.label);
    });
    var groupItems = groupList.map(function (g, i) {
      return { id: g.id, order: i, content: el('span', { class: 'group-label', text: g.label }), title: g.label };
    });
    return { items: items, groups: state.lanes ? groupItems : null };
  }

  function timelineOptions() {
    return {
      stack: true,
      selectable: true,
      multiselect: false,
      zoomable: true,
      moveable: true,
      showTooltips: true,
      tooltip: { followMouse: true, overflowMethod: 'cap' },
      orientation: { axis: 'both', item: 'top' },
      margin: { item: { horizontal: 4, vertical: 6 } },
      zoomMin: DAY,
      zoomMax: 1000 * 365 * DAY,
      maxHeight: 640,
      verticalScroll: true,
      groupOrder: 'order',
      // the data's dates are calendar days: show them in UTC, not shifted by the local zone
      moment: function (date) { return vis.moment(date).utc(); }
    };
  }

  function draw() {
    var built = buildItems(data.events);
    var items = currentItems = new vis.DataSet(built.items);
    if (!timeline) {
      timeline = new vis.Timeline(canvas, items, timelineOptions());
      if (built.groups) timeline.setGroups(new vis.DataSet(built.groups));
      timeline.on('rangechange', updateFade);
      timeline.on('changed', updateFade);
      timeline.on('select', function (props) {
        var ids = props && props.items ? props.items : [];
        if (!ids.length) return;
        var ev = eventOfItem[ids[0]];
        if (ev) openEvent(ev.href || idPath(ev.id), { push: true, focus: true, from: 'timeline' });
      });
    } else {
      timeline.setData({ groups: built.groups ? new vis.DataSet(built.groups) : null, items: items });
    }
    canvas.hidden = !built.items.length;
    setWindow(built.items.length);
    updateFade();
    markSelected();
  }

  /**
   * The fade of an open side is `openReach` long in time: tell the CSS how many pixels that
   * is at the current zoom (vis-timeline clips very long bars, so a percentage of the bar
   * would not do).
   */
  function updateFade() {
    if (!timeline) return;
    var center = canvas.querySelector('.vis-panel.vis-center');
    var win = timeline.getWindow();
    var ms = +win.end - +win.start;
    if (!center || !(ms > 0)) return;
    var px = Math.max(8, Math.min(4000, openReach * center.clientWidth / ms));
    root.style.setProperty('--fade-px', px.toFixed(1) + 'px');
  }

  function setWindow(hasItems) {
    if (!timeline) return;
    var from = parseDate(state.from), to = parseDate(state.to);
    if (from !== null || to !== null) {
      var extent = dataExtent(data.events);
      var start = from !== null ? from : first(extent.lo, to - 365 * DAY);
      var end = to !== null ? to + DAY : first(extent.hi !== null ? extent.hi + DAY : null, from + 365 * DAY);
      if (end <= start) end = start + DAY;
      timeline.setWindow(start, end, { animation: false });
    } else if (hasItems) {
      timeline.fit({ animation: false });
    }
  }

  /** Pan (keeping the zoom) so that an item chosen from a list or link is in view. */
  function revealItem(id) {
    var item = currentItems ? currentItems.get(id) : null;
    if (!item) return;
    var win = timeline.getWindow();
    var start = +new Date(item.start), end = item.end ? +new Date(item.end) : start;
    if (end < +win.start || start > +win.end) timeline.moveTo(start + (end - start) / 2, { animation: false });
  }

  function markSelected() {
    if (!timeline) return;
    var ids = state.event ? itemsOfEvent[state.event] || [] : [];
    timeline.setSelection(ids);
  }

  // item content is focusable: Enter or Space opens it like a click
  canvas.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    var target = event.target && event.target.closest ? event.target.closest('.item-content') : null;
    if (!target) return;
    event.preventDefault();
    openEvent(target.getAttribute('data-event'), { push: true, focus: true, from: 'keyboard' });
  });

  // --- lists below the timeline ----------------------------------------------------------

  function eventEntry(ev) {
    var href = ev.href || idPath(ev.id);
    var a = link(href, ev.label || localName(ev.id), { class: 'event-link', 'data-event': href });
    var li = el('li', { class: statusClass(ev.status) + (ev.status === 'planned' || ev.status === 'possible' ? ' ' + ev.status : '') }, a);
    var when = describeDates(ev);
    var bits = [];
    if (when !== 'undated') bits.push(when);
    if (ev.status && ev.status !== 'happened' && !(ev.status === 'ongoing' && /still going/.test(when))) bits.push(ev.status);
    if (bits.length) append(li, [' ', el('span', { class: 'when', text: '(' + bits.join('; ') + ')' })]);
    if (ev.origin === 'automatic') append(li, [' ', originBadge(ev)]);
    return li;
  }

  function renderLists() {
    clear(lists);
    var dated = el('details', { class: 'dated-list', open: listOpen }, [
      el('summary', null, 'List of the ' + data.events.length + ' dated events shown'),
      el('ol', { class: 'event-list' }, data.events.map(eventEntry))
    ]);
    var undated = el('section', { class: 'undated', 'aria-labelledby': 'undated-title' }, [
      el('h2', { id: 'undated-title', text: 'Undated events (' + data.undated.length + ')' }),
      data.undated.length
        ? el('ul', { class: 'event-list' }, data.undated.map(eventEntry))
        : el('p', { text: 'None match these filters.' })
    ]);
    dated.addEventListener('toggle', function () { listOpen = dated.open; });
    append(lists, [dated, undated]);
    // the server's list is replaced by these once they are drawn
    Array.prototype.forEach.call(document.querySelectorAll('[data-timeline-fallback]'), function (node) {
      node.hidden = true;
    });
  }

  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var a = event.target && event.target.closest ? event.target.closest('a[data-event]') : null;
    if (!a || !(lists.contains(a) || panel.contains(a) || a.hasAttribute('data-timeline-link'))) return;
    event.preventDefault();
    openEvent(a.getAttribute('data-event'), { push: true, focus: true, from: 'link' });
  });

  // --- loading ---------------------------------------------------------------------------

  async function load() {
    var mine = ++requestNumber;
    root.setAttribute('aria-busy', 'true');
    root.classList.add('loading');
    status.textContent = 'Loading events…';
    showError('');
    try {
      var result = await fetchTimeline(state);
      if (mine !== requestNumber) return;
      data.events = result.events.filter(function (ev) { return ev && typeof ev === 'object'; });
      data.undated = result.undated.filter(function (ev) { return ev && typeof ev === 'object'; });
      data.byHref = {};
      data.events.concat(data.undated).forEach(function (ev) {
        data.byHref[ev.href || idPath(ev.id)] = ev;
      });
      draw();
      renderLists();
      var shown = data.events.length;
      status.textContent = shown + (shown === 1 ? ' dated event' : ' dated events') + ' on the timeline, ' +
        data.undated.length + ' undated listed below it.' + (shown ? '' : ' No dated event matches these filters.');
    } catch (error) {
      if (mine !== requestNumber) return;
      status.textContent = '';
      showError('The timeline could not be loaded: ' + error.message);
    } finally {
      if (mine === requestNumber) {
        root.removeAttribute('aria-busy');
        root.classList.remove('loading');
      }
    }
  }

  async function loadFacets() {
    try {
      var body = await fetchJson(facetsApi);
      facets = {
        actors: Array.isArray(body.actors) ? body.actors : [],
        types: Array.isArray(body.types) ? body.types : [],
        sources: Array.isArray(body.sources) ? body.sources : [],
        origins: Array.isArray(body.origins) ? body.origins : []
      };
    } catch (error) {
      showError('The filters could not be loaded: ' + error.message);
    }
    buildControls();
  }

  // --- the details panel -----------------------------------------------------------------

  function section(title, items) {
    if (!items || !items.length) return null;
    return el('section', { class: 'details-section' }, [el('h3', { text: title }), el('ul', null, items)]);
  }

  function renderDetails(ev) {
    clear(panel);
    var close = el('button', { type: 'button', class: 'details-close', 'aria-label': 'Close the details' }, 'Close');
    close.addEventListener('click', function () { closeDetails(true); });
    var types = (Array.isArray(ev.types) ? ev.types : []).map(function (t) {
      return link(t.href, t.label || localName(t.id));
    });
    var header = el('header', { class: 'details-header' }, [
      el('h2', { id: 'event-details-title', text: ev.label || localName(ev.id) }),
      close
    ]);
    var typeList = [];
    types.forEach(function (t, i) { if (i) typeList.push(', '); typeList.push(t); });
    var meta = el('p', { class: 'details-meta' }, typeList.concat([
      types.length && ev.status ? ' · ' : null,
      ev.status ? el('span', { class: 'badge ' + statusClass(ev.status) + (ev.status === 'planned' || ev.status === 'possible' ? ' ' + ev.status : ''), text: ev.status }) : null,
      ' · ', ev.origin === 'automatic' ? originBadge(ev) : null, ev.origin === 'automatic' ? ' found by the automatic extraction' : 'curated'
    ]));
    var when = el('dl', { class: 'details-when' }, [
      el('dt', { text: 'As the text says' }),
      el('dd', { text: ev.timeText ? '“' + ev.timeText + '”' : 'the text gives no time' }),
      el('dt', { text: 'Normalised' }),
      el('dd', null, [normalisedDates(ev), el('br'), el('span', { class: 'when', text: describeDates(ev) })])
    ]);

    var actors = (Array.isArray(ev.actors) ? ev.actors : []).map(function (a) {
      return el('li', null, [link(a.href, a.label || localName(a.id)), a.role ? el('span', { class: 'role', text: ' — ' + a.role }) : null]);
    });
    var places = (Array.isArray(ev.places) ? ev.places : []).map(function (p) {
      return el('li', null, link(p.href, p.label || localName(p.id)));
    });
    var related = (Array.isArray(ev.related) ? ev.related : []).map(function (r) {
      var href = r.href || idPath(r.id);
      return el('li', null, [
        r.relation ? el('span', { class: 'relation', text: r.relation + ': ' }) : null,
        link(href, r.label || localName(r.id), { 'data-event': href })
      ]);
    });
    var claims = (Array.isArray(ev.claims) ? ev.claims : []).map(function (c) {
      var by = (Array.isArray(c.by) ? c.by : []);
      var li = el('li', { class: 'claim' }, link(c.href, c.label || localName(c.id)));
      if (c.text && c.text !== c.label) append(li, el('q', { text: c.text }));
      if (by.length) {
        var who = el('span', { class: 'claim-by' }, ' — claimed by ');
        by.forEach(function (b, i) {
          if (i) append(who, ', ');
          append(who, link(b.href, b.label || localName(b.id)));
        });
        append(li, who);
      }
      return li;
    });
    var evidence = (Array.isArray(ev.evidence) ? ev.evidence : []).map(function (e) {
      var src = e.source || {};
      var quote = el('p', null, [
        e.before ? e.before : null,
        el('mark', { class: 'evidence', text: e.exact || '' }),
        e.after ? e.after : null
      ]);
      var caption = el('figcaption', null, [
        '— ',
        link(e.href || src.href, src.headline || localName(src.id) || 'the article'),
        typeof e.start === 'number' && typeof e.end === 'number' ? el('span', { class: 'offsets', text: ' (characters ' + e.start + '–' + e.end + ')' }) : null
      ]);
      return el('li', null, el('figure', { class: 'evidence-item' }, [el('blockquote', null, quote), caption]));
    });
    var sources = (Array.isArray(ev.sources) ? ev.sources : []).map(function (s) {
      return el('li', null, link(s.href, s.headline || localName(s.id)));
    });

    append(panel, [
      header, meta, when,
      section('Actors', actors),
      section('Places', places),
      section('Related events', related),
      section('Claims', claims),
      section('Evidence', evidence),
      section('Sources', sources),
      el('p', { class: 'details-links' }, link(ev.href || idPath(ev.id), 'The event’s own page'))
    ]);
  }

  async function openEvent(href, options) {
    options = options || {};
    href = idPath(href || '');
    if (!href) return;
    var mine = ++detailsNumber;
    if (options.focus && !panel.contains(document.activeElement)) lastFocus = document.activeElement;
    var changed = state.event !== href;
    state.event = href;
    if (changed) writeUrl(!!options.push);
    var ids = itemsOfEvent[href] || [];
    if (timeline) {
      timeline.setSelection(ids);
      if (options.from === 'link' && ids.length) revealItem(ids[0]);
    }
    var path = safeHref(href) ? href.replace(/^\/(id\/)?/, '') : null;
    var known = data.byHref[href];
    if (!path) return;
    panel.hidden = false;
    panel.setAttribute('aria-busy', 'true');
    if (known) renderDetails(known);
    else {
      clear(panel);
      panel.appendChild(el('p', { text: 'Loading the event…' }));
    }
    if (options.focus) panel.focus();
    try {
      var ev = await fetchJson(eventsApi + path);
      if (mine !== detailsNumber) return;
      renderDetails(ev);
    } catch (error) {
      if (mine !== detailsNumber) return;
      if (!known) clear(panel);
      panel.appendChild(el('p', { class: 'error', role: 'alert', text: 'The details could not be loaded: ' + error.message }));
    } finally {
      if (mine === detailsNumber) panel.removeAttribute('aria-busy');
    }
    if (options.focus && !panel.contains(document.activeElement)) panel.focus();
  }

  function canTakeFocus(node) {
    return !!node && node !== document.body && document.body.contains(node) && typeof node.focus === 'function';
  }

  function closeDetails(push) {
    if (panel.hidden) return;
    var closed = state.event;
    detailsNumber++;
    panel.hidden = true;
    clear(panel);
    state.event = '';
    writeUrl(push);
    if (timeline) timeline.setSelection([]);
    var back = lastFocus;
    lastFocus = null;
    // a mouse click on the timeline leaves the focus nowhere: go back to the item that was clicked
    if (!canTakeFocus(back)) {
      back = Array.prototype.find.call(canvas.querySelectorAll('.item-content[data-event]'), function (node) {
        return node.getAttribute('data-event') === closed;
      });
    }
    if (canTakeFocus(back)) back.focus();
    else {
      root.setAttribute('tabindex', '-1');
      root.focus();
    }
  }

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !panel.hidden) {
      event.preventDefault();
      closeDetails(true);
    }
  });

  // back/forward: take the view from the URL again
  window.addEventListener('popstate', function () {
    var next = readState();
    var requery = !sameQuery(state, next);
    var relane = next.lanes !== state.lanes;
    var eventChanged = next.event !== state.event;
    state = next;
    buildControls();
    if (requery) load().then(afterLoad);
    else if (relane) draw();
    if (eventChanged && !requery) afterLoad();

    function afterLoad() {
      if (state.event) openEvent(state.event, { push: false, focus: false, from: 'url' });
      else if (!panel.hidden) {
        panel.hidden = true;
        clear(panel);
        if (timeline) timeline.setSelection([]);
      }
    }
  });

  // --- start -----------------------------------------------------------------------------

  buildControls();
  Promise.all([loadFacets(), load()]).then(function () {
    if (state.event) openEvent(state.event, { push: false, focus: false, from: 'url' });
  });
})();
