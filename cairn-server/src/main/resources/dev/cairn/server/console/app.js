// Cairn console: one page, no framework, no build step. Every action is an operation call through
// POST /console/api/{service}/{operation}, checked and recorded like an API call.
'use strict';

(function () {
  const ATTRIBUTES = ['Username', 'EventName', 'EventSource', 'ResourceType', 'ResourceName', 'AccessKeyId', 'EventId', 'ReadOnly'];
  const ATTRIBUTE_LABELS = {
    Username: 'User name', EventName: 'Event name', EventSource: 'Event source', ResourceType: 'Resource type',
    ResourceName: 'Resource name', AccessKeyId: 'AWS access key', EventId: 'Event ID', ReadOnly: 'Read-only'
  };
  const RANGES = [['1h', 'Last hour', 3600], ['24h', 'Last 24 hours', 86400], ['7d', 'Last 7 days', 7 * 86400], ['90d', 'Last 90 days', 90 * 86400]];
  const COLUMNS = [
    ['time', 'Event time', e => formatTime(e.EventTime)],
    ['user', 'User name', e => e.Username || ''],
    ['name', 'Event name', e => e.EventName],
    ['source', 'Event source', e => e.EventSource],
    ['resourceType', 'Resource type', e => (e.Resources || []).map(r => r.ResourceType).join(', ')],
    ['resourceName', 'Resource name', e => (e.Resources || []).map(r => r.ResourceName).join(', ')],
    ['accessKey', 'AWS access key', e => e.AccessKeyId || ''],
    ['sourceIp', 'Source IP address', e => record(e).sourceIPAddress || ''],
    ['errorCode', 'Error code', e => record(e).errorCode || '']
  ];
  const PAGE_SIZES = [25, 50];
  const DOWNLOAD_LIMIT = 2000;

  const state = {
    session: null,
    region: null,
    live: null,
    liveBuffer: [],
    livePaused: false
  };

  // ---------- helpers ----------

  function $(selector, root) { return (root || document).querySelector(selector); }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'text') node.textContent = value;
      else if (key === 'className') node.className = value;
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    return node;
  }

  function formatTime(seconds) {
    if (seconds === undefined || seconds === null) return '';
    const date = new Date(seconds * 1000);
    const pad = n => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' ' +
      pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }

  function record(event) {
    if (!event._record) {
      try { event._record = JSON.parse(event.CloudTrailEvent); } catch (e) { event._record = {}; }
    }
    return event._record;
  }

  function toast(text) {
    const box = $('#toast');
    box.textContent = text;
    box.classList.add('show');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => box.classList.remove('show'), 2500);
  }

  class ApiError extends Error {
    constructor(status, type, message) {
      super(message);
      this.status = status;
      this.type = type;
    }
    describe() { return (this.type ? this.type + ': ' : '') + this.message; }
  }

  async function call(service, operation, input) {
    const response = await fetch('/console/api/' + service + '/' + operation, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'X-Cairn-Csrf': state.session ? state.session.csrfToken : '',
        'X-Cairn-Region': state.region || ''
      },
      body: JSON.stringify(input || {})
    });
    let body = {};
    try { body = await response.json(); } catch (e) { body = {}; }
    if (response.status === 401) {
      signedOut('Your session has ended. Sign in again.');
      throw new ApiError(401, 'NotSignedIn', body.message || 'Not signed in.');
    }
    if (!response.ok) {
      const type = (body.__type || '').split('#').pop();
      throw new ApiError(response.status, type, body.message || body.Message || ('HTTP ' + response.status));
    }
    return body;
  }

  function alertBox(error) {
    return el('div', { className: 'alert', role: 'alert' }, error instanceof ApiError ? error.describe() : String(error.message || error));
  }

  function setMain(...children) {
    $('#main').replaceChildren(...children.filter(Boolean));
  }

  function focusMain() {
    $('#main').focus({ preventScroll: true });
  }

  // ---------- routing ----------

  /** Goes to a hash, or shows it again when it is already the current one (a search repeated). */
  function navigate(hash) {
    if (location.hash === hash) route(); else location.hash = hash;
  }

  /** Whether the page that was shown when `token` was taken is still the one on screen (pages load asynchronously). */
  function stillShown(token) {
    return token === state.routeToken;
  }

  function route() {
    state.routeToken = (state.routeToken || 0) + 1;
    stopLive();
    state.liveSuspended = false;
    state.resumeLive = null;
    state.liveStateChanged = null;
    const hash = location.hash || '#/events';
    if (!state.session) return;
    if (state.session.passwordResetRequired) return changePasswordPage();
    const [path, query] = hash.slice(1).split('?');
    for (const link of document.querySelectorAll('header nav a')) {
      link.toggleAttribute('aria-current', false);
      if (path.startsWith(link.getAttribute('href').slice(1))) link.setAttribute('aria-current', 'page');
    }
    if (path === '/switchrole') return switchRolePage();
    if (path === '/trails') return trailsPage();
    if (path === '/trails/new') return trailForm(null);
    if (path.startsWith('/trails/edit/')) return trailForm(decodeURIComponent(path.slice('/trails/edit/'.length)));
    if (path.startsWith('/trails/')) return trailPage(decodeURIComponent(path.slice('/trails/'.length)));
    return eventsPage(new URLSearchParams(query || ''));
  }

  // ---------- session ----------

  async function start() {
    $('#signout').addEventListener('click', signOut);
    $('#switch-role').addEventListener('click', () => navigate('#/switchrole'));
    $('#switch-back').addEventListener('click', switchBack);
    $('#region').addEventListener('change', event => {
      state.region = event.target.value;
      localStorage.setItem('cairn.region', state.region);
      // a trail's page names a trail of the old region: show the new region's list
      if ((location.hash || '').startsWith('#/trails/')) location.hash = '#/trails'; else route();
    });
    window.addEventListener('hashchange', route);
    // a live stream holds one of the browser's few connections to this server: never leave one open behind the page
    // (a page kept in the back-forward cache would keep it otherwise); show the page afresh when it comes back
    window.addEventListener('pagehide', stopLive);
    // nor in a background tab (browsers allow about six connections to one server over HTTP/1.1): the stream stops
    // while the tab is hidden; back in view, the page reloads its events and listens again
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) {
        if (state.live) {
          state.liveSuspended = true;
          stopLive();
        }
      } else if (state.liveSuspended) {
        state.liveSuspended = false;
        if (state.resumeLive) state.resumeLive();
      }
    });
    window.addEventListener('pageshow', event => { if (event.persisted && state.session) route(); });
    const response = await fetch('/console/session', { credentials: 'same-origin' });
    const session = response.ok ? await response.json() : { signedIn: false };
    if (session.signedIn) signedIn(session); else signInPage();
  }

  function signedIn(session) {
    state.session = session;
    const saved = localStorage.getItem('cairn.region');
    state.region = session.regions.includes(saved) ? saved : session.regions[0];
    if (session.passwordResetRequired) return changePasswordPage();
    const select = $('#region');
    select.replaceChildren(...session.regions.map(region => el('option', { value: region, selected: region === state.region }, region)));
    showIdentity(session);
    $('#top').hidden = false;
    route();
  }

  /**
   * Who the console acts as: the signed-in user, or after a switch of role the role session (role/session @ account,
   * with its display name); the root user cannot switch role.
   */
  function showIdentity(session) {
    const role = session.role;
    const who = $('#who');
    if (role) {
      who.textContent = role.roleName + '/' + role.sessionName + ' @ ' + role.accountId;
      who.title = role.arn + ' (signed in as ' + session.arn + ')';
    } else {
      who.textContent = (session.userName || 'root') + ' @ ' + session.accountId;
      who.title = session.arn;
    }
    const label = $('#role-label');
    label.textContent = role && role.displayName ? role.displayName : '';
    label.hidden = !(role && role.displayName);
    $('#switch-role').hidden = Boolean(session.root);
    $('#switch-back').hidden = !role;
  }

  /** Asks the server who the session is now (another tab may have switched role), and shows it. */
  async function refreshSession() {
    const response = await fetch('/console/session', { credentials: 'same-origin' });
    const session = response.ok ? await response.json() : { signedIn: false };
    if (session.signedIn) signedIn(session); else signedOut('Your session has ended. Sign in again.');
  }

  /** A switch of role or back: a form POST with the CSRF token; answers the session, or an error. */
  async function postSwitch(path, fields) {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-Cairn-Csrf': state.session.csrfToken },
      body: new URLSearchParams(fields || {})
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) {
      signedOut('Your session has ended. Sign in again.');
      throw new ApiError(401, 'NotSignedIn', body.message || 'Not signed in.');
    }
    if (!response.ok) {
      throw new ApiError(response.status, (body.__type || '').split('#').pop(), body.message || ('HTTP ' + response.status));
    }
    return body;
  }

  async function switchBack() {
    try {
      const session = await postSwitch('/console/switchback');
      toast('Back to ' + (session.userName || 'root') + ' @ ' + session.accountId);
      state.session = session;
      showIdentity(session);
      navigate('#/events');
    } catch (error) {
      if (error.status !== 401) toast(error instanceof ApiError ? error.describe() : String(error.message || error));
    }
  }

  /**
   * "Switch role": an account (ID or alias) and a role (its name, after its path if any), as in AWS's console. The
   * role's trust policy and the signed-in user's policies decide; the session is named after the user and lasts an
   * hour. The roles switched to before are one click away.
   */
  function switchRolePage() {
    const account = el('input', { type: 'text', id: 'switch-account', name: 'account', required: true, autocomplete: 'off' });
    const role = el('input', { type: 'text', id: 'switch-role-name', name: 'role', required: true, autocomplete: 'off', placeholder: 'path/role-name' });
    const display = el('input', { type: 'text', id: 'switch-display-name', name: 'displayName', maxlength: 64, autocomplete: 'off' });
    const status = el('div', { id: 'switch-role-status', role: 'alert' });
    const submit = el('button', { type: 'submit', className: 'primary', id: 'switch-role-submit' }, 'Switch role');
    async function switchTo(fields) {
      status.replaceChildren();
      submit.disabled = true;
      try {
        const session = await postSwitch('/console/switchrole', fields);
        toast('Switched to ' + session.role.roleName + ' @ ' + session.role.accountId);
        state.session = session;
        showIdentity(session);
        navigate('#/events');
      } catch (error) {
        if (error.status !== 401) status.replaceChildren(alertBox(error));
        submit.disabled = false;
      }
    }
    const form = el('form', { className: 'panel switch-role', id: 'switch-role-form', onsubmit: event => {
      event.preventDefault();
      switchTo({ account: account.value.trim(), role: role.value.trim(), displayName: display.value.trim() });
    } },
    el('h1', {}, 'Switch role'),
    el('p', { className: 'muted' }, 'Act as a session of an IAM role of this or another account. The role\'s trust policy and your own policies decide; ' +
      'the session is named ' + state.session.userName + ' and lasts an hour. Switch back to act as ' + state.session.userName + ' again.'),
    el('div', { className: 'field' }, el('label', { for: 'switch-account' }, 'Account ID or alias'), account),
    el('div', { className: 'field' }, el('label', { for: 'switch-role-name' }, 'IAM role name'), role,
      el('span', { className: 'hint' }, 'With its path, if it has one: path/role-name')),
    el('div', { className: 'field' }, el('label', { for: 'switch-display-name' }, 'Display name (optional)'), display),
    status,
    el('div', { className: 'actions' }, submit, el('a', { className: 'button', href: '#/events' }, 'Cancel')));
    const recent = state.session.recentRoles || [];
    const history = recent.length ? el('section', { className: 'panel', id: 'recent-roles' }, el('h2', {}, 'Role history'),
      el('ul', { className: 'recent-roles' }, recent.map(named => el('li', {}, el('button', {
        type: 'button', className: 'link', 'data-account': named.account, 'data-role': named.role,
        onclick: () => switchTo({ account: named.account, role: named.role, displayName: named.displayName || '' })
      }, (named.displayName ? named.displayName + ' · ' : '') + named.role + ' @ ' + named.account))))) : null;
    setMain(form, history);
    account.focus();
  }

  function signedOut(message) {
    stopLive();
    state.session = null;
    $('#top').hidden = true;
    signInPage(message);
  }

  async function signOut() {
    try {
      await fetch('/console/signout', { method: 'POST', credentials: 'same-origin', headers: { 'X-Cairn-Csrf': state.session.csrfToken } });
    } finally {
      signedOut('You have signed out.');
    }
  }

  function signInPage(message) {
    const root = localStorage.getItem('cairn.signin.root') === 'true';
    const account = el('input', { type: 'text', id: 'account', name: 'account', required: true, autocomplete: 'organization', value: localStorage.getItem('cairn.account') || '' });
    const user = el('input', { type: 'text', id: 'username', name: 'username', autocomplete: 'username', value: localStorage.getItem('cairn.username') || '' });
    const password = el('input', { type: 'password', id: 'password', name: 'password', required: true, autocomplete: 'current-password' });
    const userField = el('div', { className: 'field', hidden: root }, el('label', { for: 'username' }, 'IAM user name'), user);
    const status = el('div', { id: 'signin-status', role: 'alert' });
    const kind = (value, label) => el('label', {}, el('input', {
      type: 'radio', name: 'kind', value, checked: (value === 'root') === root,
      onchange: () => { userField.hidden = value === 'root'; }
    }), label);
    const form = el('form', { className: 'panel signin', id: 'signin', novalidate: true, onsubmit: async event => {
      event.preventDefault();
      status.replaceChildren();
      const asRoot = form.querySelector('input[name=kind]:checked').value === 'root';
      const body = new URLSearchParams({ account: account.value.trim(), username: asRoot ? '' : user.value.trim(), password: password.value });
      const response = await fetch('/console/signin', { method: 'POST', credentials: 'same-origin', body });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        status.replaceChildren(el('div', { className: 'alert' }, answer.message || ('Sign-in failed (HTTP ' + response.status + ').')));
        password.value = '';
        password.focus();
        return;
      }
      localStorage.setItem('cairn.account', account.value.trim());
      localStorage.setItem('cairn.username', asRoot ? '' : user.value.trim());
      localStorage.setItem('cairn.signin.root', String(asRoot));
      if (!location.hash) history.replaceState(null, '', '#/events');
      signedIn(answer);
    } },
    el('div', { className: 'brand' }, el('img', { src: '/console/assets/cairn.svg', alt: '', width: 28, height: 28 }), 'Sign in to Cairn'),
    message ? el('p', { className: 'muted' }, message) : null,
    el('fieldset', {}, el('legend', {}, 'Sign in as'), el('div', { className: 'row' }, kind('iam', 'IAM user'), kind('root', 'Root user'))),
    el('div', { className: 'field' }, el('label', { for: 'account' }, 'Account ID or alias'), account),
    userField,
    el('div', { className: 'field' }, el('label', { for: 'password' }, 'Password'), password),
    status,
    el('button', { type: 'submit', className: 'primary', id: 'signin-submit' }, 'Sign in'));
    setMain(form);
    (account.value ? (root ? password : (user.value ? password : user)) : account).focus();
  }

  /** A user whose login profile requires a new password sets one before anything else (iam:ChangePassword). */
  function changePasswordPage() {
    $('#top').hidden = true;
    const field = (id, label, autocomplete) => el('div', { className: 'field' }, el('label', { for: id }, label),
      el('input', { type: 'password', id, required: true, autocomplete }));
    const status = el('div', { id: 'change-password-status', role: 'alert' });
    const form = el('form', { className: 'panel signin', id: 'change-password', onsubmit: async event => {
      event.preventDefault();
      status.replaceChildren();
      const next = $('#new-password').value;
      if (next !== $('#confirm-password').value) {
        status.replaceChildren(el('div', { className: 'alert' }, 'The new passwords do not match.'));
        return;
      }
      try {
        await call('iam', 'ChangePassword', { OldPassword: $('#old-password').value, NewPassword: next });
        state.session.passwordResetRequired = false;
        toast('Password changed');
        signedIn(state.session);
      } catch (error) {
        status.replaceChildren(alertBox(error));
      }
    } },
    el('div', { className: 'brand' }, 'Choose a new password'),
    el('p', { className: 'muted' }, 'Your administrator requires you to change your password (' + state.session.userName + ' @ ' + state.session.accountId +
      '). It needs at least 8 characters, with three of: upper case, lower case, digits, symbols.'),
    field('old-password', 'Current password', 'current-password'),
    field('new-password', 'New password', 'new-password'),
    field('confirm-password', 'New password again', 'new-password'),
    status,
    el('div', { className: 'actions' }, el('button', { type: 'submit', className: 'primary', id: 'change-password-submit' }, 'Change password'),
      el('button', { type: 'button', className: 'link', onclick: signOut }, 'Sign out')));
    setMain(form);
    $('#old-password').focus();
  }

  // ---------- event history ----------

  function searchFromParams(params) {
    const search = {
      attributes: params.getAll('attr').map(pair => {
        const at = pair.indexOf(':');
        return { key: pair.slice(0, at), value: pair.slice(at + 1) };
      }).filter(a => ATTRIBUTES.includes(a.key)),
      range: params.get('range') || '24h',
      from: params.get('from') || '',
      to: params.get('to') || '',
      readOnly: params.get('readOnly') || '',
      errorsOnly: params.get('errors') === 'true',
      pageSize: PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : 50
    };
    return search;
  }

  function paramsFromSearch(search) {
    const params = new URLSearchParams();
    for (const a of search.attributes) if (a.value !== '') params.append('attr', a.key + ':' + a.value);
    params.set('range', search.range);
    if (search.range === 'custom') { params.set('from', search.from); params.set('to', search.to); }
    if (search.readOnly) params.set('readOnly', search.readOnly);
    if (search.errorsOnly) params.set('errors', 'true');
    if (search.pageSize !== 50) params.set('size', String(search.pageSize));
    return params;
  }

  /** The LookupEvents members of a search, and the console's own options. */
  function lookupInput(search) {
    const input = { LookupAttributes: [] };
    for (const a of search.attributes) if (a.value !== '') input.LookupAttributes.push({ AttributeKey: a.key, AttributeValue: a.value });
    if (search.readOnly) input.LookupAttributes.push({ AttributeKey: 'ReadOnly', AttributeValue: search.readOnly });
    const now = Math.floor(Date.now() / 1000);
    if (search.range === 'custom') {
      if (search.from) input.StartTime = Math.floor(new Date(search.from).getTime() / 1000);
      if (search.to) input.EndTime = Math.floor(new Date(search.to).getTime() / 1000);
    } else {
      const range = RANGES.find(r => r[0] === search.range) || RANGES[1];
      input.StartTime = now - range[2];
      input.EndTime = now;
    }
    if (search.errorsOnly) input.Cairn = { ErrorsOnly: true };
    return input;
  }

  function visibleColumns() {
    const saved = localStorage.getItem('cairn.columns');
    const all = COLUMNS.map(c => c[0]);
    if (!saved) return all;
    const chosen = saved.split(',').filter(c => all.includes(c));
    return chosen.length ? chosen : all;
  }

  function eventsPage(params) {
    const search = searchFromParams(params);
    const view = {
      search, input: lookupInput(search), tokens: [null], page: 0, events: [], columns: visibleColumns()
    };

    const attributeRows = el('div', { id: 'attribute-rows' });
    const addRow = (key, value) => {
      const select = el('select', { 'aria-label': 'Attribute', className: 'attribute-key' },
        ATTRIBUTES.filter(a => a !== 'ReadOnly').map(a => el('option', { value: a, selected: a === key }, ATTRIBUTE_LABELS[a])));
      const input = el('input', { type: 'text', className: 'attribute-value', 'aria-label': 'Attribute value', placeholder: 'Value (exact match)', value: value || '' });
      const row = el('div', { className: 'attribute-row' }, select, input,
        el('button', { type: 'button', 'aria-label': 'Remove this filter', onclick: () => { row.remove(); if (!attributeRows.children.length) addRow('Username', ''); } }, '×'));
      attributeRows.append(row);
      return input;
    };
    if (search.attributes.length) search.attributes.forEach(a => addRow(a.key, a.value)); else addRow('Username', '');

    const rangeButtons = el('div', { className: 'ranges', role: 'group', 'aria-label': 'Time range' },
      RANGES.map(([key, label]) => el('button', { type: 'button', 'data-range': key, 'aria-pressed': String(search.range === key), title: label, onclick: () => pickRange(key) }, key)),
      el('button', { type: 'button', 'data-range': 'custom', 'aria-pressed': String(search.range === 'custom'), onclick: () => pickRange('custom') }, 'Custom'));
    const from = el('input', { type: 'datetime-local', id: 'range-from', 'aria-label': 'From', value: search.from });
    const to = el('input', { type: 'datetime-local', id: 'range-to', 'aria-label': 'To', value: search.to });
    const custom = el('span', { className: 'custom-range', hidden: search.range !== 'custom' }, el('label', {}, 'From', from), el('label', {}, 'To', to));
    let range = search.range;
    function pickRange(key) {
      range = key;
      for (const button of rangeButtons.children) button.setAttribute('aria-pressed', String(button.dataset.range === key));
      custom.hidden = key !== 'custom';
      if (key !== 'custom') form.requestSubmit();
    }
    const readOnly = el('select', { id: 'read-only', 'aria-label': 'Read-only events' },
      el('option', { value: '', selected: search.readOnly === '' }, 'Read and write events'),
      el('option', { value: 'true', selected: search.readOnly === 'true' }, 'Read-only events'),
      el('option', { value: 'false', selected: search.readOnly === 'false' }, 'Write events'));
    const errorsOnly = el('input', { type: 'checkbox', id: 'errors-only', checked: search.errorsOnly });

    const form = el('form', { className: 'panel filters', id: 'filters', role: 'search', onsubmit: event => {
      event.preventDefault();
      const next = {
        attributes: [...attributeRows.children].map(row => ({ key: $('.attribute-key', row).value, value: $('.attribute-value', row).value.trim() })).filter(a => a.value !== ''),
        range, from: from.value, to: to.value, readOnly: readOnly.value, errorsOnly: errorsOnly.checked, pageSize: view.search.pageSize
      };
      navigate('#/events?' + paramsFromSearch(next).toString());
    } },
    el('h1', {}, 'Event history'),
    attributeRows,
    el('div', { className: 'row' },
      el('button', { type: 'button', id: 'add-filter', onclick: () => addRow('EventName', '').focus() }, 'Add filter'),
      rangeButtons, custom, readOnly,
      el('label', {}, errorsOnly, 'Errors only'),
      el('button', { type: 'submit', className: 'primary', id: 'search' }, 'Search')));

    const count = el('div', { className: 'count', id: 'event-count', 'aria-live': 'polite' }, '…');
    const histogram = el('div', { className: 'chart', id: 'histogram' });
    const tops = ['EventName', 'Username', 'ErrorCode'].map(facet => el('div', { className: 'top', id: 'top-' + facet }));
    const summary = el('section', { className: 'panel summary', 'aria-label': 'Summary' },
      el('div', {}, el('h2', {}, 'Events over time'), count, histogram), ...tops);

    const status = el('div', { id: 'events-status' });
    const table = el('table', { id: 'events' });
    const tableWrap = el('div', { className: 'table-wrap' }, table);
    const pageLabel = el('span', { className: 'muted', id: 'page-label' });
    const previous = el('button', { type: 'button', id: 'previous-page', onclick: () => showPage(view.page - 1) }, 'Previous');
    const next = el('button', { type: 'button', id: 'next-page', onclick: () => showPage(view.page + 1) }, 'Next');
    const pageSize = el('select', { 'aria-label': 'Events per page', id: 'page-size', onchange: () => {
      view.search.pageSize = Number(pageSize.value);
      location.hash = '#/events?' + paramsFromSearch(view.search).toString();
    } }, PAGE_SIZES.map(size => el('option', { value: size, selected: size === search.pageSize }, size + ' per page')));
    const liveState = el('span', { className: 'live-state', id: 'live-state' });
    const pause = el('button', { type: 'button', id: 'live-pause', 'aria-pressed': 'false', onclick: () => {
      state.livePaused = !state.livePaused;
      pause.setAttribute('aria-pressed', String(state.livePaused));
      pause.textContent = state.livePaused ? 'Resume live updates' : 'Pause live updates';
      if (!state.livePaused) flushLive();
      updateLiveState();
    } }, 'Pause live updates');
    state.livePaused = false;

    const columnChooser = el('details', { className: 'columns', id: 'columns' }, el('summary', {}, 'Columns'),
      el('div', {}, COLUMNS.map(([key, label]) => el('label', {}, el('input', {
        type: 'checkbox', value: key, checked: view.columns.includes(key), onchange: event => {
          const chosen = [...columnChooser.querySelectorAll('input:checked')].map(box => box.value);
          if (!chosen.length) { event.target.checked = true; return; }
          view.columns = chosen;
          localStorage.setItem('cairn.columns', chosen.join(','));
          renderTable();
        }
      }), label))));

    const toolbar = el('div', { className: 'toolbar' },
      liveState, pause, el('span', { className: 'spacer' }),
      el('button', { type: 'button', id: 'download-csv', onclick: () => download('csv') }, 'Download CSV'),
      el('button', { type: 'button', id: 'download-json', onclick: () => download('json') }, 'Download JSON'),
      columnChooser);
    const pager = el('div', { className: 'pager' }, pageSize, pageLabel, previous, next);

    setMain(form, summary, status, toolbar, tableWrap, pager);

    function renderTable() {
      const columns = COLUMNS.filter(c => view.columns.includes(c[0]));
      const head = el('thead', {}, el('tr', {}, columns.map(c => el('th', { scope: 'col' }, c[1]))));
      const rows = view.events.map(event => {
        const row = el('tr', { tabindex: '0', 'data-event-id': event.EventId, className: event._fresh ? 'fresh' : null,
          onclick: () => openEvent(event), onkeydown: keyEvent => { if (keyEvent.key === 'Enter' || keyEvent.key === ' ') { keyEvent.preventDefault(); openEvent(event); } } },
        columns.map(c => el('td', { className: c[0] === 'errorCode' ? 'error-code' : null, 'data-column': c[0] }, c[2](event))));
        return row;
      });
      if (!rows.length) rows.push(el('tr', {}, el('td', { className: 'empty', colspan: String(columns.length) }, 'No events match this search.')));
      table.replaceChildren(el('caption', { className: 'muted', hidden: true }, 'Events, newest first'), head, el('tbody', {}, rows));
    }

    async function showPage(index) {
      if (index < 0 || index >= view.tokens.length) return;
      status.replaceChildren();
      previous.disabled = true;
      next.disabled = true;
      const input = Object.assign({}, view.input, { MaxResults: view.search.pageSize });
      if (view.tokens[index]) input.NextToken = view.tokens[index];
      try {
        const output = await call('cloudtrail', 'LookupEvents', input);
        view.page = index;
        view.events = output.Events || [];
        if (output.NextToken && view.tokens.length === index + 1) view.tokens.push(output.NextToken);
        renderTable();
        pageLabel.textContent = 'Page ' + (index + 1);
        previous.disabled = index === 0;
        next.disabled = index + 1 >= view.tokens.length;
        if (index === 0 && !performance.getEntriesByName('cairn-events-rendered').length) performance.mark('cairn-events-rendered');
      } catch (error) {
        view.events = [];
        renderTable();
        status.replaceChildren(alertBox(error));
      }
      updateLiveState();
    }

    async function loadSummary() {
      try {
        const output = await call('cloudtrail', 'LookupEvents', Object.assign({}, view.input, { Cairn: Object.assign({}, view.input.Cairn, { Summary: true }) }));
        renderSummary(output.Summary);
        if (!performance.getEntriesByName('cairn-summary-rendered').length) performance.mark('cairn-summary-rendered');
      } catch (error) {
        count.textContent = '—';
        histogram.replaceChildren(el('p', { className: 'muted' }, 'No summary: ' + (error.describe ? error.describe() : error.message)));
      }
    }

    function renderSummary(s) {
      view.summary = s;
      count.textContent = s.Count.toLocaleString() + (s.Count === 1 ? ' event' : ' events');
      const counts = s.Histogram.Counts;
      const max = Math.max(1, ...counts);
      const chart = svg('svg', { viewBox: '0 0 ' + Math.max(1, counts.length) + ' 100', preserveAspectRatio: 'none', role: 'img',
        'aria-label': 'Events per ' + describeSeconds(s.Histogram.BucketSeconds) + ', most ' + max });
      counts.forEach((n, i) => {
        const height = n === 0 ? 0 : Math.max(2, 100 * n / max);
        const bar = svg('rect', { class: 'bar', x: String(i + 0.1), width: '0.8', y: String(100 - height), height: String(height) });
        const title = svg('title', {});
        title.textContent = formatTime(s.Histogram.StartTime + i * s.Histogram.BucketSeconds) + ': ' + n;
        bar.append(title);
        chart.append(bar);
      });
      const end = s.Histogram.StartTime + counts.length * s.Histogram.BucketSeconds;
      histogram.replaceChildren(chart, el('div', { className: 'axis' }, el('span', {}, formatTime(s.Histogram.StartTime)),
        el('span', {}, 'per ' + describeSeconds(s.Histogram.BucketSeconds)), el('span', {}, formatTime(Math.min(end, Date.now() / 1000)))));
      const labels = { EventName: 'Top event names', Username: 'Top users', ErrorCode: 'Top error codes' };
      tops.forEach((box, i) => {
        const facet = ['EventName', 'Username', 'ErrorCode'][i];
        const values = s.Top[facet] || [];
        const most = Math.max(1, ...values.map(v => v.Count));
        const attribute = facet === 'ErrorCode' ? null : facet;
        box.replaceChildren(...[el('h2', {}, labels[facet]),
          values.length ? el('ol', {}, values.map(v => {
            const meter = el('span', {});
            meter.style.width = Math.round(100 * v.Count / most) + '%';
            const name = attribute
              ? el('a', { className: 'name', href: '#/events?' + paramsFromSearch(Object.assign({}, view.search, { attributes: [{ key: attribute, value: v.Value }] })).toString(), title: v.Value }, v.Value)
              : el('span', { className: 'name', title: v.Value }, v.Value);
            return el('li', {}, name, el('span', { className: 'muted' }, v.Count.toLocaleString()), el('span', { className: 'meter' }, meter));
          })) : el('p', { className: 'muted' }, 'None'),
          s.Count > s.TopOf ? el('p', { className: 'muted' }, 'In the newest ' + s.TopOf.toLocaleString() + ' events') : null].filter(Boolean));
      });
    }

    function openEvent(event) {
      const pretty = JSON.stringify(record(event), null, 2);
      const copy = el('button', { type: 'button', id: 'copy-json', onclick: async () => {
        try {
          await navigator.clipboard.writeText(pretty);
        } catch (e) {
          const range = document.createRange();
          range.selectNodeContents(pre);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
          document.execCommand('copy');
        }
        copy.textContent = 'Copied';
        toast('Event record copied');
      } }, 'Copy JSON');
      const pre = el('pre', { className: 'json', id: 'event-json' }, highlight(pretty));
      const dialog = el('dialog', { id: 'event-dialog', 'aria-labelledby': 'event-title' },
        el('div', { className: 'dialog-head' }, el('h2', { id: 'event-title' }, event.EventName + ' · ' + formatTime(event.EventTime)), copy,
          el('button', { type: 'button', id: 'close-dialog', onclick: () => dialog.close() }, 'Close')),
        el('div', { className: 'dialog-body' }, pre));
      dialog.addEventListener('close', () => dialog.remove());
      document.body.append(dialog);
      dialog.showModal();
      copy.focus();
    }

    async function download(format) {
      const button = format === 'csv' ? $('#download-csv') : $('#download-json');
      button.disabled = true;
      const events = [];
      let token = null;
      try {
        do {
          const input = Object.assign({}, view.input, { MaxResults: 50 });
          if (token) input.NextToken = token;
          const output = await call('cloudtrail', 'LookupEvents', input);
          events.push(...(output.Events || []));
          token = output.NextToken;
          button.textContent = 'Downloading… ' + events.length;
        } while (token && events.length < DOWNLOAD_LIMIT);
      } catch (error) {
        status.replaceChildren(alertBox(error));
        button.disabled = false;
        button.textContent = format === 'csv' ? 'Download CSV' : 'Download JSON';
        return;
      }
      let blob;
      if (format === 'json') {
        blob = new Blob([JSON.stringify({ Records: events.map(record) }, null, 2)], { type: 'application/json' });
      } else {
        const quote = value => /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
        const lines = [COLUMNS.map(c => quote(c[1])).join(',')];
        for (const event of events) lines.push(COLUMNS.map(c => quote(String(c === COLUMNS[0] ? new Date(event.EventTime * 1000).toISOString() : c[2](event)))).join(','));
        blob = new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' });
      }
      const link = el('a', { href: URL.createObjectURL(blob), download: 'cairn-events.' + format });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      button.disabled = false;
      button.textContent = format === 'csv' ? 'Download CSV' : 'Download JSON';
      toast(events.length + ' events downloaded' + (token ? ' (the first ' + DOWNLOAD_LIMIT + ')' : ''));
    }

    // live updates: only for a search that ends now, on its first page
    function flushLive() {
      if (!state.liveBuffer.length) return;
      const known = new Set(view.events.map(e => e.EventId));
      const fresh = state.liveBuffer.filter(e => !known.has(e.EventId));
      state.liveBuffer = [];
      fresh.forEach(e => { e._fresh = true; });
      view.events = fresh.concat(view.events).slice(0, view.search.pageSize);
      if (view.summary) {
        view.summary.Count += fresh.length;
        count.textContent = view.summary.Count.toLocaleString() + ' events';
      }
      renderTable();
    }

    function updateLiveState() {
      const liveOn = state.live !== null;
      pause.hidden = !liveOn;
      liveState.className = 'live-state' + (liveOn && !state.livePaused ? ' on' : '');
      if (!liveOn) {
        liveState.textContent = view.search.range === 'custom' ? 'Live updates: off for a custom range'
          : state.liveSuspended ? 'Live updates: stopped while this tab is hidden'
            : (view.page > 0 ? 'Live updates: on the first page only' : '');
      }
      else if (state.livePaused) liveState.textContent = 'Paused' + (state.liveBuffer.length ? ' · ' + state.liveBuffer.length + ' new events waiting' : '');
      else liveState.textContent = 'Live';
    }

    function startLive() {
      if (view.search.range === 'custom') return;
      const search = { LookupAttributes: view.input.LookupAttributes };
      if (view.input.Cairn) search.Cairn = view.input.Cairn;
      // from the newest event on screen, so that nothing recorded since the table was read is missed
      const since = view.page === 0 && view.events.length ? view.events[0].EventTime : Math.floor(Date.now() / 1000);
      const source = new EventSource('/console/live?region=' + encodeURIComponent(state.region) + '&since=' + since +
        '&search=' + encodeURIComponent(JSON.stringify(search)));
      state.live = source;
      state.liveBuffer = [];
      source.addEventListener('events', message => {
        const data = JSON.parse(message.data);
        // the stream starts at the second of the newest event shown: drop what the page already has
        const known = new Set(view.events.concat(state.liveBuffer).map(e => e.EventId));
        state.liveBuffer = data.Events.filter(e => !known.has(e.EventId)).concat(state.liveBuffer);
        if (data.Truncated) toast('More events arrived than live updates show: search again to see them all');
        if (!state.livePaused && view.page === 0) flushLive();
        updateLiveState();
      });
      source.addEventListener('signedout', () => { stopLive(); signedOut('Your session has ended. Sign in again.'); });
      // the session switched role or back (in another tab), or its role session ended: show who it is now
      source.addEventListener('switched', () => { stopLive(); refreshSession(); });
      source.addEventListener('failure', message => {
        stopLive();
        let text = 'Live updates stopped.';
        try { const body = JSON.parse(message.data); text = 'Live updates stopped: ' + (body.message || body.Message); } catch (e) { /* keep the text */ }
        liveState.textContent = text;
      });
      updateLiveState();
    }

    renderTable();
    const token = state.routeToken;
    state.liveStateChanged = updateLiveState;
    state.resumeLive = () => {
      if (!stillShown(token)) return;
      showPage(view.page).then(() => { if (stillShown(token) && !document.hidden) startLive(); });
    };
    showPage(0).then(() => {
      if (!stillShown(token)) return;
      loadSummary();
      if (document.hidden) state.liveSuspended = true; else startLive();
    });
  }

  function describeSeconds(seconds) {
    if (seconds % 86400 === 0) return seconds === 86400 ? 'day' : seconds / 86400 + ' days';
    if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : seconds / 3600 + ' hours';
    return seconds === 60 ? 'minute' : seconds / 60 + ' minutes';
  }

  /** Pretty JSON as text nodes in spans: keys, strings, numbers, literals. */
  function highlight(text) {
    const parts = [];
    const token = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;
    let last = 0;
    let match;
    while ((match = token.exec(text)) !== null) {
      if (match.index > last) parts.push(text.slice(last, match.index));
      if (match[1]) {
        parts.push(el('span', { className: match[2] ? 'k' : 's' }, match[1]));
        if (match[2]) parts.push(match[2]);
      } else if (match[3]) parts.push(el('span', { className: 'n' }, match[3]));
      else parts.push(el('span', { className: 'b' }, match[4]));
      last = token.lastIndex;
    }
    parts.push(text.slice(last));
    return parts;
  }

  function stopLive() {
    if (state.live) {
      state.live.close();
      state.live = null;
    }
    state.liveBuffer = [];
    if (state.liveStateChanged) state.liveStateChanged();
  }

  // ---------- trails ----------

  async function trailsPage() {
    const status = el('div', { id: 'trails-status' });
    const body = el('tbody', {}, el('tr', {}, el('td', { className: 'empty', colspan: '8' }, 'Loading…')));
    setMain(
      el('div', { className: 'toolbar' }, el('h1', {}, 'Trails'), el('span', { className: 'spacer' }),
        el('a', { className: 'button', href: '#/trails/new', id: 'create-trail' }, 'Create trail')),
      status,
      el('div', { className: 'table-wrap' }, el('table', { id: 'trails' },
        el('thead', {}, el('tr', {}, ['Name', 'Home region', 'Multi-region', 'Bucket', 'Status', 'Last delivery', 'Last delivery error', 'Actions'].map(h => el('th', { scope: 'col' }, h)))),
        body)));
    focusMain();
    let trails;
    try {
      trails = (await call('cloudtrail', 'DescribeTrails', { includeShadowTrails: true })).trailList || [];
    } catch (error) {
      body.replaceChildren();
      status.replaceChildren(alertBox(error));
      return;
    }
    if (!trails.length) {
      body.replaceChildren(el('tr', {}, el('td', { className: 'empty', colspan: '8' }, 'No trails in ' + state.region + '. Create one to deliver events to a bucket.')));
      return;
    }
    body.replaceChildren(...trails.map(trail => {
      const logging = el('td', { 'data-column': 'status' }, '…');
      const delivered = el('td', {}, '');
      const failed = el('td', { className: 'error-code' }, '');
      const actions = el('td', { className: 'actions' });
      const row = el('tr', { 'data-trail': trail.Name }, el('td', {}, el('a', { href: '#/trails/' + encodeURIComponent(trail.Name) }, trail.Name)),
        el('td', {}, trail.HomeRegion), el('td', {}, trail.IsMultiRegionTrail ? 'Yes' : 'No'),
        el('td', {}, trail.S3BucketName + (trail.S3KeyPrefix ? '/' + trail.S3KeyPrefix : '')), logging, delivered, failed, actions);
      call('cloudtrail', 'GetTrailStatus', { Name: trail.TrailARN }).then(s => {
        logging.replaceChildren(el('span', { className: s.IsLogging ? 'status-logging' : 'status-stopped' }, s.IsLogging ? 'Logging' : 'Stopped'));
        delivered.textContent = formatTime(s.LatestDeliveryTime);
        failed.textContent = s.LatestDeliveryError || '';
        if (trail.HomeRegion === state.region) actions.replaceChildren(loggingButton(trail, s.IsLogging, () => trailsPage(), status));
      }).catch(error => { logging.textContent = error.type || 'Error'; logging.title = error.message; });
      return row;
    }));
  }

  function loggingButton(trail, logging, done, status) {
    return el('button', { type: 'button', className: logging ? 'danger' : 'primary', 'data-action': logging ? 'stop' : 'start', onclick: async () => {
      try {
        await call('cloudtrail', logging ? 'StopLogging' : 'StartLogging', { Name: trail.Name });
        toast((logging ? 'Stopped logging for ' : 'Started logging for ') + trail.Name);
        done();
      } catch (error) {
        status.replaceChildren(alertBox(error));
      }
    } }, logging ? 'Stop logging' : 'Start logging');
  }

  async function trailPage(name) {
    const token = state.routeToken;
    const status = el('div', { id: 'trail-status' });
    setMain(el('p', { className: 'muted' }, 'Loading…'));
    let trail, trailStatus, selectors;
    try {
      trail = (await call('cloudtrail', 'GetTrail', { Name: name })).Trail;
      [trailStatus, selectors] = await Promise.all([
        call('cloudtrail', 'GetTrailStatus', { Name: trail.TrailARN }),
        call('cloudtrail', 'GetEventSelectors', { TrailName: trail.TrailARN }).catch(() => ({}))]);
    } catch (error) {
      if (stillShown(token)) setMain(el('p', {}, el('a', { href: '#/trails' }, '← Trails')), alertBox(error));
      return;
    }
    if (!stillShown(token)) return;
    const item = (label, value) => [el('dt', {}, label), el('dd', {}, value === undefined || value === null || value === '' ? '—' : value)];
    const own = trail.HomeRegion === state.region;
    const remove = el('button', { type: 'button', className: 'danger', id: 'delete-trail', onclick: () => confirmDelete(trail, status) }, 'Delete');
    setMain(
      el('p', {}, el('a', { href: '#/trails' }, '← Trails')),
      el('div', { className: 'toolbar' }, el('h1', {}, trail.Name), el('span', { className: 'spacer' }),
        el('div', { className: 'actions' }, own ? loggingButton(trail, trailStatus.IsLogging, () => trailPage(name), status) : null,
          own ? el('a', { className: 'button', href: '#/trails/edit/' + encodeURIComponent(trail.Name), id: 'edit-trail' }, 'Edit') : null,
          own ? remove : null)),
      status,
      own ? null : el('p', { className: 'muted' }, 'This trail\'s home region is ' + trail.HomeRegion + ': change it there.'),
      el('section', { className: 'panel' }, el('h2', {}, 'Status'), el('dl', { className: 'status', id: 'trail-status-detail' },
        item('Logging', el('span', { className: trailStatus.IsLogging ? 'status-logging' : 'status-stopped' }, trailStatus.IsLogging ? 'Logging' : 'Stopped')),
        item('Started logging', formatTime(trailStatus.StartLoggingTime)),
        item('Stopped logging', formatTime(trailStatus.StopLoggingTime)),
        item('Last log file delivered', formatTime(trailStatus.LatestDeliveryTime)),
        item('Last delivery error', trailStatus.LatestDeliveryError),
        item('Last digest delivered', formatTime(trailStatus.LatestDigestDeliveryTime)),
        item('Last digest error', trailStatus.LatestDigestDeliveryError))),
      el('section', { className: 'panel' }, el('h2', {}, 'Settings'), el('dl', { className: 'status' },
        item('ARN', trail.TrailARN),
        item('Home region', trail.HomeRegion),
        item('Multi-region', trail.IsMultiRegionTrail ? 'Yes' : 'No'),
        item('Organization trail', trail.IsOrganizationTrail ? 'Yes' : 'No'),
        item('Bucket', trail.S3BucketName),
        item('Key prefix', trail.S3KeyPrefix),
        item('Log file validation', trail.LogFileValidationEnabled ? 'Enabled' : 'Disabled'),
        item('Global service events', trail.IncludeGlobalServiceEvents ? 'Included' : 'Not included'))),
      el('section', { className: 'panel' }, el('h2', {}, 'Event selectors'),
        el('pre', { className: 'json' }, highlight(JSON.stringify(selectors.AdvancedEventSelectors ? { AdvancedEventSelectors: selectors.AdvancedEventSelectors } : { EventSelectors: selectors.EventSelectors || [] }, null, 2)))));
    focusMain();
  }

  function confirmDelete(trail, status) {
    const input = el('input', { type: 'text', id: 'confirm-name', 'aria-label': 'Trail name' });
    const dialog = el('dialog', { id: 'delete-dialog', 'aria-labelledby': 'delete-title' },
      el('div', { className: 'dialog-head' }, el('h2', { id: 'delete-title' }, 'Delete trail ' + trail.Name + '?')),
      el('form', { className: 'dialog-body', method: 'dialog', onsubmit: async event => {
        event.preventDefault();
        if (input.value !== trail.Name) { input.setCustomValidity('Type the trail\'s name to confirm.'); input.reportValidity(); return; }
        try {
          await call('cloudtrail', 'DeleteTrail', { Name: trail.Name });
          dialog.close();
          toast('Deleted ' + trail.Name);
          location.hash = '#/trails';
        } catch (error) {
          dialog.close();
          status.replaceChildren(alertBox(error));
        }
      } },
      el('p', {}, 'The trail stops delivering: the files already in the bucket stay. Type ', el('strong', {}, trail.Name), ' to confirm.'),
      el('div', { className: 'field' }, input),
      el('div', { className: 'actions' }, el('button', { type: 'submit', className: 'danger', id: 'confirm-delete' }, 'Delete'),
        el('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'))));
    input.addEventListener('input', () => input.setCustomValidity(''));
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  }

  async function trailForm(name) {
    const token = state.routeToken;
    let trail = null;
    let selectors = {};
    const status = el('div', { id: 'trail-form-status' });
    if (name) {
      try {
        trail = (await call('cloudtrail', 'GetTrail', { Name: name })).Trail;
        selectors = await call('cloudtrail', 'GetEventSelectors', { TrailName: trail.TrailARN });
      } catch (error) {
        if (stillShown(token)) setMain(el('p', {}, el('a', { href: '#/trails' }, '← Trails')), alertBox(error));
        return;
      }
      if (!stillShown(token)) return;
    }
    const field = (id, label, control, hint) => el('div', { className: 'field' }, el('label', { for: id }, label), control, hint ? el('span', { className: 'hint' }, hint) : null);
    const nameInput = el('input', { type: 'text', id: 'trail-name', required: true, value: trail ? trail.Name : '', readonly: !!trail, maxlength: '128' });
    const bucket = el('input', { type: 'text', id: 'trail-bucket', required: true, value: trail ? trail.S3BucketName : '' });
    const prefix = el('input', { type: 'text', id: 'trail-prefix', value: trail && trail.S3KeyPrefix ? trail.S3KeyPrefix : '' });
    const multiRegion = el('input', { type: 'checkbox', id: 'trail-multi-region', checked: trail ? trail.IsMultiRegionTrail : true });
    const validation = el('input', { type: 'checkbox', id: 'trail-validation', checked: trail ? trail.LogFileValidationEnabled : true });
    const startNow = el('input', { type: 'checkbox', id: 'trail-start', checked: !trail });
    const basic = (selectors.EventSelectors || [])[0] || { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] };
    const management = el('input', { type: 'checkbox', id: 'selector-management', checked: basic.IncludeManagementEvents !== false });
    const readWrite = el('select', { id: 'selector-read-write' }, ['All', 'ReadOnly', 'WriteOnly'].map(v => el('option', { value: v, selected: basic.ReadWriteType === v }, v)));
    const data = el('textarea', { id: 'selector-data', rows: '3', placeholder: 'AWS::S3::Object arn:aws:s3:::my-bucket/' },
      (basic.DataResources || []).map(d => d.Type + ' ' + (d.Values || []).join(' ')).join('\n'));
    const useAdvanced = !!selectors.AdvancedEventSelectors;
    const kind = el('select', { id: 'selector-kind' }, el('option', { value: 'basic', selected: !useAdvanced }, 'Basic event selectors'),
      el('option', { value: 'advanced', selected: useAdvanced }, 'Advanced event selectors'));
    const advanced = el('textarea', { id: 'selector-advanced', rows: '10' }, JSON.stringify(selectors.AdvancedEventSelectors ||
      [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }], null, 2));
    const basicBox = el('div', { hidden: useAdvanced },
      el('div', { className: 'row' }, el('label', {}, management, 'Management events'), el('label', {}, 'Read/write', readWrite)),
      field('selector-data', 'Data events', data, 'One resource type a line, then its values: e.g. AWS::S3::Object arn:aws:s3:::my-bucket/'));
    const advancedBox = el('div', { hidden: !useAdvanced }, field('selector-advanced', 'AdvancedEventSelectors (JSON)', advanced));
    kind.addEventListener('change', () => { basicBox.hidden = kind.value !== 'basic'; advancedBox.hidden = kind.value !== 'advanced'; });
    const submit = el('button', { type: 'submit', className: 'primary', id: 'save-trail' }, trail ? 'Save changes' : 'Create trail');

    const form = el('form', { className: 'panel', id: 'trail-form', onsubmit: async event => {
      event.preventDefault();
      status.replaceChildren();
      let selectorInput;
      try {
        selectorInput = kind.value === 'advanced'
          ? { AdvancedEventSelectors: JSON.parse(advanced.value) }
          : { EventSelectors: [{ ReadWriteType: readWrite.value, IncludeManagementEvents: management.checked,
            DataResources: data.value.split('\n').map(line => line.trim().split(/\s+/)).filter(parts => parts[0]).map(parts => ({ Type: parts[0], Values: parts.slice(1) })) }] };
      } catch (error) {
        status.replaceChildren(alertBox(new Error('The advanced event selectors are not valid JSON: ' + error.message)));
        return;
      }
      submit.disabled = true;
      const settings = { Name: nameInput.value.trim(), S3BucketName: bucket.value.trim(),
        IsMultiRegionTrail: multiRegion.checked, EnableLogFileValidation: validation.checked };
      if (prefix.value.trim() !== '' || (trail && trail.S3KeyPrefix)) settings.S3KeyPrefix = prefix.value.trim();
      try {
        const saved = await call('cloudtrail', trail ? 'UpdateTrail' : 'CreateTrail', settings);
        const selectorsChanged = JSON.stringify(selectorInput) !== JSON.stringify(selectors.AdvancedEventSelectors ? { AdvancedEventSelectors: selectors.AdvancedEventSelectors } : { EventSelectors: selectors.EventSelectors });
        if (!trail || selectorsChanged) await call('cloudtrail', 'PutEventSelectors', Object.assign({ TrailName: saved.TrailARN }, selectorInput));
        if (!trail && startNow.checked) await call('cloudtrail', 'StartLogging', { Name: saved.Name });
        toast((trail ? 'Saved ' : 'Created ') + saved.Name);
        location.hash = '#/trails/' + encodeURIComponent(saved.Name);
      } catch (error) {
        status.replaceChildren(alertBox(error));
        submit.disabled = false;
      }
    } },
    el('h1', {}, trail ? 'Edit trail ' + trail.Name : 'Create trail'),
    field('trail-name', 'Trail name', nameInput, trail ? null : '3-128 letters, digits, periods, underscores or dashes'),
    field('trail-bucket', 'S3 bucket', bucket),
    field('trail-prefix', 'Key prefix (optional)', prefix),
    el('div', { className: 'row' }, el('label', {}, multiRegion, 'All regions'), el('label', {}, validation, 'Log file validation'),
      trail ? null : el('label', {}, startNow, 'Start logging now')),
    el('fieldset', {}, el('legend', {}, 'Events'), field('selector-kind', 'Selectors', kind), basicBox, advancedBox),
    status,
    el('div', { className: 'actions' }, submit, el('a', { className: 'button', href: trail ? '#/trails/' + encodeURIComponent(trail.Name) : '#/trails' }, 'Cancel')));
    setMain(el('p', {}, el('a', { href: '#/trails' }, '← Trails')), form);
    (trail ? bucket : nameInput).focus();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
